/**
 * Every output page of the site with the exact data its template receives. The templates paginate
 * over these objects (global data `render`), and src/build/plan.ts fingerprints the same objects,
 * so what is hashed is what is rendered: no list of "fields a template shows" is kept by hand.
 * Pure: no file system, no Eleventy.
 */
import type { Redirect } from "../archive/aliases.ts";
import type { Archive, ArticleView } from "../archive/archive.ts";
import type { IndexEntry, IndexPage, OutletIndex, YearEntry } from "../archive/collections.ts";
import type { Feed } from "../archive/feeds.ts";
import { sitemapIndex, type SitemapFile, type SitemapIndexEntry } from "../archive/sitemap.ts";
import { headerRules, headersFile, redirectsFile, type HeaderRule } from "../hosting.ts";
import { dateIndexUrl, notFoundUrl, outletIndexUrl, outputPathOf, robotsUrl, searchUrl, sitemapUrl, topicIndexUrl } from "../routes.ts";

/** What the site is made of: the archive and the data derived from it. */
export interface SiteData {
  archive: Archive;
  feeds: Feed[];
  /** The child sitemaps, in index order (src/archive/sitemap.ts). */
  sitemap: SitemapFile[];
  /** Search index shards: article pages per shard (the newest month, then years), newest first (src/search/search-index.ts). */
  searchShards: ReadonlyMap<string, number>;
  /** Old URLs of articles and where they lead now (src/archive/aliases.ts); none when absent. */
  redirects?: readonly Redirect[];
}

/** An article page: its view, which leaves out the Markdown source (the page shows `bodyHtml`). */
export type ArticlePage = ArticleView;

/** What a list entry (templates/_includes/partials/article-list.njk) shows of an article. */
export interface Listing {
  url: string;
  title: string;
  date: string;
  summary?: string;
  section?: string;
  unpublished: boolean;
  outlet: { name: string };
}

export type ListPage = IndexPage<Listing>;

/** Data of the pages rendered once per site, by template name. */
export interface Singles {
  topik: { topics: IndexEntry[] };
  sumber: { outlets: OutletIndex<ArticleView>[] };
  indeks: { years: YearEntry[] };
  /** `/sitemap.xml`, the sitemap index: its child sitemaps with their lastmod. */
  sitemap: { sitemaps: SitemapIndexEntry[] };
  robots: Record<string, never>;
  notFound: Record<string, never>;
  /** The search page lists the search bundles it merges. */
  cari: { shards: string[] };
  /** `_headers` (src/hosting.ts): site paths, which the template puts under the path prefix. */
  headers: { rules: HeaderRule[] };
  /** `_redirects`: one 301 per alias, site paths. */
  redirects: { rules: { from: string; to: string }[] };
}

/** A redirect page at an old URL (templates/alias.njk). */
export interface RedirectPage {
  /** The old URL, where the page is written. */
  url: string;
  /** The article's URL now. */
  to: string;
  title: string;
}

export type Singleton = keyof Singles;

/** Output path of each singleton page. */
export const singletonPaths: Record<Singleton, string> = {
  topik: outputPathOf(topicIndexUrl),
  sumber: outputPathOf(outletIndexUrl),
  indeks: outputPathOf(dateIndexUrl),
  sitemap: outputPathOf(sitemapUrl),
  robots: outputPathOf(robotsUrl),
  notFound: outputPathOf(notFoundUrl),
  cari: outputPathOf(searchUrl),
  headers: headersFile,
  redirects: redirectsFile,
};

export const singletons = Object.keys(singletonPaths) as Singleton[];

/** Every page of the site. */
export interface SitePages {
  articles: ArticlePage[];
  listPages: ListPage[];
  feeds: Feed[];
  /** The child sitemaps the index lists, each a file of its own like a feed. */
  sitemaps: SitemapFile[];
  singles: Singles;
  redirects: RedirectPage[];
}

/**
 * The pages of one Eleventy run, as templates paginate over them: each singleton is a list of one
 * element when it is to be written, else empty, so an unchanged one is not even rendered.
 */
export interface RenderSet {
  articles: ArticlePage[];
  listPages: ListPage[];
  feeds: Feed[];
  sitemaps: SitemapFile[];
  singles: { [name in Singleton]: Singles[name][] };
  redirects: RedirectPage[];
}

function listingOf(article: ArticleView): Listing {
  const listing: Listing = { url: article.url, title: article.title, date: article.date, unpublished: article.unpublished, outlet: { name: article.outlet.name } };
  if (article.summary !== undefined) listing.summary = article.summary;
  if (article.section !== undefined) listing.section = article.section;
  return listing;
}

/**
 * How each field of two listings is compared. The type names every field of `Listing`, so one
 * added there does not compile until it is compared here, and a changed entry is never taken for
 * an unchanged one.
 */
const listingFieldsEqual: { [Field in keyof Required<Listing>]: (a: Listing, b: Listing) => boolean } = {
  url: (a, b) => a.url === b.url,
  title: (a, b) => a.title === b.title,
  date: (a, b) => a.date === b.date,
  summary: (a, b) => a.summary === b.summary,
  section: (a, b) => a.section === b.section,
  unpublished: (a, b) => a.unpublished === b.unpublished,
  outlet: (a, b) => a.outlet.name === b.outlet.name,
};
const listingComparisons = Object.values(listingFieldsEqual);

/** True when the two listings show the same. */
function sameListing(a: Listing, b: Listing): boolean {
  return listingComparisons.every((equal) => equal(a, b));
}

/**
 * Every page of `site` with its template's data. `lastListings` is for a process that makes the
 * pages build after build (the dev server, through src/build/plan.ts `PrintMemo`): the listings of
 * the last build by article URL. An unchanged listing is taken from it again, so that comparing a
 * list page with its last version meets the same objects (an article is on ~9 lists); it then holds
 * this build's listings.
 */
export function sitePages(site: SiteData, lastListings?: Map<string, Listing>): SitePages {
  const listings = new Map<ArticleView, Listing>();
  const listing = (article: ArticleView) => {
    let entry = listings.get(article);
    if (entry === undefined) {
      entry = listingOf(article);
      const last = lastListings?.get(article.url);
      if (last !== undefined && sameListing(last, entry)) entry = last;
      listings.set(article, entry);
    }
    return entry;
  };
  const listPages = site.archive.listPages.map((page) => ({ ...page, items: page.items.map(listing) }));
  if (lastListings !== undefined) {
    lastListings.clear();
    for (const entry of listings.values()) lastListings.set(entry.url, entry);
  }
  return {
    articles: site.archive.articles,
    listPages,
    feeds: site.feeds,
    sitemaps: site.sitemap,
    singles: {
      topik: { topics: site.archive.topicEntries },
      sumber: { outlets: site.archive.outlets },
      indeks: { years: site.archive.years },
      sitemap: { sitemaps: sitemapIndex(site.sitemap) },
      robots: {},
      notFound: {},
      cari: { shards: [...site.searchShards.keys()] },
      headers: { rules: headerRules("/", [...site.searchShards.keys()]) },
      redirects: { rules: (site.redirects ?? []).map(({ from, to }) => ({ from, to })) },
    },
    redirects: (site.redirects ?? []).map(({ from, to, title }) => ({ url: from, to, title })),
  };
}

/** Output paths a feed writes: Atom and JSON Feed show the same data. */
export function feedPaths(feed: Feed): [atom: string, json: string] {
  return [outputPathOf(feed.atomPath), outputPathOf(feed.jsonPath)];
}

/** The pages of `pages` whose output paths are in `paths` (all of them without `paths`). */
export function renderSetFor(pages: SitePages, paths?: ReadonlySet<string>): RenderSet {
  const wanted = (path: string) => paths === undefined || paths.has(path);
  const singles = {} as Record<Singleton, unknown[]>;
  for (const name of singletons) singles[name] = wanted(singletonPaths[name]) ? [pages.singles[name]] : [];
  return {
    articles: pages.articles.filter((article) => wanted(outputPathOf(article.url))),
    listPages: pages.listPages.filter((page) => wanted(outputPathOf(page.url))),
    feeds: pages.feeds.filter((feed) => feedPaths(feed).some(wanted)),
    sitemaps: pages.sitemaps.filter((sitemap) => wanted(outputPathOf(sitemap.path))),
    singles: singles as RenderSet["singles"],
    redirects: pages.redirects.filter((page) => wanted(outputPathOf(page.url))),
  };
}

/** Output paths a render set writes. */
export function pathsOf(set: RenderSet): string[] {
  return [
    ...set.articles.map((article) => outputPathOf(article.url)),
    ...set.listPages.map((page) => outputPathOf(page.url)),
    ...set.feeds.flatMap(feedPaths),
    ...set.sitemaps.map((sitemap) => outputPathOf(sitemap.path)),
    ...singletons.filter((name) => set.singles[name].length > 0).map((name) => singletonPaths[name]),
    ...set.redirects.map((page) => outputPathOf(page.url)),
  ];
}

/** An empty render set, to spread the pages of one kind into. */
export function noPages(): RenderSet {
  const singles = {} as Record<Singleton, unknown[]>;
  for (const name of singletons) singles[name] = [];
  return { articles: [], listPages: [], feeds: [], sitemaps: [], singles: singles as RenderSet["singles"], redirects: [] };
}
