import { describe, expect, test } from "vitest";
import type { ArticleView } from "../../src/archive/archive.ts";
import type { IndexPage } from "../../src/archive/collections.ts";
import { fingerprintArticles, fingerprintSearch, fingerprintSite, outputPathOf, planUpdate, renderBatches, type RenderSet, type SiteData } from "../../src/build/plan.ts";
import { archiveOf, hourlyArticles } from "../helpers/articles.ts";

/** Only what these functions read of an article view; the rest is not needed here. */
function article(url: string, extra: Partial<ArticleView> = {}): ArticleView {
  return { url, title: `Judul ${url}`, body: "Teks.", bodyHtml: "<p>Teks.</p>", outlet: { key: "tempo", name: "Tempo.co", url: "https://www.tempo.co/" }, related: [], ...extra } as unknown as ArticleView;
}

const yearOf = (item: ArticleView) => item.url.slice(1, 5);
const list = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `/topik/x/halaman/${i + 1}/` }) as unknown as IndexPage<ArticleView>);

describe("outputPathOf", () => {
  test("maps a folder URL to its index.html and keeps file URLs", () => {
    expect(outputPathOf("/2017/08/04/x/")).toBe("2017/08/04/x/index.html");
    expect(outputPathOf("/feed.xml")).toBe("feed.xml");
  });
});

describe("renderBatches", () => {
  const set: RenderSet = {
    articles: [article("/2018/01/01/a/"), article("/2018/01/02/b/"), article("/2018/01/03/c/"), article("/2017/05/05/d/")],
    listPages: list(3),
    feeds: [],
    singletons: ["topik", "sitemap"],
  };

  test("renders articles year by year, in batches of at most `size`, and says when a year is complete", () => {
    const batches = renderBatches(set, 2, yearOf);
    expect(batches.map((batch) => [batch.set.articles.map((item) => item.url), batch.completes])).toEqual([
      [["/2018/01/01/a/", "/2018/01/02/b/"], []],
      [["/2018/01/03/c/"], ["2018"]],
      [["/2017/05/05/d/"], ["2017"]],
      [[], []],
      [[], []],
      [[], []],
    ]);
  });

  test("puts list pages after the articles and feeds and singleton pages last", () => {
    const batches = renderBatches(set, 2, yearOf);
    expect(batches.map((batch) => batch.set.listPages.length)).toEqual([0, 0, 0, 2, 1, 0]);
    expect(batches.at(-1)!.set.singletons).toEqual(["topik", "sitemap"]);
    expect(batches.slice(0, -1).every((batch) => batch.set.singletons.length === 0)).toBe(true);
  });

  test("renders every page of the set exactly once", () => {
    const batches = renderBatches(set, 3, yearOf);
    expect(batches.flatMap((batch) => batch.set.articles)).toHaveLength(set.articles.length);
    expect(batches.flatMap((batch) => batch.set.listPages)).toHaveLength(set.listPages.length);
  });

  test("gives no batch for an empty set", () => {
    expect(renderBatches({ articles: [], listPages: [], feeds: [], singletons: [] }, 10, yearOf)).toEqual([]);
  });
});

describe("fingerprintSearch", () => {
  const articles = [article("/2018/01/01/a/"), article("/2017/05/05/d/")];
  const prints = fingerprintSearch(articles, "key", yearOf);

  test("gives one fingerprint per year", () => {
    expect([...prints.keys()]).toEqual(["2018", "2017"]);
  });

  test("ignores what the article page shows after the article: related news and neighbours", () => {
    const changed = [article("/2018/01/01/a/", { related: [{ url: "/2017/05/05/d/" }] as ArticleView["related"], next: { url: "/x/" } as ArticleView["next"] }), articles[1]!];
    expect(fingerprintSearch(changed, "key", yearOf)).toEqual(prints);
  });

  test("changes the year of an article whose indexed text changed, and only that year", () => {
    const changed = [article("/2018/01/01/a/", { title: "Judul baru" }), articles[1]!];
    const next = fingerprintSearch(changed, "key", yearOf);
    expect(next.get("2018")).not.toBe(prints.get("2018"));
    expect(next.get("2017")).toBe(prints.get("2017"));
  });

  test("changes with the rendered body", () => {
    const changed = [article("/2018/01/01/a/", { bodyHtml: "<p>Teks lain.</p>" }), articles[1]!];
    expect(fingerprintSearch(changed, "key", yearOf).get("2018")).not.toBe(prints.get("2018"));
  });

  test("changes every year when the site key changes", () => {
    const next = fingerprintSearch(articles, "other", yearOf);
    expect(next.get("2018")).not.toBe(prints.get("2018"));
    expect(next.get("2017")).not.toBe(prints.get("2017"));
  });
});

describe("planUpdate", () => {
  test("renders new and changed pages and removes pages that are gone", () => {
    const plan = planUpdate(new Map([["a", "1"], ["b", "2"], ["c", "3"]]), new Map([["a", "1"], ["b", "9"], ["d", "4"]]));
    expect([...plan.render].sort()).toEqual(["b", "d"]);
    expect(plan.remove).toEqual(["c"]);
  });
});

describe("fingerprintSite", () => {
  const site = (articles: ArticleView[]): SiteData =>
    ({
      archive: { articles, listPages: [{ url: "/", items: articles }], topicEntries: [], outlets: [], years: [] },
      feeds: [],
      sitemap: [],
      searchShards: new Map([["2018", articles.length]]),
    }) as unknown as SiteData;
  const base = [article("/2018/01/01/a/"), article("/2018/01/02/b/")];
  const prints = fingerprintSite(site(base), "key");

  test("keys every page by its output path", () => {
    expect([...prints.keys()]).toEqual(expect.arrayContaining(["2018/01/01/a/index.html", "2018/01/02/b/index.html", "index.html", "cari/index.html", "sitemap.xml"]));
  });

  test("an article's related list changes its page, not the lists it is on", () => {
    const next = fingerprintSite(site([article("/2018/01/01/a/", { related: [{ url: "/x/" }] as ArticleView["related"] }), base[1]!]), "key");
    expect(next.get("2018/01/01/a/index.html")).not.toBe(prints.get("2018/01/01/a/index.html"));
    expect(next.get("index.html")).toBe(prints.get("index.html"));
  });

  test("an article's rendered body changes its page, and its title the lists too", () => {
    const body = fingerprintSite(site([article("/2018/01/01/a/", { bodyHtml: "<p>Lain.</p>" }), base[1]!]), "key");
    expect(body.get("2018/01/01/a/index.html")).not.toBe(prints.get("2018/01/01/a/index.html"));
    expect(body.get("index.html")).toBe(prints.get("index.html"));
    const title = fingerprintSite(site([article("/2018/01/01/a/", { title: "Judul lain" }), base[1]!]), "key");
    expect(title.get("index.html")).not.toBe(prints.get("index.html"));
  });

  test("a new year of search shards changes the search page", () => {
    const next = fingerprintSite({ ...site(base), searchShards: new Map([["2018", 2], ["2017", 1]]) }, "key");
    expect(next.get("cari/index.html")).not.toBe(prints.get("cari/index.html"));
  });
});

describe("fingerprintSite on a real archive", () => {
  const siteOf = (count: number) =>
    ({ archive: archiveOf(hourlyArticles(count)), feeds: [], sitemap: [], searchShards: new Map() }) as unknown as SiteData;
  /** List pages an update renders after the archive grows from `count` articles by one newer one. */
  const listPagesAfterAdding = (count: number) =>
    [...planUpdate(fingerprintSite(siteOf(count), "key"), fingerprintSite(siteOf(count + 1), "key")).render].filter((path) => !/^\d{4}\//.test(path)).sort();

  test("fingerprints article pages alone as fingerprintSite does, and takes them ready-made", () => {
    const site = siteOf(45);
    const all = fingerprintSite(site, "key");
    const articles = fingerprintArticles(site.archive, "key");
    expect(articles.size).toBe(45);
    for (const [path, print] of articles) expect(all.get(path)).toBe(print);
    expect(fingerprintSite(site, "key", articles)).toEqual(all);
  });

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
