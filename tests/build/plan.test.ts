import { describe, expect, test, vi } from "vitest";
import type { ArticleView } from "../../src/archive/archive.ts";
import type { IndexPage } from "../../src/archive/collections.ts";
import { fingerprintPages, fingerprintSearch, planUpdate, PrintMemo, renderBatches, shardCompletion } from "../../src/build/plan.ts";
import { sitemapFiles } from "../../src/archive/sitemap.ts";
import { noPages, renderSetFor, sitePages, type ArticlePage, type ListPage, type RenderSet, type SiteData } from "../../src/render/pages.ts";
import { archiveOf, hourlyArticles, syntheticArticle } from "../helpers/articles.ts";

/** Only what these functions read of an article view; the rest is not needed here. */
function article(url: string, extra: Partial<ArticleView> = {}): ArticleView {
  return { url, title: `Judul ${url}`, bodyHtml: "<p>Teks.</p>", date: "2018-01-01T00:00:00+07:00", unpublished: false, outlet: { key: "tempo", name: "Tempo.co", url: "https://www.tempo.co/" }, related: [], ...extra } as unknown as ArticleView;
}

const yearOf = (item: ArticlePage) => item.url.slice(1, 5);

function siteOf(articles: ArticleView[], extra: Partial<SiteData> = {}, listPages: IndexPage<ArticleView>[] = [{ url: "/", items: articles } as unknown as IndexPage<ArticleView>]): SiteData {
  return {
    archive: { articles, listPages, topicEntries: [], outlets: [], years: [] },
    feeds: [],
    sitemap: [],
    searchShards: new Map([["2018", articles.length]]),
    ...extra,
  } as unknown as SiteData;
}

describe("renderBatches", () => {
  const lists = Array.from({ length: 3 }, (_, i) => ({ url: `/topik/x/halaman/${i + 1}/`, items: [] }) as unknown as IndexPage<ArticleView>);
  const pages = sitePages(siteOf([article("/2018/01/01/a/"), article("/2018/01/02/b/"), article("/2018/01/03/c/"), article("/2017/05/05/d/")], {}, lists));
  const sitemaps = [{ path: "/sitemap-2018.xml", entries: [{ path: "/2018/01/01/a/" }] }];
  const set: RenderSet = { ...renderSetFor(pages), feeds: [], sitemaps, singles: { ...noPages().singles, topik: [pages.singles.topik], sitemap: [pages.singles.sitemap] } };

  test("renders articles year by year, filling batches of at most `size`, each naming the years it holds", () => {
    const batches = renderBatches(set, 2, yearOf);
    expect(batches.map((batch) => [batch.set.articles.map((item) => item.url), batch.shards])).toEqual([
      [["/2018/01/01/a/", "/2018/01/02/b/"], ["2018"]],
      [["/2018/01/03/c/", "/2017/05/05/d/"], ["2018", "2017"]],
      [[], []],
      [[], []],
      [[], []],
    ]);
    expect(renderBatches(set, 1, yearOf).slice(0, 4).map((batch) => batch.shards)).toEqual([["2018"], ["2018"], ["2018"], ["2017"]]);
  });

  test("puts list pages after the articles, and feeds, child sitemaps and singleton pages last", () => {
    const batches = renderBatches(set, 2, yearOf);
    expect(batches.map((batch) => batch.set.listPages.length)).toEqual([0, 0, 2, 1, 0]);
    expect(batches.map((batch) => batch.set.sitemaps.length)).toEqual([0, 0, 0, 0, 1]);
    expect(batches.at(-1)!.set.singles.topik).toHaveLength(1);
    expect(batches.at(-1)!.set.singles.sitemap).toHaveLength(1);
    expect(batches.slice(0, -1).every((batch) => Object.values(batch.set.singles).every((single) => single.length === 0))).toBe(true);
  });

  test("renders every page of the set exactly once", () => {
    const batches = renderBatches(set, 3, yearOf);
    expect(batches.flatMap((batch) => batch.set.articles)).toHaveLength(set.articles.length);
    expect(batches.flatMap((batch) => batch.set.listPages)).toHaveLength(set.listPages.length);
  });

  test("gives no batch for an empty set", () => {
    expect(renderBatches(noPages(), 10, yearOf)).toEqual([]);
  });

  test("gives child sitemaps a batch when nothing else is to be written", () => {
    expect(renderBatches({ ...noPages(), sitemaps }, 10, yearOf)).toEqual([{ set: { ...noPages(), sitemaps }, shards: [] }]);
  });

  test("says a year is complete once every batch holding its pages is written, in any order", () => {
    const batches = renderBatches(set, 1, yearOf);
    const completion = shardCompletion(batches);
    expect(completion.written(batches[1]!)).toEqual([]);
    expect(completion.written(batches[4]!)).toEqual([]);
    expect(completion.written(batches[3]!)).toEqual(["2017"]);
    expect(completion.written(batches[0]!)).toEqual([]);
    expect(completion.written(batches[2]!)).toEqual(["2018"]);
  });
});

describe("fingerprintSearch", () => {
  const pagesOf = (articles: ArticleView[]) => sitePages(siteOf(articles)).articles;
  const articles = [article("/2018/01/01/a/"), article("/2017/05/05/d/")];
  const prints = fingerprintSearch(pagesOf(articles), "key", yearOf);

  test("gives one fingerprint per year", () => {
    expect([...prints.keys()]).toEqual(["2018", "2017"]);
  });

  test("ignores what the article page shows after the article: related news and neighbours", () => {
    const changed = [article("/2018/01/01/a/", { related: [{ url: "/2017/05/05/d/" }] as ArticleView["related"], next: { url: "/x/" } as ArticleView["next"] }), articles[1]!];
    expect(fingerprintSearch(pagesOf(changed), "key", yearOf)).toEqual(prints);
  });

  test("changes the year of an article whose indexed text changed, and only that year", () => {
    const changed = [article("/2018/01/01/a/", { title: "Judul baru" }), articles[1]!];
    const next = fingerprintSearch(pagesOf(changed), "key", yearOf);
    expect(next.get("2018")).not.toBe(prints.get("2018"));
    expect(next.get("2017")).toBe(prints.get("2017"));
  });

  test("changes with the rendered body", () => {
    const changed = [article("/2018/01/01/a/", { bodyHtml: "<p>Teks lain.</p>" }), articles[1]!];
    expect(fingerprintSearch(pagesOf(changed), "key", yearOf).get("2018")).not.toBe(prints.get("2018"));
  });

  test("changes every year when the render key changes", () => {
    const next = fingerprintSearch(pagesOf(articles), "other", yearOf);
    expect(next.get("2018")).not.toBe(prints.get("2018"));
    expect(next.get("2017")).not.toBe(prints.get("2017"));
  });
});

describe("planUpdate", () => {
  test("writes new and changed files, keeps unchanged ones and removes files that are gone", () => {
    const plan = planUpdate(new Map([["a", "1"], ["b", "2"], ["c", "3"]]), new Map([["a", "1"], ["b", "9"], ["d", "4"]]));
    expect([...plan.write].sort()).toEqual(["b", "d"]);
    expect(plan.keep).toEqual(["a"]);
    expect(plan.remove).toEqual(["c"]);
  });

  test("against an empty record writes everything: a full build is an update", () => {
    const plan = planUpdate(new Map(), new Map([["a", "1"], ["b", "2"]]));
    expect([...plan.write]).toEqual(["a", "b"]);
    expect(plan.keep).toEqual([]);
    expect(plan.remove).toEqual([]);
  });
});

describe("fingerprintPages", () => {
  const base = [article("/2018/01/01/a/"), article("/2018/01/02/b/")];
  const printsOf = (articles: ArticleView[], extra: Partial<SiteData> = {}) => fingerprintPages(sitePages(siteOf(articles, extra)), "key");
  const prints = printsOf(base);

  test("keys every page by its output path", () => {
    expect([...prints.keys()]).toEqual(expect.arrayContaining(["2018/01/01/a/index.html", "2018/01/02/b/index.html", "index.html", "cari/index.html", "sitemap.xml", "robots.txt", "404.html"]));
  });

  test("an article's related list changes its page, not the lists it is on", () => {
    const next = printsOf([article("/2018/01/01/a/", { related: [{ url: "/x/" }] as ArticleView["related"] }), base[1]!]);
    expect(next.get("2018/01/01/a/index.html")).not.toBe(prints.get("2018/01/01/a/index.html"));
    expect(next.get("index.html")).toBe(prints.get("index.html"));
  });

  test("an article's rendered body changes its page, and its title the lists too", () => {
    const body = printsOf([article("/2018/01/01/a/", { bodyHtml: "<p>Lain.</p>" }), base[1]!]);
    expect(body.get("2018/01/01/a/index.html")).not.toBe(prints.get("2018/01/01/a/index.html"));
    expect(body.get("index.html")).toBe(prints.get("index.html"));
    const title = printsOf([article("/2018/01/01/a/", { title: "Judul lain" }), base[1]!]);
    expect(title.get("index.html")).not.toBe(prints.get("index.html"));
  });

  test("every field a list entry shows changes the list's print: what is hashed is what the template receives", () => {
    const changes: Partial<ArticleView>[] = [
      { summary: "Ringkasan lain" },
      { section: "Nasional" },
      { unpublished: true },
      { date: "2018-01-01T09:00:00+07:00" },
      { outlet: { key: "merdeka", name: "Merdeka.com", url: "https://www.merdeka.com/" } },
    ];
    for (const extra of changes) {
      const next = printsOf([article("/2018/01/01/a/", extra), base[1]!]);
      expect(next.get("index.html"), JSON.stringify(extra)).not.toBe(prints.get("index.html"));
    }
  });

  test("a new year of search shards changes the search page", () => {
    const next = printsOf(base, { searchShards: new Map([["2018", 2], ["2017", 1]]) });
    expect(next.get("cari/index.html")).not.toBe(prints.get("cari/index.html"));
  });

  test("every page changes with the render key (code, templates, settings)", () => {
    const next = fingerprintPages(sitePages(siteOf(base)), "other");
    for (const [path, print] of prints) expect(next.get(path), path).not.toBe(print);
  });
});

describe("fingerprintPages on a real archive", () => {
  const siteOfCount = (count: number) => ({ archive: archiveOf(hourlyArticles(count)), feeds: [], sitemap: [], searchShards: new Map() }) as unknown as SiteData;
  /** List pages an update renders after the archive grows from `count` articles by one newer one. */
  const listPagesAfterAdding = (count: number) =>
    [...planUpdate(fingerprintPages(sitePages(siteOfCount(count)), "key"), fingerprintPages(sitePages(siteOfCount(count + 1)), "key")).write].filter((path) => !/^\d{4}\//.test(path)).sort();

  test("adding the newest article renders the newest page of its lists, no numbered page", () => {
    // 45 → 46 articles, all on one topic, alternating between two outlets: the home, topic and
    // month lists keep page 1 (the oldest 20), and the outlets have one page each. The overview
    // pages show counts.
    expect(listPagesAfterAdding(45)).toEqual([
      "indeks/2017/08/index.html",
      "indeks/index.html",
      "index.html",
      "sumber/index.html",
      "sumber/merdeka/index.html",
      "topik/index.html",
      "topik/topik-uji/index.html",
    ]);
  });

  test("when the newest page passes 39 articles, its oldest 20 become a new numbered page", () => {
    // 59 → 60: pages 1 and 2 of home, topic and month (page 2 is new, page 1 links to it).
    const rendered = listPagesAfterAdding(59);
    for (const list of ["", "topik/topik-uji/", "indeks/2017/08/"]) {
      expect(rendered).toEqual(expect.arrayContaining([`${list}index.html`, `${list}halaman/1/index.html`, `${list}halaman/2/index.html`]));
    }
    expect(rendered.filter((path) => path.includes("halaman/"))).toHaveLength(6);
  });
});

describe("fingerprintPages of the sitemap", () => {
  const siteOfArticles = (articles: ReturnType<typeof hourlyArticles>) => {
    const archive = archiveOf(articles);
    return { archive, feeds: [], sitemap: sitemapFiles(archive), searchShards: new Map() } as unknown as SiteData;
  };
  const lastYear = hourlyArticles(1, () => ({ date: "2016-05-05T09:00:00+07:00" }));
  const sitemapsWritten = (before: SiteData, after: SiteData) =>
    [...planUpdate(fingerprintPages(sitePages(before), "key"), fingerprintPages(sitePages(after), "key")).write].filter((path) => path.startsWith("sitemap")).sort();

  test("keys each child sitemap by its output path beside the index", () => {
    const prints = fingerprintPages(sitePages(siteOfArticles([...hourlyArticles(3), ...lastYear])), "key");
    expect([...prints.keys()].filter((path) => path.startsWith("sitemap")).sort()).toEqual(["sitemap-2016.xml", "sitemap-2017.xml", "sitemap-halaman.xml", "sitemap.xml"]);
  });

  test("a new newest article rewrites its year's file, the pages file and the index, not another year", () => {
    expect(sitemapsWritten(siteOfArticles([...hourlyArticles(3), ...lastYear]), siteOfArticles([...hourlyArticles(4), ...lastYear]))).toEqual(["sitemap-2017.xml", "sitemap-halaman.xml", "sitemap.xml"]);
  });

  test("the same site gives the same prints: nothing to write", () => {
    expect(sitemapsWritten(siteOfArticles(hourlyArticles(3)), siteOfArticles(hourlyArticles(3)))).toEqual([]);
  });
});

describe("PrintMemo", () => {
  /** The pages of an archive; with `memo`, list entries are taken again from it, as the dev server does. */
  const siteOfArticles = (articles: Parameters<typeof archiveOf>[0], memo?: PrintMemo) => {
    const archive = archiveOf(articles);
    return sitePages({ archive, feeds: [], sitemap: [], searchShards: new Map([["2017", archive.articles.length]]) }, memo?.listings);
  };
  const yearOfPage = (page: ArticlePage) => page.url.slice(1, 5);
  const base = hourlyArticles(45, (index) => ({ tags: index % 3 === 0 ? ["Topik Uji", "Jalan Desa"] : ["Topik Uji"] }));
  /** Edits in turn, each to the archive the previous one left: what a dev server sees. */
  const edits: [string, (articles: ReturnType<typeof hourlyArticles>) => ReturnType<typeof hourlyArticles>][] = [
    ["nothing", (articles) => articles],
    ["add the newest article", (articles) => [...articles, syntheticArticle({ title: "Contoh sintetis terbaru tentang jalan desa", date: "2017-08-03T09:30:00+07:00", source: "tempo", tags: ["Topik Uji", "Jalan Desa"] })]],
    ["add a back-filled article", (articles) => [...articles, syntheticArticle({ title: "Contoh sintetis susulan rapat warga", date: "2017-08-01T10:30:00+07:00", source: "merdeka", tags: ["Topik Uji"] })]],
    ["retitle an article", (articles) => articles.map((article, index) => (index === 7 ? { ...article, title: "Judul baru rapat warga dan jalan desa" } : article))],
    ["change an article's topics", (articles) => articles.map((article, index) => (index === 9 ? { ...article, tags: ["Topik Lain"] } : article))],
    ["delete an article", (articles) => articles.filter((_, index) => index !== 11)],
  ];

  test("gives every page the print a fresh fingerprint gives, edit after edit", () => {
    const memo = new PrintMemo();
    let articles = base;
    fingerprintPages(siteOfArticles(articles), "key", memo);
    for (const [name, edit] of edits) {
      articles = edit(articles);
      const pages = siteOfArticles(articles);
      const remembered = fingerprintPages(pages, "key", memo);
      expect(remembered, name).toEqual(fingerprintPages(siteOfArticles(articles), "key"));
      // The search shard's print too: it takes the indexed digest the memo gave.
      expect(fingerprintSearch(pages.articles, "key", yearOfPage), name).toEqual(fingerprintSearch(siteOfArticles(articles).articles, "key", yearOfPage));
    }
  });

  test("serialises only the pages whose data changed", () => {
    const memo = new PrintMemo();
    fingerprintPages(siteOfArticles(base, memo), "key", memo);
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      fingerprintPages(siteOfArticles(base, memo), "key", memo);
      expect(stringify).not.toHaveBeenCalled();
      const retitled = base.map((article, index) => (index === 44 ? { ...article, title: "Judul baru yang terbaru" } : article));
      const prints = fingerprintPages(siteOfArticles(retitled, memo), "key", memo);
      // The article itself, its neighbour's page (its `previous` link), its list entry and the
      // lists showing it; not the 43 other article pages nor their entries.
      expect(stringify.mock.calls.length).toBeGreaterThan(0);
      expect(stringify.mock.calls.length).toBeLessThan(20);
      expect(prints).toEqual(fingerprintPages(siteOfArticles(retitled), "key"));
    } finally {
      stringify.mockRestore();
    }
  });

  test("is not used under another render key", () => {
    const memo = new PrintMemo();
    fingerprintPages(siteOfArticles(base), "key", memo);
    expect(fingerprintPages(siteOfArticles(base), "other", memo)).toEqual(fingerprintPages(siteOfArticles(base), "other"));
  });

  test("never gives a page the print of another kind of page that was at its path", () => {
    const memo = new PrintMemo();
    const pages = siteOfArticles(base);
    // The same data at one path, first as a list page, then as a redirect: two prints.
    const data = { url: "/lama/", to: "/", title: "x", items: [] };
    fingerprintPages({ ...pages, listPages: [data as unknown as ListPage] }, "key", memo);
    const moved = { ...pages, listPages: [], redirects: [data] };
    const prints = fingerprintPages(moved, "key", memo);
    expect(prints.get("lama/index.html")).toBe(fingerprintPages(moved, "key").get("lama/index.html"));
  });
});
