import { mulberry32 } from "../../bench/corpus.ts";
import { beforeAll, describe, expect, test } from "vitest";
import { createRelatedIndex, defaultRelatedOptions, findRelated, type RelatedDoc, type RelatedMatch } from "../../src/archive/related.ts";

const day = 86_400_000;
/** 2017-08-04T07:54:00Z, the Tempo seed article's instant. */
const t0 = Date.UTC(2017, 7, 4, 7, 54);

function doc(id: string, fields: Partial<Omit<RelatedDoc, "id">> = {}): RelatedDoc {
  return { id, topics: [], terms: [], source: "tempo", publishedAt: t0, ...fields };
}

function ids(matches: RelatedMatch[] | undefined): string[] {
  return (matches ?? []).map((match) => match.id);
}

/** The benchmark corpus's seeded PRNG, so the synthetic archive is the same on every run. */
const prng = mulberry32;

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe("findRelated", () => {
  test("ranks a doc sharing a rare topic above one sharing a common topic", () => {
    const docs = [
      doc("a", { topics: ["durov", "telegram"] }),
      doc("rare", { topics: ["durov"] }),
      doc("common", { topics: ["telegram"] }),
      // "telegram" is on many docs, "durov" on two.
      ...Array.from({ length: 20 }, (_, i) => doc(`filler-${i}`, { topics: ["telegram"], publishedAt: t0 - 400 * day })),
    ];
    const related = findRelated(docs);
    expect(ids(related.get("a")).slice(0, 2)).toEqual(["rare", "common"]);
    const [rare, common] = related.get("a")!;
    expect(rare!.score).toBeGreaterThan(common!.score);
    expect(rare!.sharedTopics).toEqual(["durov"]);
  });

  test("ranks the doc closer in time first when all else is equal", () => {
    const docs = [
      doc("a", { topics: ["telegram"] }),
      doc("far", { topics: ["telegram"], publishedAt: t0 - 90 * day }),
      doc("near", { topics: ["telegram"], publishedAt: t0 - 2 * day }),
    ];
    expect(ids(findRelated(docs).get("a"))).toEqual(["near", "far"]);
  });

  test("halves the time bonus every halfLifeDays", () => {
    const docs = [
      doc("a", { topics: ["telegram"] }),
      doc("now", { topics: ["telegram"] }),
      doc("later", { topics: ["telegram"], publishedAt: t0 + 30 * day }),
    ];
    const matches = findRelated(docs, { sourceWeight: 0 }).get("a")!;
    const [now, later] = matches;
    expect(now!.id).toBe("now");
    expect(now!.score - later!.score).toBeCloseTo(defaultRelatedOptions.timeWeight / 2, 10);
  });

  test("ranks the doc from the same outlet and rubric first when all else is equal", () => {
    const docs = [
      doc("a", { topics: ["telegram"], source: "tempo", section: "Tekno" }),
      doc("other-outlet", { topics: ["telegram"], source: "merdeka", section: "Tekno" }),
      doc("same-outlet", { topics: ["telegram"], source: "tempo", section: "Nasional" }),
      doc("same-rubric", { topics: ["telegram"], source: "tempo", section: "Tekno" }),
    ];
    expect(ids(findRelated(docs).get("a"))).toEqual(["same-rubric", "same-outlet", "other-outlet"]);
  });

  test("relates docs that share only a key term", () => {
    const docs = [
      doc("a", { topics: ["telegram"], terms: ["durov", "blokir"] }),
      doc("b", { topics: ["politik"], terms: ["durov"] }),
    ];
    expect(findRelated(docs).get("a")).toEqual([
      { id: "b", score: expect.any(Number), sharedTopics: [], sharedTerms: ["durov"] },
    ]);
  });

  test("never relates two docs by the same outlet, rubric and time alone", () => {
    const docs = [
      doc("a", { topics: ["telegram"], terms: ["durov"], section: "Tekno" }),
      doc("b", { topics: ["sepak-bola"], terms: ["persija"], section: "Tekno" }),
    ];
    const related = findRelated(docs);
    expect(related.get("a")).toEqual([]);
    expect(related.get("b")).toEqual([]);
  });

  test("never lists a doc as related to itself", () => {
    const docs = [doc("a", { topics: ["telegram"], terms: ["durov"] }), doc("b", { topics: ["telegram"] })];
    const related = findRelated(docs);
    expect(ids(related.get("a"))).toEqual(["b"]);
    expect(ids(related.get("b"))).toEqual(["a"]);
  });

  test("gives every doc an entry, empty when nothing is related", () => {
    const related = findRelated([doc("alone", { topics: ["telegram"] })]);
    expect([...related]).toEqual([["alone", []]]);
  });

  test("breaks a tie in score by listing the newer doc first", () => {
    const docs = [
      doc("a", { topics: ["telegram"] }),
      doc("older", { topics: ["telegram"], publishedAt: t0 - 3 * day }),
      doc("newer", { topics: ["telegram"], publishedAt: t0 + 3 * day }),
    ];
    const [first, second] = findRelated(docs).get("a")!;
    expect(first!.score).toBe(second!.score);
    expect([first!.id, second!.id]).toEqual(["newer", "older"]);
  });

  test("breaks a tie in score and time by id", () => {
    const docs = [
      doc("a", { topics: ["telegram"] }),
      doc("c", { topics: ["telegram"], publishedAt: t0 - day }),
      doc("b", { topics: ["telegram"], publishedAt: t0 - day }),
      doc("d", { topics: ["telegram"], publishedAt: t0 - day }),
    ];
    expect(ids(findRelated(docs).get("a"))).toEqual(["b", "c", "d"]);
  });

  test("returns at most `limit` matches, the best ones", () => {
    const docs = [
      doc("a", { topics: ["telegram"] }),
      ...Array.from({ length: 12 }, (_, i) => doc(`b${String(i).padStart(2, "0")}`, { topics: ["telegram"], publishedAt: t0 - (i + 1) * day })),
    ];
    expect(findRelated(docs).get("a")).toHaveLength(defaultRelatedOptions.limit);
    expect(ids(findRelated(docs, { limit: 3 }).get("a"))).toEqual(["b00", "b01", "b02"]);
    expect(ids(findRelated(docs, { limit: 20 }).get("a"))).toHaveLength(12);
  });

  test("lists shared topics and terms rarest first", () => {
    const docs = [
      doc("a", { topics: ["telegram", "durov"], terms: ["aplikasi", "kominfo"] }),
      doc("b", { topics: ["telegram", "durov"], terms: ["aplikasi", "kominfo"] }),
      doc("c", { topics: ["telegram"], terms: ["aplikasi"] }),
    ];
    const [match] = findRelated(docs).get("a")!;
    expect(match).toMatchObject({ id: "b", sharedTopics: ["durov", "telegram"], sharedTerms: ["kominfo", "aplikasi"] });
  });

  test("finds only the docs nearest in time through a topic with more than maxPostings docs", () => {
    const docs = Array.from({ length: 9 }, (_, i) => doc(`d${i}`, { topics: ["telegram"], publishedAt: t0 + i * day }));
    const related = findRelated(docs, { maxPostings: 4, window: 2 });
    expect(ids(related.get("d4")).sort()).toEqual(["d2", "d3", "d5", "d6"]);
    expect(ids(related.get("d0")).sort()).toEqual(["d1", "d2"]);
  });

  test("still counts a crowded topic for a doc found through a rarer one", () => {
    const docs = [
      ...Array.from({ length: 9 }, (_, i) => doc(`d${i}`, { topics: ["telegram"], publishedAt: t0 + i * day })),
      doc("far", { topics: ["telegram", "durov"], publishedAt: t0 + 400 * day }),
      doc("self", { topics: ["telegram", "durov"], publishedAt: t0 - 400 * day }),
    ];
    const [match] = findRelated(docs, { maxPostings: 4, window: 1 }).get("self")!;
    expect(match).toMatchObject({ id: "far", sharedTopics: ["durov", "telegram"] });
  });

  test("does not look for candidates through a term on more than maxTermPostings docs", () => {
    const docs = [
      doc("a", { topics: ["x"], terms: ["umum"] }),
      doc("b", { topics: ["y"], terms: ["umum"] }),
      doc("c", { topics: ["z"], terms: ["umum"] }),
    ];
    expect(ids(findRelated(docs, { maxTermPostings: 2 }).get("a"))).toEqual([]);
    expect(ids(findRelated(docs, { maxTermPostings: 3 }).get("a"))).toEqual(["b", "c"]);
  });

  test("gives the same output for the same docs in any order", () => {
    const random = prng(42);
    const topics = ["telegram", "durov", "kominfo", "privasi", "rudiantara", "blokir"];
    const docs = Array.from({ length: 60 }, (_, i) =>
      doc(`doc-${i}`, {
        topics: topics.filter(() => random() < 0.3),
        terms: ["aplikasi", "pesan", "kanal", "radikal"].filter(() => random() < 0.3),
        source: random() < 0.5 ? "tempo" : "merdeka",
        // Few distinct times, so ties in time are common.
        publishedAt: t0 + Math.floor(random() * 5) * day,
      }),
    );
    const sortedEntries = (related: Map<string, RelatedMatch[]>) => [...related].sort(([a], [b]) => (a < b ? -1 : 1));
    const expected = sortedEntries(findRelated(docs));
    for (let round = 0; round < 5; round++) {
      expect(sortedEntries(findRelated(shuffled(docs, random)))).toStrictEqual(expected);
    }
  });

  test("keeps the newer, then the smaller id, when a tie in score falls across the limit", () => {
    // Listed worst first, so a list that kept the first comers would keep the wrong ones.
    const docs = [
      doc("a", { topics: ["telegram"] }),
      doc("e", { topics: ["telegram"], publishedAt: t0 - day }),
      doc("d", { topics: ["telegram"], publishedAt: t0 - day }),
      doc("c", { topics: ["telegram"], publishedAt: t0 + day }),
      doc("b", { topics: ["telegram"], publishedAt: t0 + day }),
    ];
    expect(ids(findRelated(docs, { limit: 3 }).get("a"))).toEqual(["b", "c", "d"]);
    expect(ids(findRelated(docs, { limit: 1 }).get("a"))).toEqual(["b"]);
  });

  test("gives every doc an empty list when limit is 0", () => {
    const docs = [doc("a", { topics: ["telegram"] }), doc("b", { topics: ["telegram"] })];
    expect([...findRelated(docs, { limit: 0 })]).toEqual([["a", []], ["b", []]]);
  });

  describe("against a plain comparison of every pair", () => {
    // The formula of the module header, term by term in the same order, over all pairs: what
    // findRelated must give exactly, however it skips candidates that cannot make the list.
    function bruteForce(docs: readonly RelatedDoc[], options: Partial<typeof defaultRelatedOptions>): Map<string, RelatedMatch[]> {
      const settings = { ...defaultRelatedOptions, ...options };
      const df = (key: string, field: "topics" | "terms") => docs.filter((other) => other[field].includes(key)).length;
      const idf = (key: string, field: "topics" | "terms") => Math.log(1 + docs.length / df(key, field));
      const result = new Map<string, RelatedMatch[]>();
      for (const self of docs) {
        const matches: (RelatedMatch & { time: number })[] = [];
        for (const other of docs) {
          if (other === self) continue;
          const sharedTopics = self.topics.filter((topic) => other.topics.includes(topic));
          const sharedTerms = self.terms.filter((term) => other.terms.includes(term));
          const findingTerms = sharedTerms.filter((term) => df(term, "terms") <= settings.maxTermPostings);
          if (sharedTopics.length === 0 && findingTerms.length === 0) continue;
          let score = 0;
          for (const topic of sharedTopics) score += idf(topic, "topics");
          for (const term of findingTerms) score += settings.termWeight * idf(term, "terms");
          if (other.source === self.source) {
            score += settings.sourceWeight;
            if (self.section !== undefined && other.section === self.section) score += settings.sectionWeight;
          }
          score += settings.timeWeight * 2 ** (-(Math.abs(other.publishedAt - self.publishedAt) / day) / settings.halfLifeDays);
          const rarest = (field: "topics" | "terms") => (a: string, b: string) => idf(b, field) - idf(a, field) || (a < b ? -1 : 1);
          matches.push({ id: other.id, score, time: other.publishedAt, sharedTopics: sharedTopics.sort(rarest("topics")), sharedTerms: sharedTerms.sort(rarest("terms")) });
        }
        matches.sort((a, b) => b.score - a.score || b.time - a.time || (a.id < b.id ? -1 : 1));
        result.set(self.id, matches.slice(0, settings.limit).map(({ time: _, ...match }) => match));
      }
      return result;
    }

    const random = prng(8);
    const docs = Array.from({ length: 150 }, (_, i) =>
      doc(`doc-${String(i).padStart(3, "0")}`, {
        topics: [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => `topik-${Math.floor(30 * random() ** 2)}`))],
        terms: [...new Set(Array.from({ length: Math.floor(random() * 8) }, () => `kata-${Math.floor(80 * random() ** 2)}`))],
        source: ["tempo", "merdeka", "kompas"][Math.floor(random() * 3)]!,
        section: random() < 0.5 ? "Tekno" : undefined,
        // Few distinct times, so ties in score and time are common.
        publishedAt: t0 + Math.floor(random() * 20) * day,
      }),
    );

    test.each([
      ["the default weights", {}],
      ["a longer list and a term limit", { limit: 12, maxTermPostings: 10 }],
      ["a negative time weight", { timeWeight: -0.4, sourceWeight: 0.3 }],
      ["no time bonus and negative outlet weights", { timeWeight: 0, sourceWeight: -0.2, sectionWeight: -0.1 }],
      ["a short half-life", { halfLifeDays: 0.5, limit: 2 }],
    ])("gives the same lists and scores with %s", (_, options) => {
      expect(findRelated(docs, { ...options, maxPostings: Infinity })).toEqual(bruteForce(docs, options));
    });
  });

  describe("on a synthetic archive of 10,000 docs", () => {
    const random = prng(20170804);
    const docCount = 10_000;
    // Skewed topics: "indonesia", "politik" and "ekonomi" on thousands of docs, a few mid-sized
    // topics, a long tail of small ones; 5% of docs carry only one very common topic, no terms.
    const commonTopics = ["indonesia", "politik", "ekonomi"];
    const zipf = (size: number) => Math.floor(size ** random());
    const docs: RelatedDoc[] = Array.from({ length: docCount }, (_, i) => {
      const onlyCommon = random() < 0.05;
      const topics = new Set<string>();
      const terms = new Set<string>();
      if (onlyCommon) {
        topics.add(commonTopics[Math.floor(random() * 2)]!);
      } else {
        if (random() < 0.4) topics.add(commonTopics[Math.floor(random() * commonTopics.length)]!);
        const smallTopics = 1 + Math.floor(random() * 3);
        for (let k = 0; k < smallTopics; k++) topics.add(`topik-${zipf(3000)}`);
        const termCount = Math.floor(random() * 6);
        for (let k = 0; k < termCount; k++) terms.add(`kata-${zipf(5000)}`);
      }
      return {
        id: `doc-${String(i).padStart(5, "0")}`,
        topics: [...topics],
        terms: [...terms],
        source: ["tempo", "merdeka", "kompas", "detik"][Math.floor(random() * 4)]!,
        section: random() < 0.5 ? "Tekno" : undefined,
        publishedAt: t0 + Math.floor(random() * 3650 * 24) * 3_600_000,
      };
    });
    let related = new Map<string, RelatedMatch[]>();
    beforeAll(() => {
      related = findRelated(docs);
    });
    const byId = new Map(docs.map((item) => [item.id, item]));
    const docsWithTopic = new Map<string, string[]>();
    for (const item of docs) {
      for (const topic of item.topics) {
        const list = docsWithTopic.get(topic);
        if (list) list.push(item.id);
        else docsWithTopic.set(topic, [item.id]);
      }
    }
    const onlyCommon = docs.filter((item) => item.terms.length === 0 && item.topics.length === 1 && commonTopics.includes(item.topics[0]!));
    // Failures are collected and asserted once: 50,000 separate expects would only add noise.

    test("has the skew it is meant to have", () => {
      expect(docsWithTopic.get("indonesia")!.length).toBeGreaterThan(1000);
      expect(docsWithTopic.get("politik")!.length).toBeGreaterThan(1000);
      const small = [...docsWithTopic.values()].filter((list) => list.length <= 5).length;
      expect(small).toBeGreaterThan(docsWithTopic.size / 2);
      expect(onlyCommon.length).toBeGreaterThan(300);
    });

    test("returns up to 5 distinct matches per doc, never the doc itself", () => {
      expect(related.size).toBe(docCount);
      const wrong = [...related].filter(
        ([id, matches]) => matches.length > 5 || new Set(ids(matches)).size !== matches.length || ids(matches).includes(id),
      );
      expect(wrong).toEqual([]);
    });

    test("returns only matches that share a topic or a term, and names exactly those", () => {
      const wrong: string[] = [];
      for (const [id, matches] of related) {
        const self = byId.get(id)!;
        for (const match of matches) {
          const other = byId.get(match.id)!;
          const topics = self.topics.filter((topic) => other.topics.includes(topic)).sort();
          const terms = self.terms.filter((term) => other.terms.includes(term)).sort();
          const named = JSON.stringify([[...match.sharedTopics].sort(), [...match.sharedTerms].sort()]);
          if (topics.length + terms.length === 0 || named !== JSON.stringify([topics, terms])) wrong.push(`${id} → ${match.id}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    test("returns matches in order of score, then newer first, then id", () => {
      const wrong: string[] = [];
      for (const [id, matches] of related) {
        for (let i = 1; i < matches.length; i++) {
          const [before, after] = [matches[i - 1]!, matches[i]!];
          const order =
            after.score - before.score ||
            byId.get(after.id)!.publishedAt - byId.get(before.id)!.publishedAt ||
            (before.id < after.id ? -1 : 1);
          if (!(order < 0)) wrong.push(`${id}: ${before.id} before ${after.id}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    test("fills all 5 places for every doc whose topics are shared by at least 5 others", () => {
      let full = 0;
      const wrong: string[] = [];
      for (const item of docs) {
        const sharing = new Set<string>();
        for (const topic of item.topics) {
          for (const other of docsWithTopic.get(topic)!) {
            if (other !== item.id) sharing.add(other);
            if (sharing.size >= 5) break;
          }
        }
        const count = related.get(item.id)!.length;
        if (sharing.size >= 5) full++;
        if (count < Math.min(5, sharing.size)) wrong.push(`${item.id}: ${count} of ${sharing.size}`);
      }
      expect(wrong).toEqual([]);
      expect(full).toBeGreaterThan(docCount / 2);
    });

    test("gives docs with only one very common topic 5 matches sharing that topic", () => {
      const wrong = onlyCommon.filter((item) => {
        const matches = related.get(item.id)!;
        return matches.length !== 5 || matches.some((match) => match.sharedTopics.join() !== item.topics.join());
      });
      expect(wrong).toEqual([]);
    });
  });
});

describe("createRelatedIndex", () => {
  function indexOf(docs: readonly RelatedDoc[], options: Parameters<typeof createRelatedIndex>[0] = {}) {
    const builder = createRelatedIndex(options);
    for (const item of docs) builder.add(item);
    return builder.finalize();
  }

  const random = prng(2017);
  const docs = Array.from({ length: 80 }, (_, i) =>
    doc(`doc-${String(i).padStart(2, "0")}`, {
      topics: ["telegram", "durov", "kominfo", "privasi", "blokir"].filter(() => random() < 0.3),
      terms: ["aplikasi", "pesan", "kanal", "radikal"].filter(() => random() < 0.3),
      source: random() < 0.5 ? "tempo" : "merdeka",
      section: random() < 0.5 ? "Tekno" : undefined,
      publishedAt: t0 + Math.floor(random() * 10) * day,
    }),
  );

  test("finds by search what findRelated finds for the same documents and options", () => {
    for (const options of [{}, { limit: 2, timeWeight: -0.3 }, { maxPostings: 10, window: 3 }]) {
      const index = indexOf(docs, options);
      const expected = findRelated(docs, options);
      expect(new Map(docs.map((item) => [item.id, index.search(item.id)]))).toStrictEqual(expected);
    }
  });

  test("gives the same matches when searched in any order and more than once", () => {
    const index = indexOf(docs);
    const first = new Map(docs.map((item) => [item.id, index.search(item.id)]));
    for (const item of shuffled(docs, prng(7))) {
      expect(index.search(item.id)).toStrictEqual(first.get(item.id));
      expect(index.search(item.id)).toStrictEqual(first.get(item.id));
    }
  });

  test("weighs topics over every document added before finalize", () => {
    // With only these three, "durov" and "telegram" are equally rare and the newer doc wins…
    const few = [
      doc("a", { topics: ["durov", "telegram"] }),
      doc("durov", { topics: ["durov"], publishedAt: t0 - day }),
      doc("telegram", { topics: ["telegram"], publishedAt: t0 + day }),
    ];
    expect(ids(indexOf(few).search("a"))).toEqual(["telegram", "durov"]);
    // …and once "telegram" is on many more, sharing "durov" counts for more.
    const fillers = Array.from({ length: 10 }, (_, i) => doc(`filler-${i}`, { topics: ["telegram"], publishedAt: t0 - 400 * day }));
    expect(ids(indexOf([...few, ...fillers]).search("a")).slice(0, 2)).toEqual(["durov", "telegram"]);
  });

  test("applies the options it was created with to every search", () => {
    const index = indexOf(docs, { limit: 1 });
    expect(docs.every((item) => index.search(item.id).length <= 1)).toBe(true);
  });

  test("counts the documents added in size", () => {
    expect(indexOf(docs).size).toBe(80);
    expect(indexOf([]).size).toBe(0);
  });

  test("refuses a second document with an id already added", () => {
    const builder = createRelatedIndex();
    builder.add(doc("a", { topics: ["telegram"] }));
    expect(() => builder.add(doc("a", { topics: ["durov"] }))).toThrowErrorMatchingInlineSnapshot(
      `[Error: related index: the id "a" was added twice; every document needs its own id]`,
    );
  });

  test("refuses documents and a second finalize once finalized", () => {
    const builder = createRelatedIndex();
    builder.add(doc("a", { topics: ["telegram"] }));
    builder.finalize();
    expect(() => builder.add(doc("b", { topics: ["telegram"] }))).toThrowErrorMatchingInlineSnapshot(
      `[Error: related index: cannot add "b" after finalize; create a new index]`,
    );
    expect(() => builder.finalize()).toThrowErrorMatchingInlineSnapshot(`[Error: related index: finalize was called twice; it can be called once]`);
  });

  test("refuses to search for an id that was not added", () => {
    const index = indexOf([doc("a", { topics: ["telegram"] })]);
    expect(() => index.search("b")).toThrowErrorMatchingInlineSnapshot(`[Error: related index: no document with the id "b" was added]`);
  });
});
