import { describe, expect, test } from "vitest";
import { pageSize } from "../../src/archive/paginate.ts";
import { overviewPaths, sitemapEntries, sitemapFiles, sitemapIndex, type SitemapFile } from "../../src/archive/sitemap.ts";
import { absoluteUrl, maxSitemapUrls } from "../../src/routes.ts";
import { archiveOf, hourlyArticles, syntheticArticle } from "../helpers/articles.ts";

/** Dated in UTC: 07:54Z is 14:54 in Jakarta. */
const harvest = syntheticArticle({
  title: "Panen raya di Sukamaju dimulai pekan ini",
  date: "2017-08-04T07:54:00Z",
  source: "tempo",
  section: "Tekno",
  reporter: "Siti Contoh",
  tags: ["Pertanian"],
});
const planting = syntheticArticle({
  title: "Warga Desa Sukamaju menanam padi serentak",
  date: "2017-08-02T10:47:00+07:00",
  source: "merdeka",
  tags: ["Pertanian", "Desa Sukamaju"],
});
/** 18:30Z on 31 July is 1 August in Jakarta: URL, month page and lastmod follow Jakarta. */
const bridge = syntheticArticle({
  title: "Jembatan desa selesai diperbaiki",
  date: "2017-07-31T18:30:00Z",
  source: "tempo",
  section: "Tekno",
  tags: ["Desa Sukamaju"],
});
const market = syntheticArticle({
  title: "Pasar desa ramai menjelang panen",
  date: "2017-07-20T09:00:00+07:00",
  source: "merdeka",
  tags: ["Desa Sukamaju"],
});
const articles = [harvest, planting, bridge, market];

describe("sitemapEntries", () => {
  test("lists list pages, then overview pages, then articles newest first, each with its lastmod", () => {
    expect(sitemapEntries(archiveOf(articles))).toEqual([
      { path: "/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/topik/desa-sukamaju/", lastmod: "2017-08-02T10:47:00+07:00" },
      { path: "/topik/pertanian/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/sumber/merdeka/", lastmod: "2017-08-02T10:47:00+07:00" },
      { path: "/sumber/tempo/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/sumber/tempo/rubrik/tekno/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/sumber/tempo/penulis/siti-contoh/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/indeks/2017/08/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/indeks/2017/07/", lastmod: "2017-07-20T09:00:00+07:00" },
      { path: "/topik/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/sumber/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/indeks/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/cari/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/2017/08/04/panen-raya-di-sukamaju-dimulai-pekan-ini/", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/2017/08/02/warga-desa-sukamaju-menanam-padi-serentak/", lastmod: "2017-08-02T10:47:00+07:00" },
      { path: "/2017/08/01/jembatan-desa-selesai-diperbaiki/", lastmod: "2017-08-01T01:30:00+07:00" },
      { path: "/2017/07/20/pasar-desa-ramai-menjelang-panen/", lastmod: "2017-07-20T09:00:00+07:00" },
    ]);
  });

  test("lists every page of every list, every overview page and every article exactly once", () => {
    const many = hourlyArticles(pageSize * 2 + 1, (index) => (index % 2 === 0 ? { section: "Daerah", reporter: "Budi Contoh" } : {}));
    const archive = archiveOf(many);
    const paths = sitemapEntries(archive).map((entry) => entry.path);
    expect(new Set(paths).size).toBe(paths.length);
    const expected = [
      ...archive.homePages,
      ...archive.topicPages,
      ...archive.sourcePages,
      ...archive.monthPages,
    ].map((page) => page.url);
    expect(paths).toEqual([...expected, ...overviewPaths, ...many.map((article) => article.url).reverse()]);
    // 41 articles, 20 to a page: page 1 and the newest page for home, topic and month; Tempo (21)
    // and its rubric and reporter (21) only a newest page.
    expect(paths).toEqual(expect.arrayContaining(["/", "/halaman/1/", "/topik/topik-uji/halaman/1/", "/indeks/2017/08/halaman/1/"]));
    expect(paths).not.toContain("/halaman/2/");
    expect(paths).not.toContain("/sumber/tempo/halaman/1/");
    expect(paths).not.toContain("/sumber/merdeka/halaman/1/");
  });

  test("dates each page of a list by the newest article that page shows", () => {
    const many = hourlyArticles(pageSize * 2 + 1);
    const entries = sitemapEntries(archiveOf(many));
    const lastmodOf = (path: string) => entries.find((entry) => entry.path === path)?.lastmod;
    // Hourly from 08:00 WIB on 1 August: the newest (index 40) at 00:00 on 3 August; page 1 shows
    // the oldest 20, the newest of them (index 19) at 03:00 on 2 August.
    expect(lastmodOf("/")).toBe("2017-08-03T00:00:00+07:00");
    expect(lastmodOf("/halaman/1/")).toBe("2017-08-02T03:00:00+07:00");
    expect(lastmodOf("/topik/topik-uji/halaman/1/")).toBe("2017-08-02T03:00:00+07:00");
    // Merdeka has the odd-numbered articles: newest index 39, 23:00 on 2 August.
    expect(lastmodOf("/sumber/merdeka/")).toBe("2017-08-02T23:00:00+07:00");
  });

  test("dates the overview pages by the newest article of the archive", () => {
    const entries = sitemapEntries(archiveOf(articles));
    expect(entries.filter((entry) => (overviewPaths as readonly string[]).includes(entry.path))).toEqual(
      overviewPaths.map((path) => ({ path, lastmod: "2017-08-04T14:54:00+07:00" })),
    );
  });

  test("gives site paths without the path prefix, which become URLs under the prefixed site URL", () => {
    const plain = sitemapEntries(archiveOf(articles));
    const prefixed = sitemapEntries(archiveOf(articles, { pathPrefix: "/arsip/" }));
    expect(prefixed).toEqual(plain);
    const siteUrl = "https://arsip.example/arsip/";
    const urls = prefixed.map((entry) => absoluteUrl(entry.path, siteUrl));
    for (const url of urls) expect(url).toMatch(/^https:\/\/arsip\.example\/arsip\/(?!arsip\/)/);
    expect(urls).toContain("https://arsip.example/arsip/2017/08/01/jembatan-desa-selesai-diperbaiki/");
    expect(urls[0]).toBe(siteUrl);
    expect(new Set(urls).size).toBe(urls.length);
  });

  test("gives the same entries for the same articles in any input order, ties broken by URL", () => {
    const sameMoment = syntheticArticle({ title: "Air irigasi kembali mengalir", date: "2017-08-04T14:54:00+07:00", source: "merdeka", tags: ["Pertanian"] });
    const one = sitemapEntries(archiveOf([...articles, sameMoment]));
    const two = sitemapEntries(archiveOf([sameMoment, ...[...articles].reverse()]));
    expect(two).toEqual(one);
    expect(one.slice(-5, -3).map((entry) => entry.path)).toEqual([
      "/2017/08/04/air-irigasi-kembali-mengalir/",
      "/2017/08/04/panen-raya-di-sukamaju-dimulai-pekan-ini/",
    ]);
  });

  test("leaves drafts and future articles out, like the pages a production build writes", () => {
    const draft = syntheticArticle({ title: "Draf: rencana irigasi baru", date: "2017-08-03T09:00:00+07:00", source: "tempo", tags: ["Irigasi"], draft: true });
    const paths = sitemapEntries(archiveOf([...articles, draft])).map((entry) => entry.path);
    expect(paths).not.toContain(draft.url);
    expect(paths).not.toContain("/topik/irigasi/");
    expect(paths).toEqual(sitemapEntries(archiveOf(articles)).map((entry) => entry.path));
  });

  test("lists the home and overview pages of an empty archive, without dates", () => {
    expect(sitemapEntries(archiveOf([]))).toEqual([{ path: "/", lastmod: undefined }, ...overviewPaths.map((path) => ({ path, lastmod: undefined }))]);
  });
});

describe("sitemapFiles", () => {
  const pathsOf = (file: SitemapFile) => file.entries.map((entry) => entry.path);

  test("puts the pages in sitemap-halaman.xml and the articles in one file per year, at the site root", () => {
    const older = syntheticArticle({ title: "Musim tanam tahun lalu", date: "2016-11-02T09:00:00+07:00", source: "tempo", tags: ["Pertanian"] });
    const archive = archiveOf([...articles, older]);
    const files = sitemapFiles(archive);
    expect(files.map((file) => file.path)).toEqual(["/sitemap-halaman.xml", "/sitemap-2017.xml", "/sitemap-2016.xml"]);
    expect(pathsOf(files[0]!)).toEqual([...archive.listPages.map((page) => page.url), ...overviewPaths]);
    expect(pathsOf(files[1]!)).toEqual([harvest.url, planting.url, bridge.url, market.url]);
    expect(files[2]!.entries).toEqual([{ path: "/2016/11/02/musim-tanam-tahun-lalu/", lastmod: "2016-11-02T09:00:00+07:00" }]);
  });

  test("groups articles by their calendar year in Jakarta: 18:30Z on 31 December is already the next year", () => {
    const newYear = syntheticArticle({ title: "Pesta kembang api di alun-alun", date: "2017-12-31T18:30:00Z", source: "tempo", tags: ["Desa Sukamaju"] });
    const newYearsEve = syntheticArticle({ title: "Warga bersiap menyambut tahun baru", date: "2017-12-31T10:00:00Z", source: "merdeka", tags: ["Desa Sukamaju"] });
    const files = sitemapFiles(archiveOf([newYear, newYearsEve]));
    expect(files.map((file) => file.path)).toEqual(["/sitemap-halaman.xml", "/sitemap-2018.xml", "/sitemap-2017.xml"]);
    expect(files[1]!.entries).toEqual([{ path: "/2018/01/01/pesta-kembang-api-di-alun-alun/", lastmod: "2018-01-01T01:30:00+07:00" }]);
    expect(files[2]!.entries).toEqual([{ path: "/2017/12/31/warga-bersiap-menyambut-tahun-baru/", lastmod: "2017-12-31T17:00:00+07:00" }]);
  });

  test("read in order, the files list exactly the entries of sitemapEntries", () => {
    const many = hourlyArticles(30, (index) => ({ date: new Date(Date.UTC(2015 + (index % 4), index % 12, 10, 3)).toISOString().replace(".000Z", "Z") }));
    const archive = archiveOf(many);
    expect(sitemapFiles(archive).flatMap((file) => file.entries)).toEqual(sitemapEntries(archive));
    expect(sitemapFiles(archive, 4).flatMap((file) => file.entries)).toEqual(sitemapEntries(archive));
  });

  test("splits a group past the limit into full numbered parts from its end, the unnumbered file holding the rest", () => {
    // Seven articles on 1 August 2017 and nine pages: home, topic, two outlets, the month and the
    // four overview pages.
    const many = hourlyArticles(7);
    const urls = many.map((article) => article.url);
    const files = sitemapFiles(archiveOf(many), 4);
    expect(files.map((file) => [file.path, pathsOf(file)])).toEqual([
      ["/sitemap-halaman.xml", ["/"]],
      ["/sitemap-halaman-2.xml", ["/topik/topik-uji/", "/sumber/merdeka/", "/sumber/tempo/", "/indeks/2017/08/"]],
      ["/sitemap-halaman-1.xml", ["/topik/", "/sumber/", "/indeks/", "/cari/"]],
      ["/sitemap-2017.xml", [urls[6], urls[5], urls[4]]],
      ["/sitemap-2017-1.xml", [urls[3], urls[2], urls[1], urls[0]]],
    ]);
  });

  test("holds any number of URLs: past 50,000 in a year, the oldest 50,000 move to a numbered part", () => {
    // The build of 100,000 articles once stopped at 143,545 URLs; here 60,000 in one year.
    const archive = archiveOf(articles);
    const many = { ...archive, articles: Array.from({ length: 60_000 }, (_, index) => archive.articles[index % archive.articles.length]!) };
    const files = sitemapFiles(many);
    expect(files.map((file) => [file.path, file.entries.length])).toEqual([
      ["/sitemap-halaman.xml", 13],
      ["/sitemap-2017.xml", 10_000],
      ["/sitemap-2017-1.xml", maxSitemapUrls],
    ]);
  });

  test("keeps a group of exactly the limit in one file", () => {
    const files = sitemapFiles(archiveOf(hourlyArticles(3)), 3);
    expect(files.filter((file) => file.path.startsWith("/sitemap-2017")).map((file) => [file.path, file.entries.length])).toEqual([["/sitemap-2017.xml", 3]]);
  });

  test("a new newest article changes the unnumbered file of its year, never a numbered part", () => {
    const partsOf = (count: number) => sitemapFiles(archiveOf(hourlyArticles(count)), 3).filter((file) => file.path.startsWith("/sitemap-2017"));
    const before = partsOf(7);
    const after = partsOf(8);
    expect(before.map((file) => file.path)).toEqual(["/sitemap-2017.xml", "/sitemap-2017-2.xml", "/sitemap-2017-1.xml"]);
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(after[0]!.entries).toHaveLength(2);
    // The ninth fills the unnumbered file; the tenth moves its oldest three into part 3.
    expect(partsOf(10).map((file) => [file.path, file.entries.length])).toEqual([
      ["/sitemap-2017.xml", 1],
      ["/sitemap-2017-3.xml", 3],
      ["/sitemap-2017-2.xml", 3],
      ["/sitemap-2017-1.xml", 3],
    ]);
    expect(partsOf(10).slice(2)).toEqual(before.slice(1));
  });

  test("gives an empty archive its pages file only", () => {
    expect(sitemapFiles(archiveOf([]))).toEqual([{ path: "/sitemap-halaman.xml", entries: sitemapEntries(archiveOf([])) }]);
  });

  test("refuses a limit that is not a whole number of at least 1", () => {
    expect(() => sitemapFiles(archiveOf(articles), 0)).toThrow("sitemap: the URLs per file must be a whole number of at least 1, got 0");
  });
});

describe("sitemapIndex", () => {
  test("dates each file by the newest lastmod among its entries", () => {
    const files = sitemapFiles(archiveOf(articles));
    expect(sitemapIndex(files)).toEqual([
      { path: "/sitemap-halaman.xml", lastmod: "2017-08-04T14:54:00+07:00" },
      { path: "/sitemap-2017.xml", lastmod: "2017-08-04T14:54:00+07:00" },
    ]);
    expect(sitemapIndex(sitemapFiles(archiveOf(articles), 2)).map((entry) => entry.lastmod).slice(-2)).toEqual(["2017-08-04T14:54:00+07:00", "2017-08-01T01:30:00+07:00"]);
  });

  test("finds the newest lastmod wherever it is in the file", () => {
    const file: SitemapFile = {
      path: "/sitemap-uji.xml",
      entries: [{ path: "/a/", lastmod: "2017-08-02T10:47:00+07:00" }, { path: "/b/" }, { path: "/c/", lastmod: "2017-08-04T14:54:00+07:00" }, { path: "/d/", lastmod: "2017-07-20T09:00:00+07:00" }],
    };
    expect(sitemapIndex([file])).toEqual([{ path: "/sitemap-uji.xml", lastmod: "2017-08-04T14:54:00+07:00" }]);
  });

  test("leaves out lastmod for a file with no dated entry, as the pages of an empty archive", () => {
    expect(sitemapIndex(sitemapFiles(archiveOf([])))).toEqual([{ path: "/sitemap-halaman.xml" }]);
  });
});
