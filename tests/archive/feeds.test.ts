import { describe, expect, test } from "vitest";
import { buildFeeds, feedSize, toJsonFeed, xmlSafe, type Feed, type FeedTexts } from "../../src/archive/feeds.ts";
import { archiveOf, hourlyArticles, syntheticArticle } from "../helpers/articles.ts";

const texts: FeedTexts = { siteName: "Arsip Uji", tagline: "Arsip berita sintetis untuk pengujian.", topic: "Topik" };
const siteUrl = "https://arsip.example/";
/** The site served under a path prefix: SITE_URL carries it (settings.ts). */
const prefixedSiteUrl = "https://arsip.example/arsip/";

const older = syntheticArticle({
  title: "Warga Desa Sukamaju menanam padi serentak",
  date: "2017-08-02T10:47:00+07:00",
  source: "merdeka",
  tags: ["Pertanian"],
  summary: "Warga menanam padi bersama di sawah desa.",
  body: "Paragraf uji tentang musim tanam.\n",
});
/** Dated in UTC: 07:54Z is 14:54 in Jakarta. */
const newer = syntheticArticle({
  title: "Panen raya di Sukamaju dimulai pekan ini",
  date: "2017-08-04T07:54:00Z",
  source: "tempo",
  tags: ["Pertanian", "Desa Sukamaju"],
  reporter: "Siti Contoh",
  summary: "Petani Sukamaju mulai memanen padi.",
  originalUrl: "https://www.tempo.co/contoh/panen-raya-sukamaju",
  body: "Lihat [foto panen](lampiran/foto.jpg) dan [laporan dinas](https://dinas.example/laporan).\n\nBaca: Warga Desa Sukamaju menanam padi serentak\n",
});

function feedAt(feeds: Feed[], atomPath: string): Feed {
  const feed = feeds.find((candidate) => candidate.atomPath === atomPath);
  if (!feed) throw new Error(`no feed at ${atomPath}; feeds: ${feeds.map((candidate) => candidate.atomPath).join(", ")}`);
  return feed;
}

describe("buildFeeds", () => {
  test("gives the site feed first, then one feed per topic in topic order", async () => {
    const feeds = await buildFeeds(archiveOf([older, newer]), siteUrl, texts);
    expect(feeds.map((feed) => [feed.atomPath, feed.jsonPath, feed.title, feed.description])).toEqual([
      ["/feed.xml", "/feed.json", "Arsip Uji", "Arsip berita sintetis untuk pengujian."],
      ["/topik/desa-sukamaju/feed.xml", "/topik/desa-sukamaju/feed.json", "Arsip Uji: Topik Desa Sukamaju", "Topik Desa Sukamaju · Arsip Uji"],
      ["/topik/pertanian/feed.xml", "/topik/pertanian/feed.json", "Arsip Uji: Topik Pertanian", "Topik Pertanian · Arsip Uji"],
    ]);
  });

  test("lists the newest 50 articles of the archive, newest first, in the site feed", async () => {
    const articles = hourlyArticles(feedSize + 5);
    const archive = archiveOf([...articles].reverse());
    const [site] = await buildFeeds(archive, siteUrl, texts);
    expect(feedSize).toBe(50);
    expect(site!.entries).toHaveLength(50);
    const expected = articles.slice(5).reverse().map((article) => `${siteUrl}${article.url.slice(1)}`);
    expect(site!.entries.map((entry) => entry.url)).toEqual(expected);
    expect(site!.entries[0]!.published).toBe("2017-08-03T14:00:00+07:00");
    expect(site!.entries[49]!.published).toBe("2017-08-01T13:00:00+07:00");
  });

  test("lists the newest 50 articles of each topic, newest first, in its topic feed", async () => {
    // Every third article also has the topic "Jalan Desa": 19 of 55.
    const articles = hourlyArticles(feedSize + 5, (index) => (index % 3 === 0 ? { tags: ["Topik Uji", "Jalan Desa"] } : {}));
    const feeds = await buildFeeds(archiveOf(articles), siteUrl, texts);
    const all = feedAt(feeds, "/topik/topik-uji/feed.xml");
    expect(all.entries.map((entry) => entry.url)).toEqual(articles.slice(5).reverse().map((article) => `${siteUrl}${article.url.slice(1)}`));
    const road = feedAt(feeds, "/topik/jalan-desa/feed.xml");
    expect(road.entries.map((entry) => entry.title)).toEqual(
      articles.filter((_, index) => index % 3 === 0).reverse().map((article) => article.title),
    );
    expect(road.entries).toHaveLength(19);
  });

  test("dates each feed by its newest entry, in Jakarta time with the +07:00 offset", async () => {
    const feeds = await buildFeeds(archiveOf([older, newer]), siteUrl, texts);
    expect(feedAt(feeds, "/feed.xml").updated).toBe("2017-08-04T14:54:00+07:00");
    expect(feedAt(feeds, "/topik/pertanian/feed.xml").updated).toBe("2017-08-04T14:54:00+07:00");
    const onlyOlder = await buildFeeds(archiveOf([older, { ...newer, tags: ["Desa Sukamaju"] }]), siteUrl, texts);
    expect(feedAt(onlyOlder, "/topik/pertanian/feed.xml").updated).toBe("2017-08-02T10:47:00+07:00");
  });

  test("gives every entry its publication moment in Jakarta time with the +07:00 offset", async () => {
    const [site] = await buildFeeds(archiveOf([older, newer]), siteUrl, texts);
    expect(site!.entries.map((entry) => entry.published)).toEqual(["2017-08-04T14:54:00+07:00", "2017-08-02T10:47:00+07:00"]);
  });

  test("makes feed, home and entry URLs absolute under the site URL and its path prefix", async () => {
    const feeds = await buildFeeds(archiveOf([older, newer], { pathPrefix: "/arsip/" }), prefixedSiteUrl, texts);
    const site = feedAt(feeds, "/feed.xml");
    expect([site.atomUrl, site.jsonUrl, site.homeUrl]).toEqual([
      "https://arsip.example/arsip/feed.xml",
      "https://arsip.example/arsip/feed.json",
      "https://arsip.example/arsip/",
    ]);
    expect(site.entries.map((entry) => entry.url)).toEqual([
      "https://arsip.example/arsip/2017/08/04/panen-raya-di-sukamaju-dimulai-pekan-ini/",
      "https://arsip.example/arsip/2017/08/02/warga-desa-sukamaju-menanam-padi-serentak/",
    ]);
    const topic = feedAt(feeds, "/topik/pertanian/feed.xml");
    expect([topic.atomUrl, topic.jsonUrl, topic.homeUrl]).toEqual([
      "https://arsip.example/arsip/topik/pertanian/feed.xml",
      "https://arsip.example/arsip/topik/pertanian/feed.json",
      "https://arsip.example/arsip/topik/pertanian/",
    ]);
  });

  test("rewrites relative links in the full text to absolute ones under the path prefix and keeps external links", async () => {
    const feeds = await buildFeeds(archiveOf([older, newer], { pathPrefix: "/arsip/" }), prefixedSiteUrl, texts);
    const html = feedAt(feeds, "/feed.xml").entries[0]!.contentHtml!;
    // Relative to the article page.
    expect(html).toContain('<a href="https://arsip.example/arsip/2017/08/04/panen-raya-di-sukamaju-dimulai-pekan-ini/lampiran/foto.jpg">foto panen</a>');
    // The read-also link, rendered with the prefix ("/arsip/2017/…"), keeps it.
    expect(html).toContain('<a href="https://arsip.example/arsip/2017/08/02/warga-desa-sukamaju-menanam-padi-serentak/">Warga Desa Sukamaju menanam padi serentak</a>');
    expect(html).toContain('<a href="https://dinas.example/laporan">laporan dinas</a>');
    expect(html).not.toMatch(/href="(?!https:)/);
  });

  test("carries the full text in the site feed and only summaries in topic feeds", async () => {
    const feeds = await buildFeeds(archiveOf([older, newer]), siteUrl, texts);
    const site = feedAt(feeds, "/feed.xml");
    expect(site.entries.map((entry) => entry.contentHtml)).toEqual([
      expect.stringContaining("<p>Lihat "),
      "<p>Paragraf uji tentang musim tanam.</p>\n",
    ]);
    for (const topic of feeds.slice(1)) {
      for (const entry of topic.entries) expect(entry.contentHtml).toBeUndefined();
    }
    expect(feedAt(feeds, "/topik/pertanian/feed.xml").entries.map((entry) => entry.summary)).toEqual([
      "Petani Sukamaju mulai memanen padi.",
      "Warga menanam padi bersama di sawah desa.",
    ]);
  });

  test("names the reporter as author, or the outlet when no reporter is named", async () => {
    const [site] = await buildFeeds(archiveOf([older, newer]), siteUrl, texts);
    expect(site!.entries.map((entry) => entry.authorName)).toEqual(["Siti Contoh", "Merdeka.com"]);
  });

  test("gives each entry its topic names as categories and the original URL when it is known", async () => {
    const [site] = await buildFeeds(archiveOf([older, newer]), siteUrl, texts);
    expect(site!.entries.map((entry) => [entry.categories, entry.originalUrl])).toEqual([
      [["Pertanian", "Desa Sukamaju"], "https://www.tempo.co/contoh/panen-raya-sukamaju"],
      [["Pertanian"], undefined],
    ]);
  });

  test("gives the same feeds for the same articles in any input order, ties broken by URL", async () => {
    const sameMoment = syntheticArticle({ title: "Air irigasi kembali mengalir", date: "2017-08-04T14:54:00+07:00", source: "merdeka", tags: ["Pertanian"] });
    const one = await buildFeeds(archiveOf([older, newer, sameMoment]), siteUrl, texts);
    const two = await buildFeeds(archiveOf([sameMoment, newer, older]), siteUrl, texts);
    expect(two).toEqual(one);
    expect(two.map(toJsonFeed)).toEqual(one.map(toJsonFeed));
    expect(one[0]!.entries.map((entry) => entry.title)).toEqual([
      "Air irigasi kembali mengalir",
      "Panen raya di Sukamaju dimulai pekan ini",
      "Warga Desa Sukamaju menanam padi serentak",
    ]);
  });

  test("gives an empty archive only the site feed, without entries and with a fixed date", async () => {
    const feeds = await buildFeeds(archiveOf([]), siteUrl, texts);
    expect(feeds).toEqual([
      {
        title: "Arsip Uji",
        description: "Arsip berita sintetis untuk pengujian.",
        atomPath: "/feed.xml",
        jsonPath: "/feed.json",
        atomUrl: "https://arsip.example/feed.xml",
        jsonUrl: "https://arsip.example/feed.json",
        homeUrl: "https://arsip.example/",
        updated: "1970-01-01T07:00:00+07:00",
        entries: [],
      },
    ]);
  });
});

describe("toJsonFeed", () => {
  test("writes a JSON Feed 1.1 document with the full HTML of the site feed's entries", async () => {
    const feeds = await buildFeeds(archiveOf([older, newer], { pathPrefix: "/arsip/" }), prefixedSiteUrl, texts);
    const json = JSON.parse(toJsonFeed(feedAt(feeds, "/feed.xml")));
    expect({ ...json, items: undefined }).toEqual({
      version: "https://jsonfeed.org/version/1.1",
      title: "Arsip Uji",
      home_page_url: "https://arsip.example/arsip/",
      feed_url: "https://arsip.example/arsip/feed.json",
      description: "Arsip berita sintetis untuk pengujian.",
      language: "id",
      items: undefined,
    });
    expect(json.items[0]).toEqual({
      id: "https://arsip.example/arsip/2017/08/04/panen-raya-di-sukamaju-dimulai-pekan-ini/",
      url: "https://arsip.example/arsip/2017/08/04/panen-raya-di-sukamaju-dimulai-pekan-ini/",
      external_url: "https://www.tempo.co/contoh/panen-raya-sukamaju",
      title: "Panen raya di Sukamaju dimulai pekan ini",
      summary: "Petani Sukamaju mulai memanen padi.",
      content_html: expect.stringContaining('href="https://arsip.example/arsip/2017/08/04/panen-raya-di-sukamaju-dimulai-pekan-ini/lampiran/foto.jpg"'),
      date_published: "2017-08-04T14:54:00+07:00",
      authors: [{ name: "Siti Contoh" }],
      tags: ["Pertanian", "Desa Sukamaju"],
      language: "id",
    });
  });

  test("writes the summary as content_text and leaves out external_url when the original is unknown", async () => {
    const feeds = await buildFeeds(archiveOf([older, newer]), siteUrl, texts);
    const json = JSON.parse(toJsonFeed(feedAt(feeds, "/topik/pertanian/feed.xml")));
    expect(json.items[1]).toEqual({
      id: "https://arsip.example/2017/08/02/warga-desa-sukamaju-menanam-padi-serentak/",
      url: "https://arsip.example/2017/08/02/warga-desa-sukamaju-menanam-padi-serentak/",
      title: "Warga Desa Sukamaju menanam padi serentak",
      summary: "Warga menanam padi bersama di sawah desa.",
      content_text: "Warga menanam padi bersama di sawah desa.",
      date_published: "2017-08-02T10:47:00+07:00",
      authors: [{ name: "Merdeka.com" }],
      tags: ["Pertanian"],
      language: "id",
    });
  });

  test("gives an empty items list for a feed without entries", async () => {
    const [site] = await buildFeeds(archiveOf([]), siteUrl, texts);
    expect(JSON.parse(toJsonFeed(site!)).items).toEqual([]);
  });
});

describe("xmlSafe", () => {
  test("removes control characters, U+FFFE/U+FFFF and lone surrogates that XML 1.0 forbids", () => {
    expect(xmlSafe("Ja\u0000la\u0008n\u000B de\u000C\u001Fsa\uFFFE\uFFFF")).toBe("Jalan desa");
    expect(xmlSafe("a\uD800b\uDC00c")).toBe("abc");
  });

  test("keeps tabs, line breaks, accents and characters outside the basic plane", () => {
    const text = "Sawah\tdesa\nPanen\r\nPável 🌾 padi";
    expect(xmlSafe(text)).toBe(text);
  });
});
