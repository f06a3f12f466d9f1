import { describe, expect, test } from "vitest";
import { pageSize } from "../../src/archive/paginate.ts";
import { maxSitemapUrls, overviewPaths, sitemapEntries } from "../../src/archive/sitemap.ts";
import { absoluteUrl } from "../../src/routes.ts";
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

  test("refuses more URLs than one sitemap file may hold, saying to split it", () => {
    const archive = archiveOf(articles);
    const room = maxSitemapUrls - sitemapEntries(archive).length;
    const filler = Array.from({ length: room }, () => archive.articles[0]!);
    expect(sitemapEntries({ ...archive, articles: [...archive.articles, ...filler] })).toHaveLength(maxSitemapUrls);
    expect(() => sitemapEntries({ ...archive, articles: [...archive.articles, ...filler, archive.articles[0]!] })).toThrow(
      "sitemap: 50001 URLs exceed the 50000 a sitemap file may hold; split it into a sitemap index",
    );
  });

  test("lists the home and overview pages of an empty archive, without dates", () => {
    expect(sitemapEntries(archiveOf([]))).toEqual([{ path: "/", lastmod: undefined }, ...overviewPaths.map((path) => ({ path, lastmod: undefined }))]);
  });
});
