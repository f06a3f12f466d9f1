/**
 * src/render/eleventy.ts drives Eleventy with the plugin as its whole config: it writes exactly
 * the pages of the set it is given, and no static asset (the pipeline copies those).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { sitemapFiles } from "../../src/archive/sitemap.ts";
import { renderWithEleventy } from "../../src/render/eleventy.ts";
import { noPages, renderSetFor, sitePages, type SiteData } from "../../src/render/pages.ts";
import { readSettings } from "../../src/settings.ts";
import { archiveOf, hourlyArticles } from "../helpers/articles.ts";
import { filesIn, makeTempDir } from "../helpers/build.ts";

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

const settings = readSettings({ SITE_URL: "https://contoh.example/arsip/", PATH_PREFIX: "/arsip/" }, process.cwd());
const assets = { "/assets/style.css": "/assets/style.0123456789.css", "/assets/favicon.svg": "/assets/favicon.0123456789.svg", "/assets/search.js": "/assets/search.0123456789.js" };
const archive = archiveOf(hourlyArticles(3));
const site: SiteData = { archive, feeds: [], sitemap: sitemapFiles(archive), searchShards: new Map([["2017-08", 3]]) };

describe("renderWithEleventy", () => {
  test("writes exactly the pages of the set, with the settings it was given, and no asset", async () => {
    const out = await makeTempDir("arsip-render-");
    made.push(out);
    const pages = sitePages(site);
    const article = pages.articles[1]!;
    const set = { ...noPages(), articles: [article], singles: { ...noPages().singles, robots: [pages.singles.robots] } };
    await renderWithEleventy(out, { settings, set, assets });
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
    await renderWithEleventy(out, { settings, set, assets });
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
});
