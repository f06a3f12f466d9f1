/**
 * Issue 15, end to end through the real CLI, `npm run preview`'s server and headless Chromium, at
 * the site root and under /arsip/: a published article's title changes and the build stops naming
 * the old and the new URL, leaving the output and urls.lock as they were; with the alias the old
 * URL answers with a redirect to the new one (by `_redirects`, and by the redirect page alone on a
 * host that ignores `_redirects`); pages carry the Content-Security-Policy of `_headers`, satisfy
 * it, and a violation would be seen.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPreview } from "../../src/host/preview.ts";
import { contentSecurityPolicy } from "../../src/hosting.ts";
import { launchBrowser, watchPage } from "../helpers/browser.ts";
import { filesIn, makeTempDir, runBuild } from "../helpers/build.ts";

/** Synthetic articles, clearly marked: never real news. */
function article(title: string, date: string, extra: string[] = []): string {
  return ["---", `title: "${title}"`, `date: "${date}"`, "source: tempo", "tags: [Topik Uji]", ...extra, "---", "", "Teks sintetis untuk menguji alamat yang dipindahkan. Bukan berita sungguhan.", ""].join("\n");
}

const oldPath = "/2016/03/04/contoh-sintetis-judul-lama/";
const newPath = "/2016/03/04/contoh-sintetis-judul-baru/";
const file = "contoh-pindah.md";

async function digestOf(dir: string): Promise<string> {
  const hash = createHash("sha1");
  for (const name of await filesIn(dir)) hash.update(`${name}\u0000`).update(await fs.readFile(path.join(dir, name)));
  return hash.digest("hex");
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe.each([
  { label: "at the site root", pathPrefix: "/", siteUrl: "https://example.org/" },
  { label: "under /arsip/", pathPrefix: "/arsip/", siteUrl: "https://example.org/arsip/" },
])("a renamed article $label", ({ pathPrefix, siteUrl }) => {
  let project: string;
  let output: string;
  const env = () => ({ ARTICLES_DIR: path.join(project, "articles"), OUTPUT_DIR: output, PATH_PREFIX: pathPrefix, SITE_URL: siteUrl });
  const articleFile = () => path.join(project, "articles", file);
  const lockFile = () => path.join(project, "urls.lock");

  beforeAll(async () => {
    project = await makeTempDir("arsip-deploy-");
    output = path.join(project, "_site");
    await fs.mkdir(path.join(project, "articles"));
    await fs.writeFile(articleFile(), article("Contoh sintetis: judul lama", "2016-03-04T10:00:00+07:00"));
    await fs.writeFile(path.join(project, "articles", "contoh-lain.md"), article("Contoh sintetis: artikel lain", "2016-03-05T10:00:00+07:00"));
    const first = await runBuild(env(), ["--quiet", "--lock-urls"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
  });
  afterAll(async () => fs.rm(project, { recursive: true, force: true }));

  test("the first build with --lock-urls writes urls.lock: every article URL, sorted", async () => {
    expect(await fs.readFile(lockFile(), "utf8")).toBe(`${oldPath}\n/2016/03/05/contoh-sintetis-artikel-lain/\n`);
  });

  test("renaming the title fails the build with the old and the new URL and the alias to add; nothing changes", async () => {
    const before = await digestOf(output);
    const lock = await fs.readFile(lockFile(), "utf8");
    await fs.writeFile(articleFile(), article("Contoh sintetis: judul baru", "2016-03-04T10:00:00+07:00"));
    const failed = await runBuild(env(), ["--quiet"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`URL changed: ${oldPath} → ${newPath}`);
    expect(failed.stderr).toContain(`Fix: add  aliases: ["${oldPath}"]  to `);
    expect(failed.stderr).toContain(`--remove-url=${oldPath}`);
    expect(failed.stderr).toMatch(/^Build stopped; nothing was written \(the previous output is unchanged\)\./);
    expect(await digestOf(output)).toBe(before);
    expect(await fs.readFile(lockFile(), "utf8")).toBe(lock);
  });

  test("with the alias the build passes and the old URL joins the new one in urls.lock", async () => {
    await fs.writeFile(articleFile(), article("Contoh sintetis: judul baru", "2016-03-04T10:00:00+07:00", [`aliases: ["${oldPath}"]`]));
    const built = await runBuild(env(), ["--quiet"]);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    expect((await fs.readFile(lockFile(), "utf8")).split("\n")).toEqual([newPath, oldPath, "/2016/03/05/contoh-sintetis-artikel-lain/", ""]);
    expect(await fs.readFile(path.join(output, "_redirects"), "utf8")).toContain(`${pathPrefix}${oldPath.slice(1)} ${pathPrefix}${newPath.slice(1)} 301\n`);
  });

  test("in the preview the old URL redirects to the new one, with no console error or CSP violation", async () => {
    const server = await startPreview(output, { pathPrefix });
    const page = await browser.newPage();
    try {
      const activity = await watchPage(page, server.origin);
      const response = await page.goto(server.url(oldPath));
      expect(page.url()).toBe(server.url(newPath));
      expect(response?.status()).toBe(200);
      expect(response?.request().redirectedFrom()?.url()).toBe(server.url(oldPath));
      expect(await page.locator("h1").textContent()).toBe("Contoh sintetis: judul baru");
      expect(response?.headers()["content-security-policy"]).toBe(contentSecurityPolicy);
      await page.waitForLoadState("networkidle");
      expect(activity.consoleErrors).toEqual([]);
      expect(activity.failedRequests).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });

  test("on a host that ignores _redirects, the redirect page alone leads the reader on", async () => {
    const copy = path.join(await makeTempDir("arsip-deploy-noredirects-"), "site");
    await fs.cp(output, copy, { recursive: true });
    await fs.rm(path.join(copy, "_redirects"));
    const server = await startPreview(copy, { pathPrefix });
    const page = await browser.newPage();
    try {
      const activity = await watchPage(page, server.origin);
      const response = await page.goto(server.url(oldPath), { waitUntil: "commit" });
      expect(response?.status()).toBe(200);
      const html = await response!.text();
      expect(html).toContain('<meta name="robots" content="noindex">');
      expect(html).toContain(`<link rel="canonical" href="${siteUrl}${newPath.slice(1)}">`);
      expect(html).toContain(`<meta http-equiv="refresh" content="0; url=${pathPrefix}${newPath.slice(1)}">`);
      await page.waitForURL(server.url(newPath));
      expect(await page.locator("h1").textContent()).toBe("Contoh sintetis: judul baru");
      expect(activity.consoleErrors).toEqual([]);
    } finally {
      await page.close();
      await server.close();
      await fs.rm(path.dirname(copy), { recursive: true, force: true });
    }
  });

  test("the policy is enforced: a script added inline is refused and reported", async () => {
    const server = await startPreview(output, { pathPrefix });
    const page = await browser.newPage();
    try {
      const activity = await watchPage(page, server.origin);
      await page.goto(server.url(newPath));
      const ran = await page.evaluate(async () => {
        const script = document.createElement("script");
        script.textContent = "window.__inline = true;";
        document.head.append(script);
        await new Promise((resolve) => setTimeout(resolve, 100));
        return (window as unknown as { __inline?: boolean }).__inline === true;
      });
      expect(ran).toBe(false);
      await expect.poll(() => activity.consoleErrors.join("\n")).toMatch(/CSP violation: script-src/);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
