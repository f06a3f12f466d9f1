import { describe, expect, test } from "vitest";
import { buildCollections, sectionPageUrl, type IndexPage, type Listable, type Outlet } from "../../src/archive/collections.ts";
import { slugify } from "../../src/content/slug.ts";
import { collectTopics } from "../../src/archive/topics.ts";

interface Story extends Listable {
  id: string;
  tags: string[];
}

const outlets = new Map<string, Outlet>([
  ["tempo", { key: "tempo", name: "Tempo.co", url: "https://www.tempo.co/" }],
  ["merdeka", { key: "merdeka", name: "Merdeka.com", url: "https://www.merdeka.com/" }],
  ["antara", { key: "antara", name: "Antara", url: "https://www.antaranews.com/" }],
]);

/** Builds the collections the way archive.ts does: newest first in, topics from topics.ts. */
function collect(stories: Omit<Story, "topics">[]) {
  const index = collectTopics(stories, (story) => story.tags);
  const withTopics: Story[] = stories.map((story) => ({
    ...story,
    topics: story.tags.map((tag) => {
      const { name, slug, url } = index.bySlug.get(slugify(tag))!;
      return { name, slug, url };
    }),
  }));
  const byId = new Map(withTopics.map((story) => [story.id, story]));
  const topics = index.topics.map((topic) => ({ ...topic, items: topic.items.map((story) => byId.get(story.id)!) }));
  return { collections: buildCollections(withTopics, topics, outlets), warnings: index.warnings };
}

const ids = (page: IndexPage<Story> | undefined) => page?.items.map((story) => story.id);

/** Newest first, as buildCollections expects. */
const stories: Omit<Story, "topics">[] = [
  { id: "t2", date: "2017-09-02T08:00:00+07:00", source: "tempo", section: "Tekno", reporter: "Nur Qolbi", tags: ["Telegram"] },
  { id: "t1", date: "2017-08-04T14:54:00+07:00", source: "tempo", section: "Tekno", tags: ["Telegram", "Pavel Durov"] },
  { id: "m2", date: "2017-08-02T10:47:00+07:00", source: "merdeka", section: "Teknologi", reporter: "Fauzan Jamaludin", tags: ["telegram", "Pável Durov"] },
  // 07:00 on 1 August in Jakarta, still 31 July in UTC.
  { id: "m1", date: "2017-07-31T17:00:00Z", source: "merdeka", reporter: "Fauzan Jamaludin", tags: ["Kemenkominfo"] },
  { id: "t0", date: "2016-12-31T23:00:00+07:00", source: "tempo", section: "Nasional", tags: ["Kemenkominfo"] },
];

describe("buildCollections", () => {
  const { collections, warnings } = collect(stories);

  test("lists every article on the home page, in the order given", () => {
    expect(collections.homePages).toHaveLength(1);
    expect(collections.homePages[0]).toMatchObject({ kind: "home", url: "/", count: 5 });
    expect(ids(collections.homePages[0])).toEqual(["t2", "t1", "m2", "m1", "t0"]);
    expect(collections.homePages[0]!.name).toBeUndefined();
  });

  test("gives one entry and one page per topic, spellings by case or accent merged without a warning", () => {
    expect(warnings).toEqual([]);
    expect(collections.topicEntries).toEqual([
      { name: "Kemenkominfo", url: "/topik/kemenkominfo/", count: 2 },
      { name: "Pavel Durov", url: "/topik/pavel-durov/", count: 2 },
      { name: "Telegram", url: "/topik/telegram/", count: 3 },
    ]);
    const telegram = collections.topicPages.find((page) => page.url === "/topik/telegram/");
    expect(telegram).toMatchObject({ kind: "topic", name: "Telegram", count: 3 });
    expect(ids(telegram)).toEqual(["t2", "t1", "m2"]);
  });

  test("gives each outlet a page, sorted by outlet name, with its count", () => {
    expect(collections.outlets.map((entry) => [entry.outlet.name, entry.url, entry.count])).toEqual([
      ["Merdeka.com", "/sumber/merdeka/", 2],
      ["Tempo.co", "/sumber/tempo/", 3],
    ]);
    const tempo = collections.sourcePages.find((page) => page.kind === "source" && page.url === "/sumber/tempo/");
    expect(tempo).toMatchObject({ name: "Tempo.co", count: 3, outlet: outlets.get("tempo") });
    expect(ids(tempo)).toEqual(["t2", "t1", "t0"]);
  });

  test("leaves out outlets without articles", () => {
    expect(collections.sourcePages.some((page) => page.outlet?.key === "antara")).toBe(false);
  });

  test("gives each rubric of an outlet a page and an entry with its count", () => {
    const tempo = collections.outlets.find((entry) => entry.outlet.key === "tempo")!;
    expect(tempo.sections).toEqual([
      { name: "Nasional", url: "/sumber/tempo/rubrik/nasional/", count: 1 },
      { name: "Tekno", url: "/sumber/tempo/rubrik/tekno/", count: 2 },
    ]);
    const tekno = collections.sourcePages.find((page) => page.url === "/sumber/tempo/rubrik/tekno/");
    expect(tekno).toMatchObject({ kind: "section", name: "Tekno", count: 2, outlet: outlets.get("tempo") });
    expect(ids(tekno)).toEqual(["t2", "t1"]);
  });

  test("gives each reporter of an outlet a page and an entry; articles without one are left out", () => {
    const merdeka = collections.outlets.find((entry) => entry.outlet.key === "merdeka")!;
    expect(merdeka.reporters).toEqual([{ name: "Fauzan Jamaludin", url: "/sumber/merdeka/penulis/fauzan-jamaludin/", count: 2 }]);
    expect(merdeka.sections).toEqual([{ name: "Teknologi", url: "/sumber/merdeka/rubrik/teknologi/", count: 1 }]);
    const fauzan = collections.sourcePages.find((page) => page.kind === "reporter" && page.url === "/sumber/merdeka/penulis/fauzan-jamaludin/");
    expect(fauzan).toMatchObject({ name: "Fauzan Jamaludin", count: 2, outlet: outlets.get("merdeka") });
    expect(ids(fauzan)).toEqual(["m2", "m1"]);
    const tempo = collections.outlets.find((entry) => entry.outlet.key === "tempo")!;
    expect(tempo.reporters).toEqual([{ name: "Nur Qolbi", url: "/sumber/tempo/penulis/nur-qolbi/", count: 1 }]);
  });

  test("groups months by the Jakarta calendar, newest first, with Indonesian names", () => {
    expect(collections.years).toEqual([
      {
        year: "2017",
        count: 4,
        months: [
          { name: "September 2017", url: "/indeks/2017/09/", count: 1, month: "09" },
          { name: "Agustus 2017", url: "/indeks/2017/08/", count: 3, month: "08" },
        ],
      },
      { year: "2016", count: 1, months: [{ name: "Desember 2016", url: "/indeks/2016/12/", count: 1, month: "12" }] },
    ]);
    const august = collections.monthPages.find((page) => page.url === "/indeks/2017/08/");
    expect(august).toMatchObject({ kind: "month", name: "Agustus 2017", count: 3 });
    expect(ids(august)).toEqual(["t1", "m2", "m1"]);
    expect(collections.monthPages.map((page) => page.url)).toEqual(["/indeks/2017/09/", "/indeks/2017/08/", "/indeks/2016/12/"]);
  });

  test("puts every list page in listPages: home, topics, outlets, months", () => {
    expect(collections.listPages.map((page) => `${page.kind} ${page.url}`)).toEqual([
      "home /",
      "topic /topik/kemenkominfo/",
      "topic /topik/pavel-durov/",
      "topic /topik/telegram/",
      "source /sumber/merdeka/",
      "section /sumber/merdeka/rubrik/teknologi/",
      "reporter /sumber/merdeka/penulis/fauzan-jamaludin/",
      "source /sumber/tempo/",
      "section /sumber/tempo/rubrik/nasional/",
      "section /sumber/tempo/rubrik/tekno/",
      "reporter /sumber/tempo/penulis/nur-qolbi/",
      "month /indeks/2017/09/",
      "month /indeks/2017/08/",
      "month /indeks/2016/12/",
    ]);
  });

  test("paginates long lists from the oldest, the newest page counting the whole list", () => {
    const many = Array.from({ length: 45 }, (_, index) => ({
      id: `s${index}`,
      date: `2017-08-${String(28 - Math.floor(index / 2)).padStart(2, "0")}T10:00:00+07:00`,
      source: "tempo",
      tags: ["Telegram"],
    }));
    const { collections: big } = collect(many);
    // 45 articles: the oldest 20 on page 1, the newest 25 on the newest page.
    expect(big.homePages.map((page) => [page.url, page.items.length, page.count])).toEqual([
      ["/", 25, 45],
      ["/halaman/1/", 20, undefined],
    ]);
    expect(big.homePages[1]!.items.map((item) => item.id)).toEqual(many.slice(25).map((item) => item.id));
    expect(big.topicPages.map((page) => page.url)).toEqual(["/topik/telegram/", "/topik/telegram/halaman/1/"]);
    expect(big.sourcePages.map((page) => page.url)).toEqual(["/sumber/tempo/", "/sumber/tempo/halaman/1/"]);
  });

  test("gives an empty archive one empty home page and nothing else", () => {
    const { collections: empty } = collect([]);
    expect(empty.homePages.map((page) => [page.url, page.items, page.count])).toEqual([["/", [], 0]]);
    expect(empty.listPages).toHaveLength(1);
    expect(empty.years).toEqual([]);
    expect(empty.outlets).toEqual([]);
  });

  test("warns when two different topic names share a URL", () => {
    const { collections: merged, warnings: found } = collect([
      { id: "a", date: "2017-08-02T10:47:00+07:00", source: "tempo", tags: ["C++"] },
      { id: "b", date: "2017-08-01T10:47:00+07:00", source: "tempo", tags: ["C"] },
    ]);
    expect(found).toHaveLength(1);
    expect(merged.topicEntries).toEqual([{ name: "C", url: "/topik/c/", count: 2 }]);
  });
});

describe("sectionPageUrl", () => {
  test("gives a rubric's page from its name", () => {
    expect(sectionPageUrl("tempo", "Sains & Teknologi")).toBe("/sumber/tempo/rubrik/sains-dan-teknologi/");
  });
});

describe("buildCollections with rubric and reporter spellings", () => {
  const spelled: Omit<Story, "topics">[] = [
    { id: "a3", date: "2017-09-03T08:00:00+07:00", source: "tempo", section: "tekno", reporter: "andi saputra", tags: ["X"] },
    { id: "a2", date: "2017-09-02T08:00:00+07:00", source: "tempo", section: "Tekno", reporter: "Andi Saputra", tags: ["X"] },
    { id: "a1", date: "2017-09-01T08:00:00+07:00", source: "tempo", section: "Tekno", reporter: "Andi Saputra", tags: ["X"] },
    { id: "a0", date: "2017-08-01T08:00:00+07:00", source: "tempo", section: "***", reporter: "—", tags: ["X"] },
  ];

  test("two spellings of one rubric or reporter are one page under the most used spelling, without warning", () => {
    const { collections } = collect(spelled);
    const urls = collections.sourcePages.map((page) => page.url);
    expect(new Set(urls).size).toBe(urls.length);
    const tempo = collections.outlets.find((entry) => entry.outlet.key === "tempo")!;
    expect(tempo.sections).toEqual([{ name: "Tekno", url: "/sumber/tempo/rubrik/tekno/", count: 3 }]);
    expect(tempo.reporters).toEqual([{ name: "Andi Saputra", url: "/sumber/tempo/penulis/andi-saputra/", count: 3 }]);
    expect(collections.warnings).toEqual([]);
  });

  test("names without letters or digits get no page and no URL", () => {
    expect(sectionPageUrl("tempo", "***")).toBeUndefined();
    const names = collect(spelled).collections.sourcePages.map((page) => page.name);
    expect(names).not.toContain("***");
    expect(names).not.toContain("—");
  });

  test("different rubric names that share a slug are reported", () => {
    const { collections } = collect([{ ...spelled[0]!, section: "C++" }, { ...spelled[1]!, section: "C" }]);
    expect(collections.warnings).toHaveLength(1);
    expect(collections.warnings[0]).toContain("/sumber/tempo/rubrik/c/");
  });
});
