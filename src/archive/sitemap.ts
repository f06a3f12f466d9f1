/**
 * sitemap.xml entries (https://www.sitemaps.org/protocol.html): every page of the site with the
 * date of the newest article it shows as `lastmod`, so that the file changes only when content does.
 */
import type { Archive } from "./archive.ts";
import { toJakartaIso } from "../content/dates.ts";
import { dateIndexUrl, outletIndexUrl, searchUrl, topicIndexUrl } from "../routes.ts";

export interface SitemapEntry {
  /** Site path without the prefix. */
  path: string;
  /** W3C datetime; absent while the archive has no article. */
  lastmod?: string;
}

/** Overview pages that have no list of their own in the archive data. */
export const overviewPaths = [topicIndexUrl, outletIndexUrl, dateIndexUrl, searchUrl] as const;

/** A sitemap file may list at most 50,000 URLs; past that the build must split it. */
export const maxSitemapUrls = 50_000;

export function sitemapEntries(archive: Archive): SitemapEntry[] {
  const newest = archive.articles[0];
  // An empty archive still has its home and overview pages.
  const siteLastmod = newest === undefined ? undefined : toJakartaIso(newest.date);
  const entries: SitemapEntry[] = [
    ...archive.listPages.map((page) => ({ path: page.url, lastmod: page.items[0] ? toJakartaIso(page.items[0].date) : siteLastmod })),
    ...overviewPaths.map((path) => ({ path, lastmod: siteLastmod })),
    ...archive.articles.map((article) => ({ path: article.url, lastmod: toJakartaIso(article.date) })),
  ];
  if (entries.length > maxSitemapUrls) {
    throw new Error(`sitemap: ${entries.length} URLs exceed the ${maxSitemapUrls} a sitemap file may hold; split it into a sitemap index`);
  }
  return entries;
}
