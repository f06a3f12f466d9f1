import { describe, expect, test } from "vitest";
import { collectTopics, foldTopicName } from "../../src/archive/topics.ts";

interface Item {
  id: string;
  tags: string[];
}

const item = (id: string, ...tags: string[]): Item => ({ id, tags });
const tagsOf = (entry: Item) => entry.tags;

describe("collectTopics", () => {
  test("groups articles by topic, keeping the order they were given", () => {
    const items = [item("c", "Telegram", "Pavel Durov"), item("b", "Telegram"), item("a", "Kemenkominfo", "Telegram")];
    const { topics, bySlug, warnings } = collectTopics(items, tagsOf);
    expect(topics.map((topic) => [topic.name, topic.slug, topic.url, topic.items.map((entry) => entry.id)])).toEqual([
      ["Kemenkominfo", "kemenkominfo", "/topik/kemenkominfo/", ["a"]],
      ["Pavel Durov", "pavel-durov", "/topik/pavel-durov/", ["c"]],
      ["Telegram", "telegram", "/topik/telegram/", ["c", "b", "a"]],
    ]);
    expect(bySlug.get("telegram")).toBe(topics[2]);
    expect(warnings).toEqual([]);
  });

  test("merges spellings that differ by case or accents into one topic without a warning", () => {
    const items = [item("1", "Pavel Durov"), item("2", "pavel durov"), item("3", "Pável Durov"), item("4", "PAVEL DUROV")];
    const { topics, warnings } = collectTopics(items, tagsOf);
    expect(topics).toHaveLength(1);
    expect(topics[0]).toMatchObject({ slug: "pavel-durov", url: "/topik/pavel-durov/" });
    expect(topics[0]!.items.map((entry) => entry.id)).toEqual(["1", "2", "3", "4"]);
    expect(warnings).toEqual([]);
  });

  test("shows a merged topic under the spelling most articles use", () => {
    const items = [item("1", "Pavel Durov"), item("2", "pavel durov"), item("3", "pavel durov"), item("4", "Pável Durov")];
    expect(collectTopics(items, tagsOf).topics[0]!.name).toBe("pavel durov");
  });

  test("breaks a tie between spellings by code-point order, whatever the input order", () => {
    const spellings = ["Pável Durov", "pavel durov", "Pavel Durov"];
    for (const order of [spellings, [...spellings].reverse(), [spellings[1]!, spellings[0]!, spellings[2]!]]) {
      const items = order.map((tag, index) => item(String(index), tag));
      expect(collectTopics(items, tagsOf).topics[0]!.name).toBe("Pavel Durov");
    }
  });

  test("merges different names that share a slug and warns about them", () => {
    const items = [item("1", "C++"), item("2", "C"), item("3", "C")];
    const { topics, warnings } = collectTopics(items, tagsOf);
    expect(topics.map((topic) => [topic.name, topic.slug, topic.items.length])).toEqual([["C", "c", 3]]);
    expect(warnings).toMatchInlineSnapshot(`
      [
        "topics "C", "C++" share the URL /topik/c/ and are shown as one; rename one of them if they are different topics",
      ]
    `);
  });

  test("warns once per shared URL, whatever the order of the articles", () => {
    const forward = collectTopics([item("1", "C"), item("2", "C++")], tagsOf).warnings;
    const backward = collectTopics([item("2", "C++"), item("1", "C")], tagsOf).warnings;
    expect(forward).toHaveLength(1);
    expect(backward).toEqual(forward);
  });

  test("sorts topics by Indonesian collation, ignoring case and accents", () => {
    const items = [item("1", "zakat", "Éropa", "bank", "Asia", "ekonomi")];
    expect(collectTopics(items, tagsOf).topics.map((topic) => topic.name)).toEqual(["Asia", "bank", "ekonomi", "Éropa", "zakat"]);
  });

  test("gives no topics for no articles", () => {
    expect(collectTopics([], tagsOf)).toEqual({ topics: [], bySlug: new Map(), warnings: [] });
  });
});

describe("foldTopicName", () => {
  test("lowercases, drops accents and collapses spaces", () => {
    expect(foldTopicName("  Pável   DUROV ")).toBe("pavel durov");
  });

  test("keeps names that differ in letters apart", () => {
    expect(foldTopicName("C++")).not.toBe(foldTopicName("C"));
  });
});
