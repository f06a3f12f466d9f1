/**
 * URL permanence through the real `npm run build`: urls.lock made only when asked, a deleted
 * article stopping the build until its removal is confirmed, refused aliases named with their file,
 * and two clean builds of a site with aliases, `_headers` and hashed assets byte-identical.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { makeTempDir, runBuild } from "./helpers/build.ts";
import { differences, snapshot } from "./helpers/trust.ts";

const made: string[] = [];
afterAll(async () => Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

/** A synthetic article, clearly marked: never real news. */
function article(title: string, day: string, extra: string[] = []): string {
  return ["---", `title: "${title}"`, `date: "2016-04-${day}T10:00:00+07:00"`, "source: merdeka", "tags: [Topik Uji]", ...extra, "---", "", "Teks sintetis untuk menguji alamat. Bukan berita sungguhan.", ""].join("\n");
}

/** A folder with `articles/` holding `files`; builds write to its `_site` and keep their cache in it. */
async function project(files: Record<string, string>) {
  const dir = await makeTempDir("arsip-urls-");
  made.push(dir);
  await fs.mkdir(path.join(dir, "articles"));
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, "articles", name), text);
  const env = (output = "_site") => ({ ARTICLES_DIR: path.join(dir, "articles"), OUTPUT_DIR: path.join(dir, output), ARSIP_CACHE_DIR: path.join(dir, `cache-${output}`), SITE_URL: "https://example.org/" });
  return { dir, env, lock: path.join(dir, "urls.lock") };
}

const a = article("Contoh sintetis satu", "01", ['aliases: ["/berita/lama-satu/"]']);
const b = article("Contoh sintetis dua", "02");

describe("urls.lock through npm run build", () => {
  test("a build without a lock makes none; --lock-urls makes it with every article URL and alias", async () => {
    const site = await project({ "a.md": a, "b.md": b });
    expect((await runBuild(site.env(), ["--quiet"])).code).toBe(0);
    await expect(fs.stat(site.lock)).rejects.toThrow(/ENOENT/);
    const locked = await runBuild(site.env(), ["--quiet", "--lock-urls"]);
    expect(locked.stderr).toBe("");
    expect(await fs.readFile(site.lock, "utf8")).toBe("/2016/04/01/contoh-sintetis-satu/\n/2016/04/02/contoh-sintetis-dua/\n/berita/lama-satu/\n");
  });

  test("a deleted article stops the build until its removal is confirmed, which takes it out of the lock", async () => {
    const site = await project({ "a.md": a, "b.md": b });
    expect((await runBuild(site.env(), ["--quiet", "--lock-urls"])).code).toBe(0);
    await fs.rm(path.join(site.dir, "articles", "b.md"));
    const failed = await runBuild(site.env(), ["--quiet"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("URL gone: /2016/04/02/contoh-sintetis-dua/ was published (urls.lock) and no article or alias has it now.");
    expect(failed.stderr).toContain("npm run build -- --remove-url=/2016/04/02/contoh-sintetis-dua/");
    await fs.stat(path.join(site.dir, "_site", "2016", "04", "02", "contoh-sintetis-dua", "index.html"));
    const confirmed = await runBuild(site.env(), ["--quiet", "--remove-url=/2016/04/02/contoh-sintetis-dua/"]);
    expect(confirmed.stderr).toBe("");
    expect(confirmed.code).toBe(0);
    expect(await fs.readFile(site.lock, "utf8")).toBe("/2016/04/01/contoh-sintetis-satu/\n/berita/lama-satu/\n");
  });

  test("an alias that is another article's URL, or claimed twice, stops the build naming the files", async () => {
    const site = await project({
      "a.md": article("Contoh sintetis satu", "01", ['aliases: ["/2016/04/02/contoh-sintetis-dua/", "/berita/sama/"]']),
      "b.md": article("Contoh sintetis dua", "02", ['aliases: ["/berita/sama/"]']),
    });
    const failed = await runBuild(site.env(), ["--quiet"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('a.md: field "aliases": "/2016/04/02/contoh-sintetis-dua/" is the URL of another article (');
    expect(failed.stderr).toMatch(/b\.md: field "aliases": "\/berita\/sama\/" is also an alias of .*a\.md/);
    await expect(fs.stat(path.join(site.dir, "_site"))).rejects.toThrow(/ENOENT/);
  });
});

describe("two clean builds", () => {
  test("of a site with aliases, _headers, _redirects and hashed assets are byte-identical", async () => {
    const site = await project({ "a.md": a, "b.md": b });
    expect((await runBuild(site.env("one"), ["--quiet"])).code).toBe(0);
    expect((await runBuild(site.env("two"), ["--quiet"])).code).toBe(0);
    const one = await snapshot(path.join(site.dir, "one"));
    expect([...one.keys()]).toEqual(expect.arrayContaining(["_headers", "_redirects", "berita/lama-satu/index.html"]));
    expect(differences(one, await snapshot(path.join(site.dir, "two")))).toEqual([]);
  });
});
