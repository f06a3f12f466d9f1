import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, test, vi } from "vitest";
import { buildArchive, compareNewestFirst, isPublished, sortNewestFirst, type ArchiveOptions } from "../../src/archive/archive.ts";
import { parseArticle, type Article } from "../../src/content/schema.ts";
import { syntheticArticle, testBody, testKeyTerms, testOutlets } from "../helpers/articles.ts";

const outlets = testOutlets;

/** A synthetic article with everything parseArticle would derive. */
const article = syntheticArticle;

/** Shaped like the two seed articles; the text is synthetic. */
const merdekaLike = article({
  title: "Bos Telegram tetap ogah buka data pengguna",
  date: "2017-08-02T10:47:00+07:00",
  source: "merdeka",
  section: "Teknologi",
  reporter: "Fauzan Jamaludin",
  tags: ["Telegram", "Pavel Durov", "Kemenkominfo", "Privasi"],
  body: "Paragraf uji tentang Telegram dan data pengguna.\n\nParagraf uji kedua tentang privasi pengguna Telegram.\n",
});
const tempoLike = article({
  title: "Bos Telegram Pavel Durov: Indonesia Sangat Luar Biasa",
  date: "2017-08-04T14:54:00+07:00",
  source: "tempo",
  section: "Tekno",
  tags: ["Telegram", "Pavel Durov", "Rudiantara", "Kemenkominfo"],
  body: "Paragraf uji tentang Durov.\n\nBaca: Bos Telegram tetap ogah buka data pengguna\n\nBaca: Judul yang tidak ada di arsip\n",
});
const unrelated = article({
  title: "Persija menang di kandang",
  date: "2017-08-03T19:00:00+07:00",
  source: "tempo",
  section: "Bola",
  tags: ["Sepak Bola"],
  body: "Paragraf uji tentang pertandingan.\n",
});

const now = Date.UTC(2017, 7, 10);
const options: ArchiveOptions = { outlets, pathPrefix: "/", includeUnpublished: false, now, keyTerms: testKeyTerms, body: testBody };

describe("buildArchive", () => {
  test("lists the two seed-like articles as each other's related news, with the shared topics", () => {
    const archive = buildArchive([merdekaLike, tempoLike, unrelated], options);
    const byUrl = new Map(archive.articles.map((view) => [view.url, view]));
    const tempo = byUrl.get(tempoLike.url)!;
    const merdeka = byUrl.get(merdekaLike.url)!;
    expect(tempo.related.map((link) => link.url)).toEqual([merdekaLike.url]);
    expect(merdeka.related.map((link) => link.url)).toEqual([tempoLike.url]);
    expect(tempo.related[0]).toMatchObject({
      title: "Bos Telegram tetap ogah buka data pengguna",
      date: "2017-08-02T10:47:00+07:00",
      outletName: "Merdeka.com",
    });
    expect([...tempo.related[0]!.sharedTopics].sort()).toEqual(["Kemenkominfo", "Pavel Durov", "Telegram"]);
    expect(byUrl.get(unrelated.url)!.related).toEqual([]);
  });

  test("lists the two real seed articles as each other's related news", async () => {
    const files = ["articles/2017/merdeka-2017-08-02-bos-telegram-ogah-buka-data.md", "articles/2017/tempo-2017-08-04-bos-telegram-pavel-durov.md"];
    const root = path.resolve(import.meta.dirname, "../..");
    const seeds = await Promise.all(
      files.map(async (file) => parseArticle(await fs.readFile(path.join(root, file), "utf8"), file, [...outlets.keys()])),
    );
    const archive = buildArchive(seeds, { ...options, pathPrefix: "/arsip/" });
    const [tempo, merdeka] = archive.articles;
    expect(tempo!.url).toBe("/2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/");
    expect(merdeka!.url).toBe("/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/");
    expect(tempo!.related.map((link) => link.url)).toEqual([merdeka!.url]);
    expect(merdeka!.related.map((link) => link.url)).toEqual([tempo!.url]);
    expect(tempo!.previous?.url).toBe(merdeka!.url);
    expect(merdeka!.next?.url).toBe(tempo!.url);
  });

  test("lists articles newest first and links each to its neighbours in time", () => {
    const archive = buildArchive([merdekaLike, tempoLike, unrelated], options);
    expect(archive.articles.map((view) => view.url)).toEqual([tempoLike.url, unrelated.url, merdekaLike.url]);
    const [newest, middle, oldest] = archive.articles;
    expect(newest!.next).toBeUndefined();
    expect(newest!.previous).toEqual({ title: unrelated.title, url: unrelated.url, date: unrelated.date, outletName: "Tempo.co" });
    expect(middle!.next?.url).toBe(tempoLike.url);
    expect(middle!.previous?.url).toBe(merdekaLike.url);
    expect(oldest!.next?.url).toBe(unrelated.url);
    expect(oldest!.previous).toBeUndefined();
  });

  test("orders articles with the same moment by URL", () => {
    const a = article({ title: "A sama waktu", date: tempoLike.date, source: "tempo", tags: ["Telegram"] });
    const b = article({ title: "B sama waktu", date: "2017-08-04T07:54:00Z", source: "merdeka", tags: ["Telegram"] });
    expect(buildArchive([b, a], options).articles.map((view) => view.title)).toEqual(["A sama waktu", "B sama waktu"]);
    expect(buildArchive([a, b], options).articles.map((view) => view.title)).toEqual(["A sama waktu", "B sama waktu"]);
  });

  test("links a read-also line to the archived article under the path prefix", () => {
    const archive = buildArchive([merdekaLike, tempoLike], { ...options, pathPrefix: "/arsip/" });
    const tempo = archive.articles.find((view) => view.url === tempoLike.url)!;
    expect(tempo.bodyHtml).toContain(
      '<aside class="baca-juga">\n<p><span class="baca-juga__label">Baca:</span> <a href="/arsip/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/">Bos Telegram tetap ogah buka data pengguna</a></p>\n</aside>',
    );
    expect(tempo.bodyHtml).toContain('<span class="baca-juga__label">Baca:</span> Judul yang tidak ada di arsip</p>');
  });

  test("links a read-also line from the site root without a prefix", () => {
    const tempo = buildArchive([merdekaLike, tempoLike], options).articles.find((view) => view.url === tempoLike.url)!;
    expect(tempo.bodyHtml).toContain('<a href="/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/">');
  });

  test("takes the body template it is given for each parsed article and links its read-also titles to the archive", () => {
    const asked: unknown[] = [];
    const body = (item: Article) => {
      asked.push(item);
      return item === tempoLike ? testBody(item) : { html: `<p>ditanam: ${item.slug}</p>\n`, titles: [] };
    };
    const archive = buildArchive([merdekaLike, tempoLike, unrelated], { ...options, pathPrefix: "/arsip/", body });
    expect(asked).toHaveLength(3);
    expect(asked).toEqual(expect.arrayContaining([merdekaLike, tempoLike, unrelated]));
    const bodyOf = (item: Article) => archive.articles.find((view) => view.url === item.url)!.bodyHtml;
    expect(bodyOf(merdekaLike)).toBe(`<p>ditanam: ${merdekaLike.slug}</p>\n`);
    expect(bodyOf(unrelated)).toBe(`<p>ditanam: ${unrelated.slug}</p>\n`);
    expect(bodyOf(tempoLike)).toContain('<a href="/arsip/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/">Bos Telegram tetap ogah buka data pengguna</a>');
  });

  test("links a read-also line written with a character reference", () => {
    const hidden = { ...tempoLike, body: "Paragraf uji.\n\n&#66;aca: Bos Telegram tetap ogah buka data pengguna\n" };
    expect(testBody(hidden).titles).toEqual(["Bos Telegram tetap ogah buka data pengguna"]);
    const view = buildArchive([merdekaLike, hidden], { ...options, pathPrefix: "/arsip/" }).articles.find((item) => item.url === hidden.url)!;
    expect(view.bodyHtml).toContain('<a href="/arsip/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/">Bos Telegram tetap ogah buka data pengguna</a>');
  });

  test("leaves out drafts and future articles in production", () => {
    const draft = article({ title: "Draf uji Telegram", date: "2017-08-05T10:00:00+07:00", source: "tempo", tags: ["Telegram"], draft: true });
    const future = article({ title: "Berita uji mendatang", date: "2017-08-20T10:00:00+07:00", source: "tempo", tags: ["Telegram"] });
    const archive = buildArchive([merdekaLike, tempoLike, draft, future], options);
    expect(archive.articles.map((view) => view.url)).toEqual([tempoLike.url, merdekaLike.url]);
    expect(archive.articles.every((view) => !view.unpublished)).toBe(true);
    expect(archive.articles.flatMap((view) => view.related.map((link) => link.url))).not.toContain(draft.url);
    expect(archive.topicEntries.find((entry) => entry.name === "Telegram")?.count).toBe(2);
    expect(archive.homePages[0]!.count).toBe(2);
  });

  test("does not link a read-also line to a draft in production", () => {
    const draftTarget = { ...merdekaLike, draft: true };
    const tempo = buildArchive([draftTarget, tempoLike], options).articles[0]!;
    expect(tempo.bodyHtml).toContain('<span class="baca-juga__label">Baca:</span> Bos Telegram tetap ogah buka data pengguna</p>');
  });

  test("keeps drafts and future articles, marked unpublished, when includeUnpublished is set", () => {
    const draft = article({ title: "Draf uji Telegram", date: "2017-08-05T10:00:00+07:00", source: "tempo", tags: ["Telegram"], draft: true });
    const future = article({ title: "Berita uji mendatang", date: "2017-08-20T10:00:00+07:00", source: "tempo", tags: ["Telegram"] });
    const archive = buildArchive([merdekaLike, tempoLike, draft, future], { ...options, includeUnpublished: true });
    expect(archive.articles.map((view) => [view.title, view.unpublished])).toEqual([
      ["Berita uji mendatang", true],
      ["Draf uji Telegram", true],
      [tempoLike.title, false],
      [merdekaLike.title, false],
    ]);
  });

  test("gives each article its outlet, rubric URL and topics with their display names", () => {
    const variant = article({ title: "Durov lagi", date: "2017-08-01T10:00:00+07:00", source: "merdeka", tags: ["pavel durov", "TELEGRAM"] });
    const archive = buildArchive([merdekaLike, tempoLike, variant], options);
    const view = archive.articles.find((entry) => entry.url === variant.url)!;
    expect(view.outlet).toEqual(outlets.get("merdeka"));
    expect(view.outletUrl).toBe("/sumber/merdeka/");
    expect(view.sectionUrl).toBeUndefined();
    expect(view.topics).toEqual([
      { name: "Pavel Durov", slug: "pavel-durov", url: "/topik/pavel-durov/" },
      { name: "Telegram", slug: "telegram", url: "/topik/telegram/" },
    ]);
    const tempo = archive.articles.find((entry) => entry.url === tempoLike.url)!;
    expect(tempo.sectionUrl).toBe("/sumber/tempo/rubrik/tekno/");
    expect(archive.warnings).toEqual([]);
  });

  test("gives every view the same fields in the same order, without the Markdown source, whichever fields the article has", () => {
    const bare = article({ title: "Durov lagi", date: "2017-08-01T10:00:00+07:00", source: "merdeka", tags: ["Telegram"] });
    const archive = buildArchive([merdekaLike, tempoLike, unrelated, bare], options);
    const keys = archive.articles.map((view) => Object.keys(view).join(","));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]!.split(",")).not.toContain("body");
    // The fields the article lacks are there as undefined, which JSON leaves out.
    const view = archive.articles.find((entry) => entry.url === bare.url)!;
    expect(view.reporter).toBeUndefined();
    expect(JSON.parse(JSON.stringify(view))).not.toHaveProperty("reporter");
    expect(view.title).toBe("Durov lagi");
    expect(archive.articles.find((entry) => entry.url === merdekaLike.url)!.reporter).toBe("Fauzan Jamaludin");
  });

  test("passes on the warning for two topic names that share a URL", () => {
    const a = article({ title: "Bahasa C++", date: "2017-08-01T10:00:00+07:00", source: "tempo", tags: ["C++"] });
    const b = article({ title: "Bahasa C", date: "2017-08-02T10:00:00+07:00", source: "tempo", tags: ["C"] });
    expect(buildArchive([a, b], options).warnings).toEqual([
      'topics "C", "C++" share the URL /topik/c/ and are shown as one; rename one of them if they are different topics',
    ]);
  });

  test("builds the indexes from the published articles", () => {
    const archive = buildArchive([merdekaLike, tempoLike, unrelated], options);
    expect(archive.outlets.map((entry) => [entry.outlet.key, entry.count])).toEqual([
      ["merdeka", 1],
      ["tempo", 2],
    ]);
    expect(archive.years).toEqual([
      { year: "2017", count: 3, months: [{ name: "Agustus 2017", url: "/indeks/2017/08/", count: 3, month: "08" }] },
    ]);
    const telegram = archive.topicPages.find((page) => page.url === "/topik/telegram/")!;
    expect(telegram.items.map((view) => view.url)).toEqual([tempoLike.url, merdekaLike.url]);
    expect(telegram.items[0]).toBe(archive.articles[0]);
  });

  test("gives the same archive for the same articles in any order", () => {
    const forward = buildArchive([merdekaLike, tempoLike, unrelated], options);
    const backward = buildArchive([unrelated, tempoLike, merdekaLike], options);
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
  });

  test("relates articles by the key terms it is given for each parsed article, not by its own", () => {
    const a = article({ title: "Pelabuhan baru dibuka", date: "2016-01-01T08:00:00+07:00", source: "tempo", tags: ["Uji A"], body: "Kapal bersandar." });
    const b = article({ title: "Harga cabai naik", date: "2016-01-02T08:00:00+07:00", source: "merdeka", tags: ["Uji B"], body: "Pedagang mengeluh." });
    const asked: unknown[] = [];
    const keyTerms = (item: typeof a) => {
      asked.push(item);
      return ["sintetis", item.slug];
    };
    const archive = buildArchive([a, b], { ...options, keyTerms });
    expect(asked).toHaveLength(2);
    expect(asked).toContain(a);
    expect(asked).toContain(b);
    const view = archive.articles.find((item) => item.url === a.url)!;
    expect(view.related).toMatchObject([{ url: b.url, sharedTopics: [], sharedTerms: ["sintetis"] }]);
    expect(buildArchive([a, b], options).articles.every((item) => item.related.length === 0)).toBe(true);
  });

  test("gives an empty archive for no articles", () => {
    const archive = buildArchive([], options);
    expect(archive.articles).toEqual([]);
    expect(archive.homePages).toHaveLength(1);
    expect(archive.warnings).toEqual([]);
  });
});

describe("isPublished", () => {
  test("is true for a non-draft dated at or before now", () => {
    expect(isPublished(tempoLike, tempoLike.epochMs)).toBe(true);
    expect(isPublished(tempoLike, now)).toBe(true);
  });

  test("is false for a draft or an article dated after now", () => {
    expect(isPublished({ ...tempoLike, draft: true }, now)).toBe(false);
    expect(isPublished(tempoLike, tempoLike.epochMs - 1)).toBe(false);
  });
});

describe("compareNewestFirst", () => {
  test("puts the newer article first, then orders by URL", () => {
    expect(compareNewestFirst(tempoLike, merdekaLike)).toBeLessThan(0);
    expect(compareNewestFirst(merdekaLike, tempoLike)).toBeGreaterThan(0);
    const twin = { ...tempoLike, url: "/2017/08/04/a/" };
    expect(compareNewestFirst(twin, tempoLike)).toBeLessThan(0);
    expect(compareNewestFirst(tempoLike, tempoLike)).toBe(0);
  });

  test("sortNewestFirst gives the order of a sort by compareNewestFirst, ties by URL, for articles of any shape", () => {
    // Equal times (ties broken by URL), and articles with and without optional fields.
    const articles = Array.from({ length: 60 }, (_, n) => ({
      ...(n % 2 === 0 ? tempoLike : { ...merdekaLike, section: "Teknologi" }),
      epochMs: tempoLike.epochMs - (n % 7) * 3_600_000,
      url: `/2017/08/0${n % 9}/artikel-${(n * 37) % 60}/`,
    }));
    const sorted = sortNewestFirst(articles);
    expect(sorted).toEqual([...articles].sort(compareNewestFirst));
    expect(sorted).not.toEqual(articles);
    expect(new Set(sorted).size).toBe(articles.length);
  });
});

describe("buildArchive across builds (the dev server's process)", () => {
  test("a build after edits equals a build from scratch: nothing is kept between builds", async () => {
    const first = [
      article({ title: "Pelabuhan baru dibuka", date: "2016-01-01T08:00:00+07:00", source: "tempo", tags: ["Uji A"], body: "Kapal kontainer bersandar di dermaga." }),
      article({ title: "Dermaga diperpanjang", date: "2016-01-02T08:00:00+07:00", source: "merdeka", tags: ["Uji B"], body: "Kontainer menumpuk di dermaga timur. Kontainer lain menunggu." }),
      article({ title: "Harga cabai naik", date: "2016-01-03T08:00:00+07:00", source: "tempo", tags: ["Uji C"], body: "Pedagang pasar mengeluh." }),
    ];
    buildArchive(first, options);
    // The third article now shares words with the first two; the first one loses them.
    const second = [
      { ...first[0]!, body: "Festival musik digelar di alun-alun." },
      first[1]!,
      { ...first[2]!, body: "Kontainer cabai tertahan di dermaga. Dermaga penuh kontainer." },
    ];
    const again = buildArchive(second, options);
    vi.resetModules();
    const fresh = (await import("../../src/archive/archive.ts")).buildArchive(second, options);
    expect(again).toEqual(fresh);
    expect(again.articles.find((item) => item.title === "Harga cabai naik")!.related.map((link) => link.title)).toContain("Dermaga diperpanjang");
  });
});
