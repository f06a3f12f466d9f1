/**
 * Full-text search: Pagefind indexes of the built article pages in shards, merged in the browser
 * by Pagefind's multisite support (templates/assets/search.js). A shard is a year of publication,
 * `<siteDir>/pagefind/2023/`, except that the archive's newest month has a shard of its own,
 * `pagefind/2024-12/`, and its year's shard holds that year's other months. A new article is
 * nearly always the newest, so an update re-indexes one month, not a year (~80 pages instead of
 * ~1,000 at 10,000 articles over ten years); when a new month starts, the month before joins its
 * year's shard once. An article in an older month re-indexes its year. Each Pagefind run holds
 * one shard in memory, not the archive.
 *
 * Each shard keeps about four pages' result data (Pagefind's "fragments") per file instead of one
 * file per page (`fragmentFilesFor`): a year of ~1,000 articles writes ~250 files instead of
 * ~1,000, in about half of Pagefind's CPU time, and the site has ~7,500 fewer files to deploy at
 * 10,000 articles. A reader's search fetches one ~5 KB file per result shown instead of ~1.3 KB.
 *
 * Only article pages are indexed (templates/article.njk marks them with data-pagefind-body; the
 * topic and outlet links carry data-pagefind-filter). Everything is indexed as Indonesian so that
 * Pagefind's Indonesian stemmer serves every page. Pagefind's default UI (pagefind-ui.js/.css)
 * is moved from the shards to the bundle root, where templates/cari.njk loads it; its other UIs
 * are not shipped.
 * See https://pagefind.app/docs/node-api/ and https://pagefind.app/docs/multisite/
 */
import fs from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";

/** ISO 639-1 code for the index: the archive is Indonesian. */
export const searchLanguage = "id";

/** Folder of the search bundles inside the site. */
export const searchBundleDir = "pagefind";

/** The default UI, loaded by the search page from the bundle root. */
const uiFiles = ["pagefind-ui.js", "pagefind-ui.css"];

/** What Pagefind writes into every bundle and the site does not use. */
const unusedFiles = ["pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-highlight.js", "pagefind-modular-ui.css", "pagefind-modular-ui.js"];

export class SearchIndexError extends Error {
  override name = "SearchIndexError";
}

/** Pages whose search result data Pagefind keeps together in one fragment file. */
export const pagesPerFragmentFile = 4;

/** Pagefind's `maxFragments` for a shard of `pages` pages: one file per `pagesPerFragmentFile`. */
export function fragmentFilesFor(pages: number): number {
  return Math.max(1, Math.ceil(pages / pagesPerFragmentFile));
}

/** "2017/08/04/slug/index.html" → ["2017", "08"]; undefined for any other page. */
function articleMonth(outputPath: string): [year: string, month: string] | undefined {
  const match = /^(\d{4})\/(\d\d)\/\d\d\/[^/]+\/index\.html$/.exec(outputPath);
  return match ? [match[1]!, match[2]!] : undefined;
}

/**
 * The shard of an article page: "2017-08" when that is the archive's newest month
 * (`newestMonth`), else its year, "2017"; undefined for any other page.
 */
export function shardOf(outputPath: string, newestMonth?: string): string | undefined {
  const parts = articleMonth(outputPath);
  if (parts === undefined) return undefined;
  const month = `${parts[0]}-${parts[1]}`;
  return month === newestMonth ? month : parts[0];
}

/** The newest month's shard ("2024-12") among shard names, if any. */
export function newestMonthOf(shards: Iterable<string>): string | undefined {
  for (const shard of shards) if (shard.includes("-")) return shard;
  return undefined;
}

const allMonths = Array.from({ length: 12 }, (_, index) => String(index + 1).padStart(2, "0"));

/**
 * Article pages of one shard: "2017/08/[0-9][0-9]/*\/index.html" for a month; for a year, every
 * month of it but the newest month when that has its own shard (a Pagefind glob alternative).
 */
export function shardGlob(shard: string, newestMonth?: string): string {
  const [year, month] = shard.split("-") as [string, string | undefined];
  const pages = "[0-9][0-9]/*/index.html";
  if (month !== undefined) return `${year}/${month}/${pages}`;
  if (!newestMonth?.startsWith(`${year}-`)) return `${year}/[0-9][0-9]/${pages}`;
  const others = allMonths.filter((other) => other !== newestMonth.slice(year.length + 1));
  return `${year}/{${others.join(",")}}/${pages}`;
}

/** "pagefind/2017" */
export function shardDir(shard: string): string {
  return `${searchBundleDir}/${shard}`;
}

/**
 * Pages per shard for these article output paths, newest first (the primary bundle): the newest
 * month, then years.
 */
export function searchShards(outputPaths: Iterable<string>): Map<string, number> {
  const months: string[] = [];
  for (const page of outputPaths) {
    const parts = articleMonth(page);
    if (parts !== undefined) months.push(`${parts[0]}-${parts[1]}`);
  }
  const newestMonth = months.reduce<string | undefined>((newest, month) => (newest === undefined || month > newest ? month : newest), undefined);
  const counts = new Map<string, number>();
  for (const month of months) {
    const shard = month === newestMonth ? month : month.slice(0, 4);
    counts.set(shard, (counts.get(shard) ?? 0) + 1);
  }
  // "2024-12" sorts before "2024", and both before "2023".
  return new Map([...counts].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)));
}

export interface ShardOptions {
  /** Folder of the built site whose article pages are read. */
  siteDir: string;
  /** "2017", or the newest month, "2017-08" (`searchShards`). */
  shard: string;
  /** The newest month's shard, whose pages a year's shard leaves out (`newestMonthOf`). */
  newestMonth?: string;
  /**
   * Number of pages the shard must hold (its article count). A different number fails the
   * build: a page that lost its data-pagefind-body mark would otherwise silently drop out of search.
   * It also sets how many fragment files the shard gets (`fragmentFilesFor`); without it, Pagefind
   * writes one per page.
   */
  expectedPages?: number;
  /** Where the shard is written; default `<siteDir>/pagefind/<shard>`. */
  outputPath?: string;
  /** Where pagefind-ui.js/.css go; default `<siteDir>/pagefind`. */
  bundleRoot?: string;
}

export interface ShardResult {
  shard: string;
  /** Number of pages in the shard: those marked with data-pagefind-body. */
  pagesIndexed: number;
  /** Absolute path of the shard folder written. */
  outputPath: string;
}

/** The bundle's manifest (pagefind-entry.json), as far as it is read here. */
interface BundleEntry {
  languages: Record<string, { page_count: number }>;
}

function failOn(step: string, errors: readonly string[]): void {
  if (errors.length > 0) {
    throw new SearchIndexError(`Search index (Pagefind) failed while ${step}:\n  ${errors.join("\n  ")}`);
  }
}

/**
 * Indexes one shard's article pages into its own bundle. Runs in Pagefind's service process, which
 * stays up for the next shard until `closeSearchIndexer()`; call it from `finally`.
 */
export async function buildSearchShard(options: ShardOptions): Promise<ShardResult> {
  const { siteDir, shard } = options;
  const outputPath = path.resolve(options.outputPath ?? path.join(siteDir, shardDir(shard)));
  const bundleRoot = options.bundleRoot ?? path.join(siteDir, searchBundleDir);
  try {
    const maxFragments = options.expectedPages === undefined ? undefined : fragmentFilesFor(options.expectedPages);
    const created = await pagefind.createIndex({ forceLanguage: searchLanguage, ...(maxFragments === undefined ? {} : { maxFragments }) });
    failOn("starting", created.errors);
    const index = created.index;
    if (!index) throw new SearchIndexError("Search index (Pagefind) failed while starting: no index was created");
    try {
      const added = await index.addDirectory({ path: siteDir, glob: shardGlob(shard, options.newestMonth) });
      failOn(`reading ${siteDir}`, added.errors);
      const written = await index.writeFiles({ outputPath });
      failOn("writing the bundle", written.errors);
    } finally {
      await index.deleteIndex();
    }
  } catch (error) {
    if (error instanceof SearchIndexError) throw error;
    throw new SearchIndexError(`Search index (Pagefind) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  const entry = JSON.parse(await fs.readFile(path.join(outputPath, "pagefind-entry.json"), "utf8")) as BundleEntry;
  const pagesIndexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
  if (options.expectedPages !== undefined && pagesIndexed !== options.expectedPages) {
    throw new SearchIndexError(
      `Search index (Pagefind) for ${shard} holds ${pagesIndexed} pages, expected ${options.expectedPages} (one per article). ` +
        "Every article page needs data-pagefind-body on its <article> (templates/_includes/pages/article.njk).",
    );
  }
  await fs.mkdir(bundleRoot, { recursive: true });
  // Every shard carries the same UI files (one Pagefind version); the root keeps one copy.
  await Promise.all([
    ...uiFiles.map((file) => fs.rename(path.join(outputPath, file), path.join(bundleRoot, file))),
    ...unusedFiles.map((file) => fs.rm(path.join(outputPath, file), { force: true })),
  ]);
  return { shard, pagesIndexed, outputPath };
}

/** Ends Pagefind's service process, so that the build can exit. */
export async function closeSearchIndexer(): Promise<void> {
  await pagefind.close();
}

/** Indexes every shard of `shards` (from `searchShards`) one after another. */
export async function buildSearchIndex(siteDir: string, shards: ReadonlyMap<string, number>): Promise<ShardResult[]> {
  const results: ShardResult[] = [];
  const newestMonth = newestMonthOf(shards.keys());
  try {
    for (const [shard, pages] of shards) results.push(await buildSearchShard({ siteDir, shard, newestMonth, expectedPages: pages }));
  } finally {
    await closeSearchIndexer();
  }
  return results;
}
