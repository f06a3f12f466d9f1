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
 * ~1,000, which takes Pagefind less time where creating files is slow, and the site has ~7,500
 * fewer files to deploy at 10,000 articles. A reader's search fetches one ~5 KB file per result
 * shown instead of ~1.3 KB.
 *
 * Only article pages are indexed (templates/article.njk marks them with data-pagefind-body; the
 * topic and outlet links carry data-pagefind-filter). Everything is indexed as Indonesian so that
 * Pagefind's Indonesian stemmer serves every page. Pagefind's default UI (pagefind-ui.js/.css)
 * is moved from the shards to the bundle root, where templates/cari.njk loads it; its other UIs
 * are not shipped.
 *
 * Each shard is one run of Pagefind's command-line indexer (the binary the `pagefind` package
 * installs), so that shards can be indexed side by side and each run's memory (~165 MB for 1,000
 * pages) is returned when it ends. See https://pagefind.app/docs/config-options/ and
 * https://pagefind.app/docs/multisite/
 *
 * A shard whose bundle a `BundleCache` keeps is copied from it instead of indexed (the build keeps
 * bundles between builds, src/build/cache.ts), then checked like a fresh one.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** ISO 639-1 code for the index: the archive is Indonesian. */
export const searchLanguage = "id";

/** Folder of the search bundles inside the site. */
export const searchBundleDir = "pagefind";

/** The default UI, loaded by the search page from the bundle root. */
const uiFiles = ["pagefind-ui.js", "pagefind-ui.css"];

/** What Pagefind writes into every bundle and the site does not use. */
const unusedFiles = ["pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-highlight.js", "pagefind-modular-ui.css", "pagefind-modular-ui.js"];

/** Bundles kept from earlier runs, by shard: what to copy instead of running Pagefind. */
export interface BundleCache {
  /**
   * Copies the bundle kept for `shard` into `dest`, a folder that does not exist yet. False, with
   * nothing left at `dest`, when none is kept or it cannot be copied.
   */
  restore(shard: string, dest: string): Promise<boolean>;
  /** Keeps a copy of the bundle folder `from` for `shard`, in place of any kept before. Never fails. */
  store(shard: string, from: string): Promise<void>;
}

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
  /**
   * Kept bundles: the shard's is copied instead of running Pagefind when it is there, and the
   * bundle Pagefind writes is kept when it is not. `outputPath` must not exist yet.
   */
  cache?: BundleCache;
}

export interface ShardResult {
  shard: string;
  /** Number of pages in the shard: those marked with data-pagefind-body. */
  pagesIndexed: number;
  /** Absolute path of the shard folder written. */
  outputPath: string;
  /** Whether the bundle was copied from the cache rather than written by Pagefind. */
  restored: boolean;
}

/** The bundle's manifest (pagefind-entry.json), as far as it is read here. */
interface BundleEntry {
  languages: Record<string, { page_count: number }>;
}

/**
 * Path of Pagefind's binary, found as the `pagefind` package finds it (lib/resolveBinary.js): the
 * PAGEFIND_EXTENDED_BINARY_PATH or PAGEFIND_BINARY_PATH setting, else the platform package that
 * npm installed beside it (`@pagefind/linux-x64`...), preferring the extended build.
 */
export function pagefindBinary(env: NodeJS.ProcessEnv = process.env): string {
  const names = ["pagefind_extended", "pagefind"];
  for (const name of names) {
    const setting = env[`${name.toUpperCase()}_BINARY_PATH`];
    if (setting) return setting;
  }
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const fromPagefind = createRequire(import.meta.resolve("pagefind"));
  for (const name of names) {
    try {
      return fromPagefind.resolve(`@pagefind/${platform}-${process.arch}/bin/${name}${platform === "windows" ? ".exe" : ""}`);
    } catch {
      // Not installed for this platform; try the next name.
    }
  }
  throw new SearchIndexError(`Search index (Pagefind) has no binary for ${platform}-${process.arch}: run \`npm ci\` again, or set PAGEFIND_BINARY_PATH.`);
}

/** Runs Pagefind's indexer with `args`; resolves when it succeeds, fails with what it printed. */
function runPagefind(args: readonly string[]): Promise<void> {
  const binary = pagefindBinary();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"], windowsHide: true });
    let printed = "";
    child.stderr.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    child.on("error", (error) => reject(new SearchIndexError(`Search index (Pagefind) could not start ${binary}: ${error.message}`, { cause: error })));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve();
      // Pagefind prints some errors twice.
      const lines = [...new Set(printed.split("\n").map((line) => line.trim()).filter(Boolean))];
      reject(new SearchIndexError(`Search index (Pagefind) failed (${signal ?? `exit code ${code}`}):\n  ${(lines.length > 0 ? lines : ["it printed nothing"]).join("\n  ")}`));
    });
  });
}

/** Indexes one shard's article pages into its own bundle, in one run of Pagefind. */
export async function buildSearchShard(options: ShardOptions): Promise<ShardResult> {
  const { siteDir, shard } = options;
  const outputPath = path.resolve(options.outputPath ?? path.join(siteDir, shardDir(shard)));
  const bundleRoot = options.bundleRoot ?? path.join(siteDir, searchBundleDir);
  const args = ["--site", path.resolve(siteDir), "--glob", shardGlob(shard, options.newestMonth), "--output-path", outputPath, "--force-language", searchLanguage, "--silent"];
  if (options.expectedPages !== undefined) args.push("--max-fragments", String(fragmentFilesFor(options.expectedPages)));
  const { cache } = options;
  let pagesIndexed = cache === undefined ? undefined : await restoreShard(cache, shard, outputPath, options.expectedPages);
  const restored = pagesIndexed !== undefined;
  if (pagesIndexed === undefined) {
    await runPagefind(args);
    pagesIndexed = await pageCount(outputPath);
    if (options.expectedPages !== undefined && pagesIndexed !== options.expectedPages) {
      throw new SearchIndexError(
        `Search index (Pagefind) for ${shard} holds ${pagesIndexed} pages, expected ${options.expectedPages} (one per article). ` +
          "Every article page needs data-pagefind-body on its <article> (templates/_includes/pages/article.njk).",
      );
    }
  }
  // Kept as Pagefind wrote it, once it passed the check.
  if (cache !== undefined && !restored) await cache.store(shard, outputPath);
  await fs.mkdir(bundleRoot, { recursive: true });
  // Every shard carries the same UI files (one Pagefind version); the root keeps one copy.
  await Promise.all([
    ...uiFiles.map((file) => fs.rename(path.join(outputPath, file), path.join(bundleRoot, file))),
    ...unusedFiles.map((file) => fs.rm(path.join(outputPath, file), { force: true })),
  ]);
  return { shard, pagesIndexed, outputPath, restored };
}

/**
 * Copies the shard's kept bundle into `outputPath` and gives its page count; undefined, with
 * nothing left at `outputPath`, when there is none or it does not read as a whole bundle of
 * `expectedPages` (a damaged cache entry: Pagefind writes the shard again, and it is kept instead).
 */
async function restoreShard(cache: BundleCache, shard: string, outputPath: string, expectedPages: number | undefined): Promise<number | undefined> {
  if (!(await cache.restore(shard, outputPath))) return undefined;
  const pages = await pageCount(outputPath).catch(() => undefined);
  if (pages !== undefined && (expectedPages === undefined || pages === expectedPages)) return pages;
  await fs.rm(outputPath, { recursive: true, force: true });
  return undefined;
}

/** Pages in the bundle at `dir`, from its manifest (pagefind-entry.json). */
async function pageCount(dir: string): Promise<number> {
  const entry = JSON.parse(await fs.readFile(path.join(dir, "pagefind-entry.json"), "utf8")) as BundleEntry;
  return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
}

/** Pagefind runs side by side in `buildSearchIndex`: two fill two cores, and each holds one shard. */
export const searchConcurrency = 2;

export interface SearchIndexOptions {
  /** Pagefind runs at a time. */
  concurrency?: number;
  /** Kept bundles to copy, and where to keep new ones. */
  cache?: BundleCache;
}

/**
 * Indexes every shard of `shards` (from `searchShards`), `concurrency` at a time; results in the
 * order of `shards`. The first failure is reported once the runs under way have ended.
 */
export async function buildSearchIndex(siteDir: string, shards: ReadonlyMap<string, number>, { concurrency = searchConcurrency, cache }: SearchIndexOptions = {}): Promise<ShardResult[]> {
  const newestMonth = newestMonthOf(shards.keys());
  const queue = [...shards];
  const results = new Map<string, ShardResult>();
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [shard, pages] = next;
      results.set(shard, await buildSearchShard({ siteDir, shard, newestMonth, expectedPages: pages, cache }));
    }
  };
  const runs = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, worker));
  const failed = runs.find((run): run is PromiseRejectedResult => run.status === "rejected");
  if (failed) throw failed.reason;
  return [...shards.keys()].map((shard) => results.get(shard)!);
}
