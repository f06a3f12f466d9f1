/**
 * The whole archive as plain data for the templates: articles with everything their page shows
 * (rendered body, topics, neighbours in time, related news) and every index. Built once per build
 * from parsed articles; pure given its inputs (`now` is passed in, never read here).
 */
import { buildCollections, sectionPageUrl, type Collections, type IndexPage, type Outlet } from "./collections.ts";
import { fillBodyTemplate, type BodyTemplate } from "../content/markdown/index.ts";
import { normalizeTitle } from "../content/markdown/read-also.ts";
import { findRelated, type RelatedOptions } from "./related.ts";
import { findSameEvent, type EventOptions } from "./events.ts";
import { coverageOf, monthIndexOf } from "./coverage.ts";
import type { Photo } from "../content/photo.ts";
import type { Article } from "../content/schema.ts";
import { slugify } from "../content/slug.ts";
import { collectTopics, type TopicRef } from "./topics.ts";
import { outletUrl, withPathPrefix } from "../routes.ts";

/** A link to another article: enough for a list entry. */
export interface ArticleLink {
  title: string;
  url: string;
  date: string;
  outletName: string;
}

export interface RelatedLink extends ArticleLink {
  /** Display names of the shared topics, rarest first. */
  sharedTopics: string[];
  /** Shared key words, rarest first (shown when no topic is shared). */
  sharedTerms: string[];
}

/** A report of the same event: why it was grouped includes how far apart in time. */
export interface EventLink extends RelatedLink {
  /** Time between the two, in whole days, or in whole hours under a day (at least 0). */
  apart: { amount: number; unit: "day" | "hour" };
  /** Published before the article whose page lists it. */
  earlier: boolean;
}

/**
 * An article as its page and every list show it: the parsed article without its Markdown source
 * (pages show `bodyHtml`, rendered from it), with what the archive adds.
 */
export interface ArticleView extends Omit<Article, "body"> {
  outlet: Outlet;
  topics: TopicRef[];
  /** Breadcrumb and section link: the rubric's page at the outlet, if the article has a rubric. */
  sectionUrl?: string;
  outletUrl: string;
  bodyHtml: string;
  /** Older neighbour in time. */
  previous?: ArticleLink;
  /** Newer neighbour in time. */
  next?: ArticleLink;
  related: RelatedLink[];
  /** Other outlets' (or rubrics') reports of the same event (events.ts), nearest in time first. */
  sameEvent: EventLink[];
  /** A draft or a future article, shown only by the dev server. */
  unpublished: boolean;
  /** The processed photo, when the article names a photo file (src/build/photos.ts). */
  photo?: Photo;
}

export interface Archive extends Collections<ArticleView> {
  /** Newest first; ties by URL. */
  articles: ArticleView[];
  /** Non-fatal findings to print with the build summary. */
  warnings: string[];
}

export interface ArchiveOptions {
  outlets: ReadonlyMap<string, Outlet>;
  /** Site path prefix ("/" or "/arsip/"), for links rendered inside article bodies. */
  pathPrefix: string;
  /** Production leaves out drafts and articles dated after `now`. */
  includeUnpublished: boolean;
  now: number;
  /**
   * An article's key terms for "Berita terkait", `keyTerms(article.title, article.body)` of
   * terms.ts: loadArticles gives them with the articles, kept in the parse cache.
   */
  keyTerms: (article: Article) => readonly string[];
  /**
   * An article's body rendered for any archive, `renderBodyTemplate(article.body)` of
   * markdown/index.ts: its read-also titles are linked here to this archive's articles.
   * loadArticles gives them with the articles, kept in the parse cache.
   */
  body: (article: Article) => BodyTemplate;
  related?: Partial<RelatedOptions>;
  events?: Partial<EventOptions>;
  /** An article's processed photo, when it names a photo file (src/build/photos.ts `preparePhotos`). */
  photo?: (article: Article) => Photo | undefined;
}

export function isPublished(article: Article, now: number): boolean {
  return !article.draft && article.epochMs <= now;
}

/** Newest first, then by URL: a total order, so equal times never swap between builds. */
export function compareNewestFirst(a: Article, b: Article): number {
  return b.epochMs - a.epochMs || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}

function linkTo(article: ArticleView): ArticleLink {
  return { title: article.title, url: article.url, date: article.date, outletName: article.outlet.name };
}

/** Lists whose newest page shows coverage over time (coverage.ts). */
const coverageKinds: ReadonlySet<IndexPage<ArticleView>["kind"]> = new Set(["topic", "source", "reporter"]);

/** Gives the newest page of each topic, outlet and reporter list the coverage of all its pages. */
function addCoverage(pages: readonly IndexPage<ArticleView>[]): void {
  // An article is on several lists: its month is worked out once.
  const monthOf = new Map<ArticleView, number>();
  const month = (article: ArticleView) => {
    let index = monthOf.get(article);
    if (index === undefined) monthOf.set(article, (index = monthIndexOf(article.date)));
    return index;
  };
  const months = new Map<string, number[]>();
  for (const page of pages) {
    if (!coverageKinds.has(page.kind)) continue;
    let list = months.get(page.firstUrl);
    if (list === undefined) months.set(page.firstUrl, (list = []));
    for (const item of page.items) list.push(month(item));
  }
  for (const page of pages) {
    if (page.number !== undefined || !coverageKinds.has(page.kind)) continue;
    const coverage = coverageOf(months.get(page.firstUrl)!);
    if (coverage) page.coverage = coverage;
  }
}

function apartOf(ms: number): EventLink["apart"] {
  const hours = Math.floor(ms / 3_600_000);
  return hours < 24 ? { amount: hours, unit: "hour" } : { amount: Math.floor(hours / 24), unit: "day" };
}

/**
 * `articles` sorted by `compareNewestFirst`. Sorted through one small record per article (its time
 * and URL): articles differ in shape (optional fields), so a comparison reading them directly
 * was ~5× slower (~30 ms at 10,000 articles).
 */
export function sortNewestFirst(articles: readonly Article[]): Article[] {
  return articles
    .map((article) => ({ epochMs: article.epochMs, url: article.url, article }))
    .sort((a, b) => b.epochMs - a.epochMs || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))
    .map((entry) => entry.article);
}

export function buildArchive(parsed: readonly Article[], options: ArchiveOptions): Archive {
  const chosen = sortNewestFirst(parsed.filter((article) => options.includeUnpublished || isPublished(article, options.now)));
  const topicIndex = collectTopics(chosen, (article) => article.tags);
  const urlByTitle = new Map<string, string>();
  for (const article of [...chosen].reverse()) urlByTitle.set(normalizeTitle(article.title), article.url);
  const findArticleUrl = (title: string) => {
    const url = urlByTitle.get(normalizeTitle(title));
    return url === undefined ? undefined : withPathPrefix(url, options.pathPrefix);
  };

  const articles: ArticleView[] = chosen.map((article) => {
    const outlet = options.outlets.get(article.source)!;
    // One object literal naming every field, rather than a spread of the article with fields added
    // after it: V8 then gives all views one shape with every field inside the object, where adding
    // fields to a spread's copy made a new shape for each view (~10 µs each, ~100 ms per build at
    // 10,000 articles). Absent fields are `undefined`, which JSON leaves out as it did the missing key.
    const view: { [Field in keyof Required<ArticleView>]: ArticleView[Field] } = {
      title: article.title,
      date: article.date,
      source: article.source,
      tags: article.tags,
      section: article.section,
      reporter: article.reporter,
      editor: article.editor,
      dateline: article.dateline,
      summary: article.summary,
      image: article.image,
      signoff: article.signoff,
      sourceRelated: article.sourceRelated,
      originalUrl: article.originalUrl,
      slug: article.slug,
      aliases: article.aliases,
      draft: article.draft,
      file: article.file,
      epochMs: article.epochMs,
      url: article.url,
      outlet,
      outletUrl: outletUrl(outlet.key),
      sectionUrl: article.section === undefined ? undefined : sectionPageUrl(outlet.key, article.section),
      topics: article.tags.map((tag) => {
        const topic = topicIndex.bySlug.get(slugify(tag))!;
        return { name: topic.name, slug: topic.slug, url: topic.url };
      }),
      bodyHtml: fillBodyTemplate(options.body(article), findArticleUrl),
      previous: undefined,
      next: undefined,
      related: [],
      sameEvent: [],
      unpublished: !isPublished(article, options.now),
      photo: options.photo?.(article),
    };
    return view;
  });

  articles.forEach((article, index) => {
    const newer = articles[index - 1];
    const older = articles[index + 1];
    if (newer) article.next = linkTo(newer);
    if (older) article.previous = linkTo(older);
  });

  const byUrl = new Map(articles.map((article) => [article.url, article]));
  const docs = articles.map((article, index) => ({
    id: article.url,
    topics: article.topics.map((topic) => topic.slug),
    // Of the parsed article the view was made from (`articles` is `chosen` as views).
    terms: options.keyTerms(chosen[index]!),
    source: article.source,
    section: article.section,
    publishedAt: article.epochMs,
  }));
  const related = findRelated(docs, options.related);
  const sameEvent = findSameEvent(docs, options.events);
  const topicName = (slug: string) => topicIndex.bySlug.get(slug)!.name;
  // Object literals with the fields of `linkTo` first, rather than spreads of it: ~50,000 links at
  // 10,000 articles, and a spread takes V8's slow path here.
  const linkOf = (match: { id: string; sharedTopics: string[]; sharedTerms: string[] }): RelatedLink => {
    const other = byUrl.get(match.id)!;
    return { title: other.title, url: other.url, date: other.date, outletName: other.outlet.name, sharedTopics: match.sharedTopics.map(topicName), sharedTerms: match.sharedTerms };
  };
  for (const article of articles) {
    article.related = (related.get(article.url) ?? []).map(linkOf);
    // Kept apart from the related list (which ranks by topic and term overlap at any distance in
    // time): an article may be in both, each with its own reason.
    article.sameEvent = (sameEvent.get(article.url) ?? []).map((match) => Object.assign(linkOf(match), { apart: apartOf(Math.abs(match.offsetMs)), earlier: match.offsetMs < 0 }));
  }

  // Topic pages list the views, newest first, in the order `chosen` gave them.
  const topics = topicIndex.topics.map((topic) => ({ ...topic, items: topic.items.map((item) => byUrl.get(item.url)!) }));
  const collections = buildCollections(articles, topics, options.outlets);
  addCoverage(collections.listPages);
  return { ...collections, articles, warnings: [...topicIndex.warnings, ...collections.warnings] };
}
