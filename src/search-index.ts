/**
 * Full-text search: Pagefind indexes of the built article pages, one bundle per year of
 * publication in `<siteDir>/pagefind/<year>/`, merged in the browser by Pagefind's multisite
 * support (templates/assets/search.js). Years are shards: a new or edited article re-indexes its
 * own year only, and each Pagefind run holds one year in memory, not the archive.
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

/** "2017/08/04/slug/index.html" → "2017"; undefined for any other page. */
export function shardOf(outputPath: string): string | undefined {
  return /^(\d{4})\/\d\d\/\d\d\/[^/]+\/index\.html$/.exec(outputPath)?.[1];
}

/** Article pages of one year: "2017/08/04/<slug>/index.html". */
export function shardGlob(year: string): string {
  return `${year}/[0-9][0-9]/[0-9][0-9]/*/index.html`;
}

/** "pagefind/2017" */
export function shardDir(year: string): string {
  return `${searchBundleDir}/${year}`;
}

/** Pages per year for these article output paths, newest year first (the primary bundle). */
export function searchShards(outputPaths: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const page of outputPaths) {
    const year = shardOf(page);
    if (year !== undefined) counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)));
}

export interface ShardOptions {
  /** Folder of the built site whose article pages are read. */
  siteDir: string;
  year: string;
  /**
   * Number of pages the shard must hold (the year's article count). A different number fails the
   * build: a page that lost its data-pagefind-body mark would otherwise silently drop out of search.
   */
  expectedPages?: number;
  /** Where the shard is written; default `<siteDir>/pagefind/<year>`. */
  outputPath?: string;
  /** Where pagefind-ui.js/.css go; default `<siteDir>/pagefind`. */
  bundleRoot?: string;
}

export interface ShardResult {
  year: string;
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
 * Indexes one year's article pages into its own bundle. Runs in Pagefind's service process, which
 * stays up for the next shard until `closeSearchIndexer()`; call it from `finally`.
 */
export async function buildSearchShard(options: ShardOptions): Promise<ShardResult> {
  const { siteDir, year } = options;
  const outputPath = path.resolve(options.outputPath ?? path.join(siteDir, shardDir(year)));
  const bundleRoot = options.bundleRoot ?? path.join(siteDir, searchBundleDir);
  try {
    const created = await pagefind.createIndex({ forceLanguage: searchLanguage });
    failOn("starting", created.errors);
    const index = created.index;
    if (!index) throw new SearchIndexError("Search index (Pagefind) failed while starting: no index was created");
    try {
      const added = await index.addDirectory({ path: siteDir, glob: shardGlob(year) });
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
      `Search index (Pagefind) for ${year} holds ${pagesIndexed} pages, expected ${options.expectedPages} (one per article). ` +
        "Every article page needs data-pagefind-body on its <article> (templates/_includes/pages/article.njk).",
    );
  }
  await fs.mkdir(bundleRoot, { recursive: true });
  // Every shard carries the same UI files (one Pagefind version); the root keeps one copy.
  await Promise.all([
    ...uiFiles.map((file) => fs.rename(path.join(outputPath, file), path.join(bundleRoot, file))),
    ...unusedFiles.map((file) => fs.rm(path.join(outputPath, file), { force: true })),
  ]);
  return { year, pagesIndexed, outputPath };
}

/** Ends Pagefind's service process, so that the build can exit. */
export async function closeSearchIndexer(): Promise<void> {
  await pagefind.close();
}

/** Indexes every year of `shards` (from `searchShards`) one after another. */
export async function buildSearchIndex(siteDir: string, shards: ReadonlyMap<string, number>): Promise<ShardResult[]> {
  const results: ShardResult[] = [];
  try {
    for (const [year, pages] of shards) results.push(await buildSearchShard({ siteDir, year, expectedPages: pages }));
  } finally {
    await closeSearchIndexer();
  }
  return results;
}
