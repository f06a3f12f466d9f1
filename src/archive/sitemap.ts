/**
 * The sitemap (https://www.sitemaps.org/protocol.html): every page of the site with the date of
 * the newest article it shows as `lastmod`, so that a file changes only when content does.
 *
 * `/sitemap.xml` is always a sitemap index (https://www.sitemaps.org/protocol.html#index) whose
 * entries are child sitemaps, as Astro's and Yoast's are, so the site has no size limit:
 *
 *   /sitemap-halaman.xml        the list pages (home, topics, outlets, months), then the overview pages
 *   /sitemap-<year>.xml         the articles of one calendar year in Jakarta, newest first
 *
 * A sitemap may list only URLs at or below its own folder ("Sitemap file location"), so every
 * child sits at the site root beside the index. Each file's entries are what `sitemapEntries`
 * lists, in the same order: the children in index order, read one after the other, are the whole
 * list. Per-year files keep an update small (src/build/plan.ts fingerprints each file by its
 * entries): a new article changes its year's file, the pages file when it is the newest of one of
 * its lists, and the index (each child with its newest lastmod) when it is the newest of its year.
 *
 * A child holds at most `maxSitemapUrls` (routes.ts) URLs. A group with more is split much as list
 * pages are (paginate.ts): numbered parts counted from the end of the group, for a year from its
 * oldest article, each hold exactly the limit (`sitemap-2017-1.xml` the oldest, `sitemap-2017-2.xml`
 * the next), and the unnumbered `sitemap-2017.xml` holds the rest, the newest (1 to the limit). A
 * new article of the year then changes the unnumbered file only, and a numbered part keeps its URLs
 * until an article older than its newest is added or removed. The index lists a group's unnumbered
 * file, then its parts from the highest number down to 1.
 */
import type { Archive, ArticleView } from "./archive.ts";
import { jakartaDateParts, toJakartaIso } from "../content/dates.ts";
import { dateIndexUrl, maxSitemapUrls, outletIndexUrl, searchUrl, sitemapFileUrl, topicIndexUrl } from "../routes.ts";

export interface SitemapEntry {
  /** Site path without the prefix. */
  path: string;
  /** W3C datetime; absent while the archive has no article. */
  lastmod?: string;
}

/** One child sitemap: a `<urlset>` file at the site root. */
export interface SitemapFile {
  /** Site path of the file: "/sitemap-halaman.xml", "/sitemap-2017.xml", "/sitemap-2017-1.xml". */
  path: string;
  entries: SitemapEntry[];
}

/** An entry of the sitemap index: a child sitemap's site path and the newest `lastmod` among its entries (absent when none has one). */
export type SitemapIndexEntry = SitemapEntry;

/** Overview pages that have no list of their own in the archive data. */
export const overviewPaths = [topicIndexUrl, outletIndexUrl, dateIndexUrl, searchUrl] as const;

/** The name of the child sitemap of the home, list and overview pages. */
export const pagesSitemapName = "halaman";

/** The home, list and overview pages, with the newest article each shows as lastmod. */
function pageEntries(archive: Archive): SitemapEntry[] {
  const newest = archive.articles[0];
  // An empty archive still has its home and overview pages.
  const siteLastmod = newest === undefined ? undefined : toJakartaIso(newest.date);
  return [
    ...archive.listPages.map((page) => ({ path: page.url, lastmod: page.items[0] ? toJakartaIso(page.items[0].date) : siteLastmod })),
    ...overviewPaths.map((path) => ({ path, lastmod: siteLastmod })),
  ];
}

function articleEntry(article: ArticleView): SitemapEntry {
  return { path: article.url, lastmod: toJakartaIso(article.date) };
}

/** Every URL of the sitemap, in order: list pages, overview pages, then articles newest first. */
export function sitemapEntries(archive: Archive): SitemapEntry[] {
  return [...pageEntries(archive), ...archive.articles.map(articleEntry)];
}

/** The files of one group ("halaman", "2017"): unnumbered, then numbered parts counted from the end (see the module comment). */
function splitGroup(name: string, entries: SitemapEntry[], maxUrls: number): SitemapFile[] {
  const numbered = Math.max(0, Math.ceil(entries.length / maxUrls) - 1);
  const newest = entries.length - numbered * maxUrls;
  const files: SitemapFile[] = [{ path: sitemapFileUrl(name), entries: entries.slice(0, newest) }];
  for (let part = numbered; part >= 1; part--) {
    const end = entries.length - (part - 1) * maxUrls;
    files.push({ path: sitemapFileUrl(`${name}-${part}`), entries: entries.slice(end - maxUrls, end) });
  }
  return files;
}

/**
 * The child sitemaps of `archive`, in index order: the pages file (always, even for an empty
 * archive), then one file per Jakarta calendar year of the articles, newest year first, each split
 * into parts of at most `maxUrls` URLs.
 */
export function sitemapFiles(archive: Archive, maxUrls: number = maxSitemapUrls): SitemapFile[] {
  if (!Number.isInteger(maxUrls) || maxUrls < 1) throw new RangeError(`sitemap: the URLs per file must be a whole number of at least 1, got ${maxUrls}`);
  const years = new Map<string, SitemapEntry[]>();
  // Articles come newest first, so years come newest first and each year's articles stay in order.
  for (const article of archive.articles) {
    const { year } = jakartaDateParts(article.date);
    const entries = years.get(year);
    if (entries === undefined) years.set(year, [articleEntry(article)]);
    else entries.push(articleEntry(article));
  }
  const groups: [name: string, entries: SitemapEntry[]][] = [[pagesSitemapName, pageEntries(archive)], ...years];
  return groups.flatMap(([name, entries]) => splitGroup(name, entries, maxUrls));
}

/** The entries of the sitemap index: each file with the newest lastmod among its entries. */
export function sitemapIndex(files: readonly SitemapFile[]): SitemapIndexEntry[] {
  return files.map((file) => {
    let lastmod: string | undefined;
    // Every lastmod is toJakartaIso's fixed "+07:00" form, so text order is time order.
    for (const entry of file.entries) if (entry.lastmod !== undefined && (lastmod === undefined || entry.lastmod > lastmod)) lastmod = entry.lastmod;
    return lastmod === undefined ? { path: file.path } : { path: file.path, lastmod };
  });
}
