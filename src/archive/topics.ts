/**
 * Topics (the `tags` of articles): one topic per slug. Spellings that differ only by case or
 * accents ("Pavel Durov", "pavel durov", "Pável Durov") are one topic, shown under the spelling
 * most articles use (ties: the first in code-point order). Different names that slug alike
 * ("C++" and "C") are merged too, since they share a URL, and reported so an editor can rename one.
 */
import { slugify } from "../content/slug.ts";
import { topicUrl } from "../routes.ts";

export interface TopicRef {
  name: string;
  slug: string;
  /** Site-relative URL without the path prefix. */
  url: string;
}

export interface Topic<T> extends TopicRef {
  /** Articles with this topic, in the order they were given. */
  items: T[];
}

/** Lowercase without accents: names equal under this fold are spellings of one topic. */
export function foldTopicName(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

function chooseName(counts: Map<string, number>): string {
  return [...counts].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))[0]![0];
}

export interface TopicIndex<T> {
  /** Topics sorted by name (Indonesian collation), then slug. */
  topics: Topic<T>[];
  bySlug: Map<string, Topic<T>>;
  /** Slug collisions between names that are not spellings of one another. */
  warnings: string[];
}

/** Groups items by topic slug. `tagsOf` gives each item's topic names. */
export function collectTopics<T>(
  items: readonly T[],
  tagsOf: (item: T) => readonly string[],
  /** Where a group's page lives; topics by default. Rubrics and reporters are grouped alike. */
  urlOf: (slug: string) => string = topicUrl,
  noun = "topics",
): TopicIndex<T> {
  const groups = new Map<string, { spellings: Map<string, number>; items: T[] }>();
  for (const item of items) {
    for (const name of tagsOf(item)) {
      const slug = slugify(name);
      let group = groups.get(slug);
      if (!group) groups.set(slug, (group = { spellings: new Map(), items: [] }));
      group.spellings.set(name, (group.spellings.get(name) ?? 0) + 1);
      group.items.push(item);
    }
  }
  const warnings: string[] = [];
  const bySlug = new Map<string, Topic<T>>();
  for (const [slug, group] of groups) {
    const folded = new Set([...group.spellings.keys()].map(foldTopicName));
    if (folded.size > 1) {
      const names = [...group.spellings.keys()].sort().map((name) => `"${name}"`).join(", ");
      warnings.push(`${noun} ${names} share the URL ${urlOf(slug)} and are shown as one; rename one of them if they are different ${noun}`);
    }
    bySlug.set(slug, { name: chooseName(group.spellings), slug, url: urlOf(slug), items: group.items });
  }
  const collator = new Intl.Collator("id", { sensitivity: "base" });
  const topics = [...bySlug.values()].sort((a, b) => collator.compare(a.name, b.name) || (a.slug < b.slug ? -1 : 1));
  return { topics, bySlug, warnings };
}
