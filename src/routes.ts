/**
 * The one URL and output-path scheme of the site: every page's site path is built here, from the
 * keys and slugs that name it, and nowhere else.
 *
 *   /                                    home
 *   /2017/08/04/<slug>/                  an article, by its date in Jakarta time
 *   /topik/, /topik/<slug>/              the topics, a topic
 *   /sumber/, /sumber/<outlet>/          the outlets, an outlet
 *   /sumber/<outlet>/rubrik/<slug>/      a rubric of an outlet
 *   /sumber/<outlet>/penulis/<slug>/     a reporter of an outlet
 *   /indeks/, /indeks/2017/08/           the date index, a month
 *   /cari/                               search
 *   /foto/<key>-<width>.<format>         a processed article photo
 *   <list>halaman/<n>/                   numbered page n of a list (paginate.ts)
 *   <list>feed.xml, <list>feed.json      the Atom and JSON feeds of the home page and of topics
 *   /sitemap.xml, /sitemap-<name>.xml    the sitemap index and its child sitemaps (archive/sitemap.ts)
 *
 * A site path starts with "/", ends with "/" unless it names a file, and never carries the path
 * prefix: `withPathPrefix` adds it for links, `absoluteUrl` for canonical and feed URLs, and
 * `outputPathOf` maps a path to its file in the output folder. Slugs come from content/slug.ts;
 * these functions only place them, so that this module imports nothing.
 */

export const homeUrl = "/";
export const topicIndexUrl = "/topik/";
export const outletIndexUrl = "/sumber/";
export const dateIndexUrl = "/indeks/";
export const searchUrl = "/cari/";
export const sitemapUrl = "/sitemap.xml";
export const robotsUrl = "/robots.txt";
export const notFoundUrl = "/404.html";
/** Processed article photos, named by content (src/build/photos.ts): "/foto/<key>-800.avif". */
export const photoDir = "/foto/";

/** A sitemap file may list at most 50,000 URLs (https://www.sitemaps.org/protocol.html#index). */
export const maxSitemapUrls = 50_000;

/** A child sitemap of the index, at the site root beside it: "2017" → "/sitemap-2017.xml". */
export function sitemapFileUrl(name: string): string {
  return `/sitemap-${name}.xml`;
}

/** A date's parts as they appear in paths: "2017", "08", "04". */
export interface PathDate {
  year: string;
  month: string;
  day: string;
}

/** An article's page: its publication date in Jakarta (dates.ts `jakartaDateParts`), then its slug. */
export function articleUrl(date: PathDate, slug: string): string {
  return `/${date.year}/${date.month}/${date.day}/${slug}/`;
}

export function topicUrl(slug: string): string {
  return `${topicIndexUrl}${slug}/`;
}

export function outletUrl(outletKey: string): string {
  return `${outletIndexUrl}${outletKey}/`;
}

/** A rubric's page at its outlet, from the slug of the rubric's name. */
export function sectionUrl(outletKey: string, sectionSlug: string): string {
  return `${outletUrl(outletKey)}rubrik/${sectionSlug}/`;
}

/** A reporter's page at their outlet, from the slug of the reporter's name. */
export function reporterUrl(outletKey: string, reporterSlug: string): string {
  return `${outletUrl(outletKey)}penulis/${reporterSlug}/`;
}

/** A month of the date index; `month` is two digits. */
export function monthUrl(year: string, month: string): string {
  return `${dateIndexUrl}${year}/${month}/`;
}

/** "/topik/telegram/" → newest page "/topik/telegram/", page 2 "/topik/telegram/halaman/2/". */
export function pageUrl(firstUrl: string, number?: number): string {
  return number === undefined ? firstUrl : `${firstUrl}halaman/${number}/`;
}

/** The Atom feed of a list page: "/topik/telegram/" → "/topik/telegram/feed.xml". */
export function atomFeedPath(listUrl: string): string {
  return `${listUrl}feed.xml`;
}

/** The JSON Feed of a list page: "/topik/telegram/" → "/topik/telegram/feed.json". */
export function jsonFeedPath(listUrl: string): string {
  return `${listUrl}feed.json`;
}

/** A processed photo file: "/foto/<name>". */
export function photoUrl(name: string): string {
  return `${photoDir}${name}`;
}

/** "/2017/08/04/x/" → "2017/08/04/x/index.html": where a site path's page lives in the output folder. */
export function outputPathOf(url: string): string {
  return url.endsWith("/") ? `${url.slice(1)}index.html` : url.slice(1);
}

/** Absolute URL of a site path ("/2017/08/04/x/") under `siteUrl` (which carries the prefix). */
export function absoluteUrl(sitePath: string, siteUrl: string): string {
  // Concatenation, not `new URL`: site paths are plain ASCII and siteUrl ends with "/" (settings.ts).
  return siteUrl + sitePath.replace(/^\//, "");
}

/**
 * A site path under the path prefix: "/topik/x/" → "/arsip/topik/x/". Plain concatenation: this
 * runs for every link of every page (Eleventy's `url` filter parses each one and took 10 % of a
 * build). Paths are site-absolute and prefixes end with "/", both guaranteed by settings.ts.
 */
export function withPathPrefix(sitePath: string, pathPrefix: string): string {
  return pathPrefix === "/" ? sitePath : pathPrefix + sitePath.replace(/^\//, "");
}
