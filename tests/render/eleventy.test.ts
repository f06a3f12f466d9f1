/**
 * src/render/eleventy.ts drives Eleventy with the plugin as its whole config: it writes exactly
 * the pages of the set it is given, and no static asset (the pipeline copies those).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { sitemapFiles } from "../../src/archive/sitemap.ts";
import { Eleventy, type EleventyConfig } from "@11ty/eleventy";
import { configureEleventy, importEleventy, renderWithEleventy, type RenderInput } from "../../src/render/eleventy.ts";
import { startPageWriter, type PageWriter } from "../../src/render/page-writer.ts";
import { noPages, renderSetFor, sitePages, type SiteData } from "../../src/render/pages.ts";
import { readSettings, templatesDir } from "../../src/settings.ts";
import { archiveOf, hourlyArticles } from "../helpers/articles.ts";
import { filesIn, makeTempDir } from "../helpers/build.ts";

const made: string[] = [];
const writer: PageWriter = startPageWriter();
afterAll(async () => {
  await writer.close();
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

const settings = readSettings({ SITE_URL: "https://contoh.example/arsip/", PATH_PREFIX: "/arsip/" }, process.cwd());
const assets = { "/assets/style.css": "/assets/style.0123456789.css", "/assets/favicon.svg": "/assets/favicon.0123456789.svg", "/assets/search.js": "/assets/search.0123456789.js" };
const archive = archiveOf(hourlyArticles(3));
const site: SiteData = { archive, feeds: [], sitemap: sitemapFiles(archive), searchShards: new Map([["2017-08", 3]]) };

describe("importEleventy", () => {
  test("asks Eleventy to skip its ESM resolver, whose loader thread every later import would wait on", async () => {
    const before = process.env.ELEVENTY_SKIP_ESM_RESOLVER;
    delete process.env.ELEVENTY_SKIP_ESM_RESOLVER;
    try {
      await importEleventy();
      expect(process.env.ELEVENTY_SKIP_ESM_RESOLVER).toBe("true");
    } finally {
      if (before === undefined) delete process.env.ELEVENTY_SKIP_ESM_RESOLVER;
      else process.env.ELEVENTY_SKIP_ESM_RESOLVER = before;
    }
  });
});

describe("renderWithEleventy", () => {
  test("writes exactly the pages of the set, with the settings it was given, and no asset", async () => {
    const out = await makeTempDir("arsip-render-");
    made.push(out);
    const pages = sitePages(site);
    const article = pages.articles[1]!;
    const set = { ...noPages(), articles: [article], singles: { ...noPages().singles, robots: [pages.singles.robots] } };
    await renderWithEleventy(out, { settings, set, assets }, writer);
    expect(await filesIn(out)).toEqual([path.join(article.url.slice(1), "index.html"), "robots.txt"]);
    expect(await fs.readFile(path.join(out, "robots.txt"), "utf8")).toContain("https://contoh.example/arsip/sitemap.xml");
    const html = await fs.readFile(path.join(out, article.url.slice(1), "index.html"), "utf8");
    expect(html).toContain(article.title);
    expect(html).toContain('href="/arsip/');
  });

  test("renders the whole set in one run when asked", async () => {
    const out = await makeTempDir("arsip-render-all-");
    made.push(out);
    const set = renderSetFor(sitePages(site));
    await renderWithEleventy(out, { settings, set, assets }, writer);
    const files = await filesIn(out);
    expect(files).toEqual(expect.arrayContaining(["index.html", "404.html", "sitemap.xml", "sitemap-halaman.xml", "sitemap-2017.xml", path.join("cari", "index.html")]));
    // The index lists its children under the site URL, with the path prefix; each child lists its pages.
    const index = await fs.readFile(path.join(out, "sitemap.xml"), "utf8");
    expect(index).toContain("<sitemapindex ");
    expect([...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1])).toEqual(["https://contoh.example/arsip/sitemap-halaman.xml", "https://contoh.example/arsip/sitemap-2017.xml"]);
    const year = await fs.readFile(path.join(out, "sitemap-2017.xml"), "utf8");
    expect([...year.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1])).toEqual(site.archive.articles.map((article) => `https://contoh.example/arsip${article.url}`));
    expect(files.some((file) => file.startsWith("assets"))).toBe(false);
  });

  test("writes the same bytes as Eleventy's own writes, every transform applied", async () => {
    const [ours, theirs] = [await makeTempDir("arsip-render-ours-"), await makeTempDir("arsip-render-theirs-")];
    made.push(ours, theirs);
    const input: RenderInput = { settings, set: renderSetFor(sitePages(site)), assets };
    await renderWithEleventy(ours, input, writer);
    const eleventy = new Eleventy(templatesDir, theirs, { configPath: undefined, quietMode: true, pathPrefix: settings.pathPrefix, config: (config: EleventyConfig) => configureEleventy(config, input) });
    await eleventy.write();
    const files = await filesIn(theirs);
    expect(files.length).toBeGreaterThan(10);
    expect(await filesIn(ours)).toEqual(files);
    for (const file of files) expect(await fs.readFile(path.join(ours, file), "utf8"), file).toBe(await fs.readFile(path.join(theirs, file), "utf8"));
  });

  test("a run that fails drops the pages not yet sent and rejects only once those sent are written", async () => {
    const dir = await makeTempDir("arsip-render-broken-");
    made.push(dir);
    const calls: string[] = [];
    const recording: PageWriter = {
      add: async (file) => {
        calls.push(`add ${path.relative(dir, file)}`);
        if (calls.length === 3) throw new Error("disk full");
      },
      flush: async () => void calls.push("flush"),
      abandon: async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        calls.push("abandoned");
      },
      close: async () => {},
    };
    const failed = renderWithEleventy(dir, { settings, set: renderSetFor(sitePages(site)), assets }, recording).catch((error: unknown) => {
      calls.push("rejected");
      throw error;
    });
    await expect(failed).rejects.toThrow(/Having trouble writing/);
    expect(calls.indexOf("abandoned")).toBeGreaterThan(2);
    expect(calls.indexOf("rejected")).toBeGreaterThan(calls.indexOf("abandoned"));
    expect(calls).not.toContain("flush");
  });

  test("a failed run leaves no page being written after it has failed", async () => {
    const dir = await makeTempDir("arsip-render-fail-");
    made.push(dir);
    // The output folder is a file: no page can be written below it.
    const blocked = path.join(dir, "file");
    await fs.writeFile(blocked, "");
    const failing = startPageWriter({ chunkBytes: 64, backlogBytes: 2 ** 20 });
    try {
      await expect(renderWithEleventy(blocked, { settings, set: renderSetFor(sitePages(site)), assets }, failing)).rejects.toThrow();
      await expect(failing.flush()).rejects.toThrow(`Could not write ${blocked}${path.sep}`);
    } finally {
      await failing.close();
    }
  });
});
