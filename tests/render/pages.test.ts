import { describe, expect, test } from "vitest";
import { noPages, pathsOf, renderSetFor, singletonPaths, singletons, sitePages, type SiteData } from "../../src/render/pages.ts";
import { archiveOf, hourlyArticles } from "../helpers/articles.ts";

const sitemap = [
  { path: "/sitemap-halaman.xml", entries: [{ path: "/", lastmod: "2017-08-02T08:00:00+07:00" }] },
  { path: "/sitemap-2017.xml", entries: [{ path: "/2017/08/02/b/", lastmod: "2017-08-02T08:00:00+07:00" }, { path: "/2017/08/01/a/", lastmod: "2017-08-01T08:00:00+07:00" }] },
];
const site = (count: number): SiteData => ({ archive: archiveOf(hourlyArticles(count)), feeds: [], sitemap, searchShards: new Map([["2017-08", count]]) });

describe("sitePages", () => {
  const pages = sitePages(site(25));

  test("gives article pages without the Markdown source, which no template shows", () => {
    expect(pages.articles).toHaveLength(25);
    for (const page of pages.articles) expect(page).not.toHaveProperty("body");
    expect(pages.articles[0]).toHaveProperty("bodyHtml");
  });

  test("gives list entries only what the list template shows of an article", () => {
    const keys = new Set(pages.listPages.flatMap((page) => page.items.flatMap((item) => Object.keys(item))));
    expect([...keys].sort()).toEqual(["date", "outlet", "summary", "title", "unpublished", "url"].filter((key) => keys.has(key)).sort());
    for (const item of pages.listPages[0]!.items) expect(Object.keys(item.outlet)).toEqual(["name"]);
  });

  test("shares one entry object per article between the lists it is on", () => {
    const home = pages.listPages.find((page) => page.url === "/")!;
    const topic = pages.listPages.find((page) => page.kind === "topic" && page.items.some((item) => item.url === home.items[0]!.url))!;
    expect(topic.items.find((item) => item.url === home.items[0]!.url)).toBe(home.items[0]);
  });

  test("takes an unchanged entry from the last build's listings, and makes a changed one afresh", () => {
    const listings = new Map();
    const first = sitePages(site(25), listings);
    expect(listings.size).toBe(25);
    const firstHome = first.listPages.find((page) => page.url === "/")!;
    // The next build's archive: new view objects, one article's summary edited.
    const edited = hourlyArticles(25, (index) => (index === 24 ? { summary: "Ringkasan yang diubah." } : {}));
    const next = sitePages({ ...site(25), archive: archiveOf(edited) }, listings);
    const home = next.listPages.find((page) => page.url === "/")!;
    const changed = home.items.find((item) => item.summary === "Ringkasan yang diubah.")!;
    expect(firstHome.items.find((item) => item.url === changed.url)!.summary).not.toBe(changed.summary);
    for (const item of home.items) {
      const last = firstHome.items.find((entry) => entry.url === item.url)!;
      if (item === changed) expect(item).not.toBe(last);
      else expect(item).toBe(last);
    }
    expect(listings.get(changed.url)).toBe(changed);
    // Taken again or made afresh, an entry shows what a build without the last listings shows.
    expect(JSON.stringify(next.listPages)).toBe(JSON.stringify(sitePages({ ...site(25), archive: archiveOf(edited) }).listPages));
  });

  test("gives each singleton page its data: the search page its shards, the sitemap index its child sitemaps", () => {
    expect(pages.singles.cari).toEqual({ shards: ["2017-08"] });
    expect(pages.singles.sitemap).toEqual({
      sitemaps: [
        { path: "/sitemap-halaman.xml", lastmod: "2017-08-02T08:00:00+07:00" },
        { path: "/sitemap-2017.xml", lastmod: "2017-08-02T08:00:00+07:00" },
      ],
    });
    expect(Object.keys(pages.singles).sort()).toEqual([...singletons].sort());
  });
});

describe("renderSetFor", () => {
  const pages = sitePages(site(25));

  test("without paths is every page of the site, each singleton once", () => {
    const set = renderSetFor(pages);
    expect(set.articles).toEqual(pages.articles);
    expect(set.sitemaps).toEqual(sitemap);
    expect(set.listPages).toHaveLength(pages.listPages.length);
    for (const name of singletons) expect(set.singles[name]).toEqual([pages.singles[name]]);
  });

  test("with paths is only those pages, singletons not named left empty", () => {
    const article = pages.articles[3]!;
    const set = renderSetFor(pages, new Set([`${article.url.slice(1)}index.html`, "index.html", singletonPaths.cari, "sitemap-2017.xml"]));
    expect(set.articles).toEqual([article]);
    expect(set.sitemaps).toEqual([sitemap[1]]);
    expect(set.singles.sitemap).toEqual([]);
    expect(set.listPages.map((page) => page.url)).toEqual(["/"]);
    expect(set.singles.cari).toEqual([pages.singles.cari]);
    expect(set.singles.topik).toEqual([]);
  });
});

describe("pathsOf", () => {
  test("names the output path of every page a set writes, and nothing for an empty set", () => {
    const pages = sitePages(site(3));
    const paths = pathsOf(renderSetFor(pages));
    expect(paths).toEqual(expect.arrayContaining(["index.html", "404.html", "robots.txt", "sitemap.xml", "sitemap-halaman.xml", "sitemap-2017.xml", "cari/index.html", "topik/index.html"]));
    expect(new Set(paths).size).toBe(paths.length);
    expect(pathsOf(noPages())).toEqual([]);
  });
});
