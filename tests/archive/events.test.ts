import { describe, expect, test } from "vitest";
import { mulberry32 } from "../../bench/corpus.ts";
import { findSameEvent, type EventDoc, type EventMatch } from "../../src/archive/events.ts";

const hour = 3_600_000;
const day = 24 * hour;
/** 2017-08-01T07:00:00Z: Pavel Durov at Kemenkominfo, the seeds' event. */
const t0 = Date.UTC(2017, 7, 1, 7, 0);

function doc(id: string, fields: Partial<Omit<EventDoc, "id">> = {}): EventDoc {
  return { id, topics: [], terms: [], source: "tempo", publishedAt: t0, ...fields };
}

function ids(matches: EventMatch[] | undefined): string[] {
  return (matches ?? []).map((match) => match.id);
}

/** A hand-made cluster: one event (Durov's visit) told by three outlets within two days. */
const visitTerms = ["telegram", "durov", "kemenkominfo", "rudiantara", "blokir", "pertemuan"];
const visitTopics = ["telegram", "pavel-durov", "kemenkominfo"];
const visit = [
  doc("tempo-visit", { source: "tempo", section: "Tekno", publishedAt: t0 + 2 * hour, topics: visitTopics, terms: [...visitTerms, "menteri"] }),
  doc("merdeka-visit", { source: "merdeka", section: "Teknologi", publishedAt: t0 + 26 * hour, topics: ["telegram", "pavel-durov", "privasi"], terms: [...visitTerms, "privasi"] }),
  doc("kompas-visit", { source: "kompas", section: "Tekno", publishedAt: t0 + 50 * hour, topics: ["telegram", "kemenkominfo"], terms: ["telegram", "durov", "kemenkominfo", "rudiantara", "sop"] }),
];

describe("findSameEvent", () => {
  test("groups one event told by different outlets, nearest in time first, with what they share", () => {
    const events = findSameEvent(visit);
    expect(ids(events.get("tempo-visit"))).toEqual(["merdeka-visit", "kompas-visit"]);
    expect(ids(events.get("merdeka-visit"))).toEqual(["tempo-visit", "kompas-visit"]);
    const [merdeka] = events.get("tempo-visit")!;
    expect(merdeka).toEqual({
      id: "merdeka-visit",
      offsetMs: 24 * hour,
      sharedTopics: ["telegram", "pavel-durov"],
      sharedTerms: visitTerms,
    });
    // The relation is symmetric: the offset is seen from the other side.
    expect(events.get("merdeka-visit")![0]!.offsetMs).toBe(-24 * hour);
  });

  test("keeps apart a story on the same topics a week later (another event)", () => {
    const later = doc("detik-week-later", { source: "detik", publishedAt: t0 + 8 * day, topics: visitTopics, terms: visitTerms });
    const events = findSameEvent([...visit, later]);
    expect(ids(events.get("detik-week-later"))).toEqual([]);
    expect(ids(events.get("tempo-visit"))).not.toContain("detik-week-later");
  });

  test("leaves out the same outlet's follow-ups in the same rubric, but not another rubric's story", () => {
    const followUp = doc("tempo-follow-up", { source: "tempo", section: "Tekno", publishedAt: t0 + 20 * hour, topics: visitTopics, terms: visitTerms });
    const otherRubric = doc("tempo-nasional", { source: "tempo", section: "Nasional", publishedAt: t0 + 22 * hour, topics: visitTopics, terms: visitTerms });
    const events = findSameEvent([...visit, followUp, otherRubric]);
    expect(ids(events.get("tempo-visit"))).not.toContain("tempo-follow-up");
    expect(ids(events.get("tempo-follow-up"))).not.toContain("tempo-visit");
    expect(ids(events.get("tempo-visit"))).toContain("tempo-nasional");
  });

  test("needs a shared topic and enough shared key terms: a common word or topic alone is not an event", () => {
    const docs = [
      doc("a", { source: "tempo", topics: ["telegram"], terms: ["telegram", "durov", "kemenkominfo", "blokir"] }),
      // Same terms, no shared topic.
      doc("b", { source: "merdeka", topics: ["privasi"], terms: ["telegram", "durov", "kemenkominfo", "blokir"] }),
      // Shared topic, three shared terms (one short of four).
      doc("c", { source: "kompas", topics: ["telegram"], terms: ["telegram", "durov", "kemenkominfo", "saham"] }),
    ];
    const events = findSameEvent(docs);
    expect(ids(events.get("a"))).toEqual([]);
  });

  test("does not count topics and terms that most of a large archive shares", () => {
    const random = mulberry32(7);
    // 1,000 stories over a year, all under "nasional" and all using the words "pemerintah", "indonesia", "presiden" and "menteri".
    const filler = Array.from({ length: 1000 }, (_, i) =>
      doc(`filler-${i}`, {
        source: ["tempo", "merdeka", "kompas"][i % 3]!,
        publishedAt: t0 + Math.floor(random() * 365) * day,
        topics: ["nasional", `topik-${i}`],
        terms: ["pemerintah", "indonesia", "presiden", "menteri", `kata-${i}`],
      }),
    );
    const events = findSameEvent(filler);
    expect([...events.values()].every((matches) => matches.length === 0)).toBe(true);
  });

  test("gives the same result whatever the input order", () => {
    const random = mulberry32(3);
    const docs = [...visit, doc("x", { source: "detik", publishedAt: t0 + 30 * hour, topics: ["telegram"], terms: visitTerms })];
    const shuffled = [...docs].sort(() => random() - 0.5);
    const a = findSameEvent(docs);
    const b = findSameEvent(shuffled);
    for (const { id } of docs) expect(b.get(id)).toEqual(a.get(id));
  });

  test("refuses an id given twice", () => {
    expect(() => findSameEvent([doc("a"), doc("a")])).toThrow(/"a" was given twice/);
  });
});
