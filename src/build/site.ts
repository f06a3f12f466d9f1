/**
 * Loads the site's data for one build: outlets, parsed articles, the archive. Eleventy's global
 * data and the build CLI both call `loadSite`; results are kept while no article file changed,
 * so the CLI's validation pass and Eleventy's data pass parse each file once.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { buildArchive, type Archive } from "../archive/archive.ts";
import { buildFeeds, type Feed } from "../archive/feeds.ts";
import { fullRenderSet, outputPathOf, singletonPagination, type RenderSet, type Singleton } from "./plan.ts";
import { searchShards } from "../search/search-index.ts";
import { sitemapEntries, type SitemapEntry } from "../archive/sitemap.ts";
import type { Outlet } from "../archive/collections.ts";
import { loadArticles } from "../content/load.ts";
import { templatesDir, type Settings } from "../settings.ts";

export { templatesDir };
export const sourcesFile = path.join(templatesDir, "_data", "sources.json");
export const stringsFile = path.join(templatesDir, "_data", "strings.json");

export interface Site {
  archive: Archive;
  feeds: Feed[];
  sitemap: SitemapEntry[];
  /** Search index shards: article pages per shard (the newest month, then years), newest first. */
  searchShards: Map<string, number>;
  /** Skipped files and other findings that do not stop the build. */
  notices: string[];
  /** Number of article files read (published or not). */
  fileCount: number;
  /** Article files parsed by this load, i.e. new or changed since the last one (src/load.ts `parsedFiles`). */
  parsedFiles: ReadonlySet<string>;
}

export async function readOutlets(file: string = sourcesFile): Promise<Map<string, Outlet>> {
  const data = JSON.parse(await fs.readFile(file, "utf8")) as Record<string, { name: string; url: string }>;
  return new Map(Object.entries(data).map(([key, outlet]) => [key, { key, name: outlet.name, url: outlet.url }]));
}

let cached: { key: string; site: Promise<Site> } | undefined;

/**
 * The site for these settings, with drafts and future articles judged at `now`. Memoised on the
 * settings; `forget()` drops the memo, as the dev server does before each rebuild.
 */
export function loadSite(settings: Settings, now: number = Date.now()): Promise<Site> {
  // Only what shapes the archive and the feeds: the CLI points OUTPUT_DIR at a staging folder for Eleventy.
  const key = JSON.stringify([settings.articlesDir, settings.siteUrl, settings.pathPrefix, settings.mode]);
  if (cached?.key === key) return cached.site;
  const site = (async () => {
    const outlets = await readOutlets();
    const { articles, keyTerms, bodyHtml, notices, parsedFiles } = await loadArticles(settings.articlesDir, { sourceKeys: [...outlets.keys()], parseCache: {} });
    const archive = buildArchive(articles, {
      outlets,
      pathPrefix: settings.pathPrefix,
      includeUnpublished: settings.mode === "development",
      now,
      keyTerms: (article) => keyTerms.get(article)!,
      bodyHtml: (article) => bodyHtml.get(article),
    });
    const strings = JSON.parse(await fs.readFile(stringsFile, "utf8")) as { siteName: string; tagline: string; listHeadings: { topic: string } };
    const feeds = await buildFeeds(archive, settings.siteUrl, { siteName: strings.siteName, tagline: strings.tagline, topic: strings.listHeadings.topic });
    const shards = searchShards(archive.articles.map((article) => outputPathOf(article.url)));
    return { archive, feeds, sitemap: sitemapEntries(archive), searchShards: shards, notices, fileCount: articles.length, parsedFiles };
  })();
  cached = { key, site };
  site.catch(() => {
    if (cached?.site === site) cached = undefined;
  });
  return site;
}

export function forget(): void {
  cached = undefined;
}

let renderSet: RenderSet | undefined;

/** Limits the next Eleventy run to these pages (an incremental update); `undefined` renders all. */
export function setRenderSet(set: RenderSet | undefined): void {
  renderSet = set;
}

/** What the templates paginate over in this Eleventy run. */
export async function currentRenderSet(settings: Settings): Promise<RenderSet & { only: Record<Singleton, Singleton[]> }> {
  const set = renderSet ?? fullRenderSet(await loadSite(settings));
  return { ...set, only: singletonPagination(set) };
}
