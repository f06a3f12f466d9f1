/**
 * What a build renders, and which pages an incremental build must render again.
 *
 * Every output page is keyed by its path in the output folder and fingerprinted by the data its
 * template shows plus a site-wide key (templates, strings, settings). A page whose fingerprint is
 * unchanged since the last build has the same bytes, so only pages with new fingerprints are
 * rendered, and pages that no longer exist are deleted. Pure: no file system, no Eleventy.
 */
import { createHash } from "node:crypto";
import type { ArticleView, Archive } from "../archive/archive.ts";
import type { IndexPage } from "../archive/collections.ts";
import type { Feed } from "../archive/feeds.ts";
import type { SitemapEntry } from "../archive/sitemap.ts";

/** Pages rendered once per site from site-wide data; keyed by their template's name. */
export const singletonPaths = {
  topik: "topik/index.html",
  sumber: "sumber/index.html",
  indeks: "indeks/index.html",
  sitemap: "sitemap.xml",
  robots: "robots.txt",
  notFound: "404.html",
  cari: "cari/index.html",
} as const;

export type Singleton = keyof typeof singletonPaths;

/** The data the templates paginate over: everything for a full build, a subset for an update. */
export interface RenderSet {
  articles: ArticleView[];
  listPages: IndexPage<ArticleView>[];
  feeds: Feed[];
  /** Singleton pages to write. */
  singletons: Singleton[];
}

export interface SiteData {
  archive: Archive;
  feeds: Feed[];
  sitemap: SitemapEntry[];
  /** Search index shards: article pages per shard (the newest month, then years), newest first (src/search-index.ts). */
  searchShards: ReadonlyMap<string, number>;
}

/**
 * For the templates: per singleton, a one-element list when it is to be written, else empty.
 * Singleton templates paginate over it, so an unchanged one is not even rendered.
 */
export function singletonPagination(set: RenderSet): Record<Singleton, Singleton[]> {
  const pages = {} as Record<Singleton, Singleton[]>;
  for (const name of Object.keys(singletonPaths) as Singleton[]) pages[name] = set.singletons.includes(name) ? [name] : [];
  return pages;
}

/** "/2017/08/04/x/" → "2017/08/04/x/index.html" */
export function outputPathOf(url: string): string {
  return url.endsWith("/") ? `${url.slice(1)}index.html` : url.slice(1);
}

function hash(text: string): string {
  return createHash("sha1").update(text).digest("base64url");
}

/**
 * What list templates (templates/_includes/partials/article-list.njk) show of an article. A list
 * page's fingerprint uses only these, so editing an article's body does not re-render every list
 * it is on. Keep in step with the partial: the incremental-build tests compare with clean builds.
 */
export function listingOf(article: ArticleView): unknown {
  return [article.url, article.title, article.date, article.summary, article.outlet.name, article.section, article.unpublished];
}

export type Fingerprints = Map<string, string>;

/**
 * Digest of what the search index reads of an article (`searchableOf`): the view as JSON, except
 * the Markdown source (templates show `bodyHtml`, rendered from it) and the rendered body, which
 * goes in as it is. Stringifying the two bodies was half the cost of fingerprinting 10,000
 * articles. Kept per view, so the page and search fingerprints of one build share it.
 */
const searchableDigests = new WeakMap<ArticleView, string>();

function searchableDigest(article: ArticleView): string {
  let digest = searchableDigests.get(article);
  if (digest === undefined) {
    const { body: _body, bodyHtml, ...shown } = searchableOf(article);
    digest = createHash("sha1").update(JSON.stringify(shown)).update("\u0000").update(bodyHtml).digest("base64url");
    searchableDigests.set(article, digest);
  }
  return digest;
}

/** An article page: what the search index reads, plus the lists after the article. */
function articlePage(article: ArticleView): unknown {
  return [searchableDigest(article), article.related, article.previous, article.next, article.sourceRelated];
}

function printOf(siteKey: string, data: unknown): string {
  return hash(`${siteKey}\u0000${JSON.stringify(data)}`);
}

/** Fingerprints of the article pages alone, the part of `fingerprintSite` an article's own page needs. */
export function fingerprintArticles(archive: Archive, siteKey: string): Fingerprints {
  return new Map(archive.articles.map((article) => [outputPathOf(article.url), printOf(siteKey, articlePage(article))]));
}

/**
 * Fingerprint of every output page of the site. `siteKey` stands for templates and settings;
 * `articles`, when given, are this site's `fingerprintArticles`.
 */
export function fingerprintSite(site: SiteData, siteKey: string, articles: Fingerprints = fingerprintArticles(site.archive, siteKey)): Fingerprints {
  const prints: Fingerprints = new Map(articles);
  const put = (path: string, data: unknown) => prints.set(path, printOf(siteKey, data));
  const listings = new Map<ArticleView, string>();
  const listing = (article: ArticleView) => {
    let digest = listings.get(article);
    if (digest === undefined) listings.set(article, (digest = hash(JSON.stringify(listingOf(article)))));
    return digest;
  };
  for (const page of site.archive.listPages) put(outputPathOf(page.url), { ...page, items: page.items.map(listing) });
  for (const feed of site.feeds) {
    // Both formats show the same data: one print (feeds hold whole articles, the costliest JSON).
    const print = printOf(siteKey, feed);
    prints.set(outputPathOf(feed.atomPath), print);
    prints.set(outputPathOf(feed.jsonPath), print);
  }
  put(singletonPaths.topik, site.archive.topicEntries);
  put(singletonPaths.sumber, site.archive.outlets);
  put(singletonPaths.indeks, site.archive.years);
  put(singletonPaths.sitemap, site.sitemap);
  put(singletonPaths.robots, null);
  put(singletonPaths.notFound, null);
  // The search page lists the yearly search bundles it merges.
  put(singletonPaths.cari, [...site.searchShards.keys()]);
  return prints;
}

/**
 * What the search index reads of an article page: the article element (data-pagefind-body), not
 * the lists after it (related news, the outlet's own related list, previous/next), which change
 * with the neighbours. Keep in step with templates/_includes/pages/article.njk: the incremental
 * tests compare the search bundles with clean builds.
 */
export function searchableOf(article: ArticleView): Omit<ArticleView, "related" | "previous" | "next" | "sourceRelated"> {
  const { related: _related, previous: _previous, next: _next, sourceRelated: _sourceRelated, ...indexed } = article;
  return indexed;
}

/** Fingerprint of each search shard (year, see src/search-index.ts) from what it indexes. */
export function fingerprintSearch(articles: readonly ArticleView[], siteKey: string, yearOf: (article: ArticleView) => string): Fingerprints {
  const digests = new Map<string, ReturnType<typeof createHash>>();
  for (const article of articles) {
    const year = yearOf(article);
    let digest = digests.get(year);
    if (digest === undefined) digests.set(year, (digest = createHash("sha1").update(siteKey)));
    digest.update(`\u0000${searchableDigest(article)}`);
  }
  return new Map([...digests].map(([year, digest]) => [year, digest.digest("base64url")]));
}

export interface UpdatePlan {
  /** Output paths to render (new or changed). */
  render: Set<string>;
  /** Output paths to delete (no longer part of the site). */
  remove: string[];
}

export function planUpdate(previous: Fingerprints, current: Fingerprints): UpdatePlan {
  const render = new Set<string>();
  for (const [path, print] of current) if (previous.get(path) !== print) render.add(path);
  const remove = [...previous.keys()].filter((path) => !current.has(path)).sort();
  return { render, remove };
}

/** Everything: a full build. */
export function fullRenderSet(site: SiteData): RenderSet {
  return {
    articles: site.archive.articles,
    listPages: site.archive.listPages,
    feeds: site.feeds,
    singletons: Object.keys(singletonPaths) as Singleton[],
  };
}

/** Only the pages whose output paths are in `paths`. */
export function renderSetFor(site: SiteData, paths: ReadonlySet<string>): RenderSet {
  return {
    articles: site.archive.articles.filter((article) => paths.has(outputPathOf(article.url))),
    listPages: site.archive.listPages.filter((page) => paths.has(outputPathOf(page.url))),
    feeds: site.feeds.filter((feed) => paths.has(outputPathOf(feed.atomPath)) || paths.has(outputPathOf(feed.jsonPath))),
    singletons: (Object.entries(singletonPaths) as [Singleton, string][]).filter(([, path]) => paths.has(path)).map(([name]) => name),
  };
}

/** Output paths a render set writes (both feed files of a feed). */
export function pathsOf(set: RenderSet): string[] {
  return [
    ...set.articles.map((article) => outputPathOf(article.url)),
    ...set.listPages.map((page) => outputPathOf(page.url)),
    ...set.feeds.flatMap((feed) => [outputPathOf(feed.atomPath), outputPathOf(feed.jsonPath)]),
    ...set.singletons.map((name) => singletonPaths[name]),
  ];
}

/** A part of a render set, and the search shards whose pages are all written once it is. */
export interface RenderBatch {
  set: RenderSet;
  /** Search shards whose article pages in the whole set are rendered by the end of this batch. */
  completes: string[];
}

/** An empty render set, to spread the pages of one kind into. */
export const noPages = (): RenderSet => ({ articles: [], listPages: [], feeds: [], singletons: [] });

/**
 * Splits a render set into batches of at most `size` pages, articles first and search shard by
 * search shard (`yearOf`: a year, or the newest month), so that each Eleventy run holds one batch
 * in memory and a shard can be indexed while the next batch renders. Feeds and singleton pages come last, in a batch of their own.
 */
export function renderBatches(set: RenderSet, size: number, yearOf: (article: ArticleView) => string): RenderBatch[] {
  const batches: RenderBatch[] = [];
  const byYear = new Map<string, ArticleView[]>();
  for (const article of set.articles) {
    const year = yearOf(article);
    const list = byYear.get(year);
    if (list) list.push(article);
    else byYear.set(year, [article]);
  }
  for (const [year, articles] of byYear) {
    for (let start = 0; start < articles.length; start += size) {
      const end = Math.min(start + size, articles.length);
      batches.push({ set: { ...noPages(), articles: articles.slice(start, end) }, completes: end === articles.length ? [year] : [] });
    }
  }
  for (let start = 0; start < set.listPages.length; start += size) {
    batches.push({ set: { ...noPages(), listPages: set.listPages.slice(start, start + size) }, completes: [] });
  }
  if (set.feeds.length > 0 || set.singletons.length > 0) {
    batches.push({ set: { ...noPages(), feeds: set.feeds, singletons: set.singletons }, completes: [] });
  }
  return batches;
}
