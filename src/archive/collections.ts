/**
 * Index pages of the archive as plain data: home, topics, outlets (with rubrics and reporters) and
 * the date index, each paginated. Eleventy paginates over these lists one page per entry, so no
 * sorting, grouping or counting happens in templates or in Eleventy's own collections.
 */
import { formatMonthYear, jakartaDateParts } from "../content/dates.ts";
import type { Coverage } from "./coverage.ts";
import { paginate, type Page } from "./paginate.ts";
import { slugify } from "../content/slug.ts";
import { collectTopics, type TopicRef } from "./topics.ts";
import { homeUrl, monthUrl, outletUrl, reporterUrl, sectionUrl } from "../routes.ts";

/** What an index needs to know of an article. Lists keep the newest-first order they are given. */
export interface Listable {
  date: string;
  source: string;
  section?: string;
  reporter?: string;
  topics: readonly TopicRef[];
}

export interface Outlet {
  key: string;
  name: string;
  url: string;
}

/** A page of some index: which index it belongs to (`kind`), its heading and its items. */
export interface IndexPage<T> extends Page<T> {
  kind: "home" | "topic" | "source" | "section" | "reporter" | "month";
  /** The heading's subject: a topic name, an outlet name, "Agustus 2017"... (none for home). */
  name?: string;
  /** The outlet, for outlet, rubric and reporter pages. */
  outlet?: Outlet;
  /** Number of articles over all pages; on the newest page only, so that numbered pages keep their bytes. */
  count?: number;
  /** Articles per month or year over all pages (coverage.ts); on the newest topic, outlet and reporter page only. */
  coverage?: Coverage;
}

/** One entry of an overview list (/topik/, /sumber/, /indeks/): name, URL, count. */
export interface IndexEntry {
  name: string;
  url: string;
  count: number;
}

function pagesOf<T>(kind: IndexPage<T>["kind"], items: T[], firstUrl: string, extra: Partial<IndexPage<T>> = {}): IndexPage<T>[] {
  return paginate(items, firstUrl).map((page) => ({ ...page, kind, ...(page.number === undefined ? { count: items.length } : {}), ...extra }));
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

const collator = new Intl.Collator("id", { sensitivity: "base" });
const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : 1);

export interface OutletIndex<T> {
  outlet: Outlet;
  url: string;
  count: number;
  sections: IndexEntry[];
  reporters: IndexEntry[];
}

export interface MonthEntry extends IndexEntry {
  month: string;
}

export interface YearEntry {
  year: string;
  count: number;
  months: MonthEntry[];
}

export interface Collections<T> {
  /** Every topic with all its articles, newest first, in topic order. */
  topics: (TopicRef & { items: T[] })[];
  homePages: IndexPage<T>[];
  topicEntries: IndexEntry[];
  topicPages: IndexPage<T>[];
  outlets: OutletIndex<T>[];
  sourcePages: IndexPage<T>[];
  years: YearEntry[];
  monthPages: IndexPage<T>[];
  /** Every paginated list page above, for the one template that renders them. */
  listPages: IndexPage<T>[];
  /** Rubric or reporter spellings that share a URL. */
  warnings: string[];
}

/** A rubric's page, or undefined when its name has nothing to make a URL from (and so no page). */
export function sectionPageUrl(outletKey: string, section: string): string | undefined {
  const slug = slugify(section);
  return slug === "" ? undefined : sectionUrl(outletKey, slug);
}

/**
 * Rubrics or reporters of one outlet, grouped by URL slug like topics: "Tekno" and "tekno" are one
 * page under the most used spelling. Names without letters or digits get no page.
 */
function namedGroups<T extends Listable>(
  kind: "section" | "reporter",
  items: readonly T[],
  outlet: Outlet,
  pages: IndexPage<T>[],
  warnings: string[],
): IndexEntry[] {
  const groups = collectTopics(
    items,
    (article) => {
      const name = kind === "section" ? article.section : article.reporter;
      return name === undefined || slugify(name) === "" ? [] : [name];
    },
    (slug) => (kind === "section" ? sectionUrl(outlet.key, slug) : reporterUrl(outlet.key, slug)),
    kind === "section" ? `rubrics of ${outlet.name}` : `reporters of ${outlet.name}`,
  );
  warnings.push(...groups.warnings);
  return groups.topics.map((group) => {
    pages.push(...pagesOf(kind, group.items, group.url, { name: group.name, outlet }));
    return { name: group.name, url: group.url, count: group.items.length };
  });
}

/**
 * Every index of the archive. `articles` are newest first; `topics` come from topics.ts with
 * their articles in that same order.
 */
export function buildCollections<T extends Listable>(
  articles: readonly T[],
  topics: readonly (TopicRef & { items: T[] })[],
  outletsByKey: ReadonlyMap<string, Outlet>,
): Collections<T> {
  const all = [...articles];
  const topicEntries = topics.map((topic) => ({ name: topic.name, url: topic.url, count: topic.items.length }));
  const topicPages = topics.flatMap((topic) => pagesOf("topic", topic.items, topic.url, { name: topic.name }));

  const outlets: OutletIndex<T>[] = [];
  const warnings: string[] = [];
  const sourcePages: IndexPage<T>[] = [];
  const bySource = groupBy(all, (article) => article.source);
  const sortedOutlets = [...bySource.keys()].map((key) => outletsByKey.get(key)!).sort(byName);
  for (const outlet of sortedOutlets) {
    const items = bySource.get(outlet.key)!;
    sourcePages.push(...pagesOf("source", items, outletUrl(outlet.key), { name: outlet.name, outlet }));
    const sections = namedGroups("section", items, outlet, sourcePages, warnings);
    const reporters = namedGroups("reporter", items, outlet, sourcePages, warnings);
    outlets.push({ outlet, url: outletUrl(outlet.key), count: items.length, sections, reporters });
  }

  const years: YearEntry[] = [];
  const monthPages: IndexPage<T>[] = [];
  const byMonth = groupBy(all, (article) => {
    const { year, month } = jakartaDateParts(article.date);
    return `${year}/${month}`;
  });
  for (const key of [...byMonth.keys()].sort().reverse()) {
    const [year, month] = key.split("/") as [string, string];
    const items = byMonth.get(key)!;
    const name = formatMonthYear(Number(year), Number(month));
    const url = monthUrl(year, month);
    let entry = years[years.length - 1];
    if (entry?.year !== year) years.push((entry = { year, count: 0, months: [] }));
    entry.count += items.length;
    entry.months.push({ name, url, count: items.length, month });
    monthPages.push(...pagesOf("month", items, url, { name }));
  }

  const homePages = pagesOf("home", all, homeUrl);
  return {
    topics: [...topics],
    homePages,
    topicEntries,
    topicPages,
    outlets,
    sourcePages,
    years,
    monthPages,
    listPages: [...homePages, ...topicPages, ...sourcePages, ...monthPages],
    warnings,
  };
}
