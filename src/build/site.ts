/**
 * Loads the site's data for one build: outlets, parsed articles, the archive, feeds, sitemap and
 * search shards.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { redirectsOf, type Redirect } from "../archive/aliases.ts";
import { buildArchive, type Archive } from "../archive/archive.ts";
import { buildFeeds, type Feed } from "../archive/feeds.ts";
import { outputPathOf } from "../routes.ts";
import { searchShards } from "../search/search-index.ts";
import { sitemapFiles, type SitemapFile } from "../archive/sitemap.ts";
import type { Outlet } from "../archive/collections.ts";
import { loadArticles, type LoadOptions } from "../content/load.ts";
import { templatesDir, type Settings } from "../settings.ts";
import { photoPrints, preparePhotos, type PhotoOptions, type PreparedPhotos } from "./photos.ts";

export { templatesDir };
export const sourcesFile = path.join(templatesDir, "_data", "sources.json");
export const stringsFile = path.join(templatesDir, "_data", "strings.json");

export interface Site {
  archive: Archive;
  feeds: Feed[];
  /** The child sitemaps the index `/sitemap.xml` lists, in its order (src/archive/sitemap.ts). */
  sitemap: SitemapFile[];
  /** Search index shards: article pages per shard (the newest month, then years), newest first. */
  searchShards: Map<string, number>;
  /** Old URLs of the site's articles, each to its article (src/archive/aliases.ts). */
  redirects: Redirect[];
  /** Skipped files and other findings that do not stop the build. */
  notices: string[];
  /** Number of article files read (published or not). */
  fileCount: number;
  /** Article files parsed by this load, i.e. new or changed since the last one (src/content/load.ts `parsedFiles`). */
  parsedFiles: ReadonlySet<string>;
  /** The processed photos the site's pages show: their output files and fingerprints, and the store holding them. */
  photos: PreparedPhotos;
  /** The output files of the photos the site's pages show, with their fingerprints (src/build/photos.ts). */
  photoFiles: Map<string, string>;
}

export async function readOutlets(file: string = sourcesFile): Promise<Map<string, Outlet>> {
  const data = JSON.parse(await fs.readFile(file, "utf8")) as Record<string, { name: string; url: string }>;
  return new Map(Object.entries(data).map(([key, outlet]) => [key, { key, name: outlet.name, url: outlet.url }]));
}

/**
 * The site for these settings, with drafts and future articles judged at `now`. `load` is passed
 * to loadArticles (the parse store, src/build/cache.ts). Every call reads the articles afresh;
 * what a store keeps makes that cheap.
 */
export async function loadSite(
  settings: Settings,
  { now = Date.now(), load = {}, photos: photoOptions = {} }: { now?: number; load?: Partial<LoadOptions>; photos?: Omit<PhotoOptions, "articlesDir"> } = {},
): Promise<Site> {
  const outlets = await readOutlets();
  const { articles, keyTerms, bodies, notices, parsedFiles } = await loadArticles(settings.articlesDir, { ...load, sourceKeys: [...outlets.keys()] });
  // Every photo is checked (drafts' too) before anything is staged; its files are output only
  // when its article is part of the site.
  const prepared = await preparePhotos(articles, { ...photoOptions, articlesDir: settings.articlesDir });
  const archive = buildArchive(articles, {
    outlets,
    pathPrefix: settings.pathPrefix,
    includeUnpublished: settings.mode === "development",
    now,
    keyTerms: (article) => keyTerms.get(article)!,
    body: (article) => bodies.get(article)!,
    photo: (article) => prepared.photos.get(article),
  });
  const strings = JSON.parse(await fs.readFile(stringsFile, "utf8")) as { siteName: string; tagline: string; listHeadings: { topic: string } };
  const feeds = await buildFeeds(archive, settings.siteUrl, { siteName: strings.siteName, tagline: strings.tagline, topic: strings.listHeadings.topic });
  const shards = searchShards(archive.articles.map((article) => outputPathOf(article.url)), settings.searchShardPages);
  return { archive, feeds, sitemap: sitemapFiles(archive), searchShards: shards, redirects: redirectsOf(archive.articles), notices, fileCount: articles.length, parsedFiles, photos: prepared, photoFiles: photoPrints(prepared, archive.articles.flatMap((article) => (article.photo === undefined ? [] : [article.photo]))) };
}
