/**
 * Full-text search: Pagefind indexes of the built article pages in shards, merged in the browser
 * by Pagefind's multisite support (templates/assets/search.js). A shard is a year of publication,
 * `<siteDir>/pagefind/2023/`, except that the archive's newest month has a shard of its own,
 * `pagefind/2024-12/`, and its year's shard holds that year's other months. A new article is
 * nearly always the newest, so an update re-indexes one month, not a year (~80 pages instead of
 * ~1,000 at 10,000 articles over ten years); when a new month starts, the month before joins its
 * year's shard once. An article in an older month re-indexes its shard.
 *
 * A year of more than `maxShardPages` pages is split into halves (`pagefind/2023-h1/`), a half of
 * more into quarters (`2023-q3`), a quarter of more into months: each Pagefind run holds one shard
 * in memory (~150 KB a page), so no run needs more than ~750 MB however large the archive, two
 * run side by side (`ShardQueue`), and a back-filled article re-indexes at most ~5,000 pages.
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

/** "2017/08/04/slug/index.html" → "2017-08"; undefined for any other page. */
function articleMonth(outputPath: string): string | undefined {
  const match = /^(\d{4})\/(\d\d)\/\d\d\/[^/]+\/index\.html$/.exec(outputPath);
  return match ? `${match[1]!}-${match[2]!}` : undefined;
}

/**
 * Most pages a shard holds unless it is a single month: a year with more is split into halves
 * ("2017-h1", "2017-h2"), a half with more into its quarters ("2017-q3"), a quarter with more into
 * its months. Pagefind holds ~150 KB per page while it indexes a shard (`searchPagesAtOnce`), so a
 * shard of 5,000 pages needs ~750 MB, whatever the size of the archive.
 */
export const maxShardPages = 5000;

const monthNumbers = Array.from({ length: 12 }, (_, index) => String(index + 1).padStart(2, "0"));

/** The months a shard name covers: "2017" → twelve, "2017-h2" → six, "2017-q3" → three, "2017-08" → one. */
export function monthsOf(shard: string): string[] {
  const match = /^(\d{4})(?:-(\d\d|h[12]|q[1-4]))?$/.exec(shard);
  if (match === null) return [];
  const [, year, part] = match as unknown as [string, string, string | undefined];
  const numbers = part === undefined ? monthNumbers : part.startsWith("h") ? monthNumbers.slice((Number(part[1]) - 1) * 6, Number(part[1]) * 6) : part.startsWith("q") ? monthNumbers.slice((Number(part[1]) - 1) * 3, Number(part[1]) * 3) : [part];
  return numbers.map((month) => `${year}-${month}`);
}

/** A year's halves, a half's quarters, a quarter's months. */
function partsOf(shard: string): string[] {
  const year = shard.slice(0, 4);
  const months = monthsOf(shard);
  if (months.length === 12) return [`${year}-h1`, `${year}-h2`];
  if (months.length === 6) return shard.endsWith("1") ? [`${year}-q1`, `${year}-q2`] : [`${year}-q3`, `${year}-q4`];
  return months;
}

/**
 * Where each month's article pages go, from the site's shard names (`searchShards`): the finest
 * shard covering the month, so that the newest month's shard takes its pages from its year's.
 */
export type ShardLayout = ReadonlyMap<string, string>;

/** The `ShardLayout` of these shard names. */
export function shardLayout(shards: Iterable<string>): ShardLayout {
  const layout = new Map<string, string>();
  const width = new Map<string, number>();
  for (const shard of shards) {
    const months = monthsOf(shard);
    for (const month of months) {
      if ((width.get(month) ?? Infinity) <= months.length) continue;
      layout.set(month, shard);
      width.set(month, months.length);
    }
  }
  return layout;
}

/**
 * The shard of an article page in `layout` (its year's when the layout does not name its month,
 * or without a layout); undefined for any other page.
 */
export function shardOf(outputPath: string, layout?: ShardLayout): string | undefined {
  const month = articleMonth(outputPath);
  if (month === undefined) return undefined;
  return layout?.get(month) ?? month.slice(0, 4);
}

/**
 * Article pages of one shard as a Pagefind glob: "2017/08/[0-9][0-9]/*\/index.html" for a month;
 * for a year, half or quarter, each month of it that `layout` does not give a finer shard.
 */
export function shardGlob(shard: string, layout?: ShardLayout): string {
  const months = monthsOf(shard).filter((month) => (layout?.get(month) ?? shard) === shard);
  const year = shard.slice(0, 4);
  const pages = "[0-9][0-9]/*/index.html";
  if (months.length === 12) return `${year}/[0-9][0-9]/${pages}`;
  if (months.length === 1) return `${year}/${months[0]!.slice(5)}/${pages}`;
  return `${year}/{${months.map((month) => month.slice(5)).join(",")}}/${pages}`;
}

/** "pagefind/2017" */
export function shardDir(shard: string): string {
  return `${searchBundleDir}/${shard}`;
}

/**
 * Pages per shard for these article output paths, newest first (the primary bundle): the newest
 * month, then the rest by their newest month. Each year's other pages make one shard, split into
 * halves, quarters and months where it has more than `maxPages` (`maxShardPages`); an empty part
 * has no shard.
 */
export function searchShards(outputPaths: Iterable<string>, maxPages: number = maxShardPages): Map<string, number> {
  const perMonth = new Map<string, number>();
  for (const page of outputPaths) {
    const month = articleMonth(page);
    if (month !== undefined) perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
  }
  const newestMonth = [...perMonth.keys()].reduce<string | undefined>((newest, month) => (newest === undefined || month > newest ? month : newest), undefined);
  const counts = new Map<string, number>();
  if (newestMonth !== undefined) counts.set(newestMonth, perMonth.get(newestMonth)!);
  const pagesIn = (shard: string) => monthsOf(shard).reduce((sum, month) => sum + (month === newestMonth ? 0 : (perMonth.get(month) ?? 0)), 0);
  const years = new Set([...perMonth.keys()].map((month) => month.slice(0, 4)));
  const split = (shard: string): string[] => (pagesIn(shard) <= maxPages || monthsOf(shard).length === 1 ? [shard] : partsOf(shard).flatMap(split));
  for (const year of years) for (const shard of split(year)) if (pagesIn(shard) > 0) counts.set(shard, pagesIn(shard));
  const newest = (shard: string) => monthsOf(shard).filter((month) => month !== newestMonth && perMonth.has(month)).at(-1) ?? "";
  // The newest month first, then by the newest month each shard holds.
  return new Map([...counts].sort(([a], [b]) => (a === newestMonth ? -1 : b === newestMonth ? 1 : newest(a) < newest(b) ? 1 : newest(a) > newest(b) ? -1 : 0)));
}

export interface ShardOptions {
  /** Folder of the built site whose article pages are read. */
  siteDir: string;
  /** "2017", or the newest month, "2017-08" (`searchShards`). */
  shard: string;
  /** The site's shards (`shardLayout`): a finer shard's months are left out of this one. */
  layout?: ShardLayout;
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
  const args = ["--site", path.resolve(siteDir), "--glob", shardGlob(shard, options.layout), "--output-path", outputPath, "--force-language", searchLanguage, "--silent"];
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

/** Pagefind runs side by side at most: two fill two cores, and each holds one shard. */
export const searchConcurrency = 2;

/**
 * Pages that the Pagefind runs under way may hold between them: two shards of `maxShardPages`. A
 * run holds ~150 KB per page (1.5 GB for 10,000 pages; ~165 MB for 1,000), so this is ~1.5 GB. A
 * shard that does not fit beside the runs under way waits; one that does not fit at all (a single
 * month of more pages) runs alone.
 */
export const searchPagesAtOnce = 2 * maxShardPages;

/**
 * Whether a shard of `pages` pages may start beside `running` runs holding `runningPages` pages,
 * at most `width` runs at a time.
 */
export function mayStartShard(pages: number, running: number, runningPages: number, width: number): boolean {
  return running === 0 || (running < width && runningPages + pages <= searchPagesAtOnce);
}

/**
 * Runs `run` for each shard queued, as many at a time as `mayStartShard` allows, taking the first
 * queued shard that fits. After a failure it starts no more; `check` and `drain` throw the first.
 */
export class ShardQueue {
  private readonly queue: string[] = [];
  private readonly running = new Map<Promise<void>, number>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly run: (shard: string) => Promise<void>,
    private readonly pagesOf: (shard: string) => number,
    private width = 1,
  ) {}

  /** Queues `shards`, at most `width` runs at a time from now on. */
  add(shards: readonly string[], width: number = this.width): void {
    this.width = Math.max(1, width);
    this.queue.push(...shards);
    this.pump();
  }

  /** Throws the first failure so far, if any. */
  check(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }

  /** Waits for every queued shard; throws the first failure. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.keys()]);
    this.check();
  }

  /** Stops starting runs and waits for those under way, whatever their outcome. */
  async stop(): Promise<void> {
    this.queue.length = 0;
    await Promise.allSettled([...this.running.keys()]);
  }

  private pump(): void {
    while (this.queue.length > 0 && this.failure === undefined) {
      const runningPages = [...this.running.values()].reduce((sum, pages) => sum + pages, 0);
      const next = this.queue.findIndex((shard) => mayStartShard(this.pagesOf(shard), this.running.size, runningPages, this.width));
      if (next === -1) return;
      const [shard] = this.queue.splice(next, 1) as [string];
      const task: Promise<void> = this.run(shard)
        .catch((error: unknown) => void (this.failure ??= { error }))
        .finally(() => {
          this.running.delete(task);
          this.pump();
        });
      this.running.set(task, this.pagesOf(shard));
    }
  }
}

export interface SearchIndexOptions {
  /** Pagefind runs at a time, at most. */
  concurrency?: number;
  /** Kept bundles to copy, and where to keep new ones. */
  cache?: BundleCache;
}

/**
 * Indexes every shard of `shards` (from `searchShards`), at most `concurrency` at a time and as
 * `ShardQueue` allows; results in the order of `shards`. The first failure is reported once the
 * runs under way have ended.
 */
export async function buildSearchIndex(siteDir: string, shards: ReadonlyMap<string, number>, { concurrency = searchConcurrency, cache }: SearchIndexOptions = {}): Promise<ShardResult[]> {
  const layout = shardLayout(shards.keys());
  const results = new Map<string, ShardResult>();
  const queue = new ShardQueue(
    async (shard) => void results.set(shard, await buildSearchShard({ siteDir, shard, layout, expectedPages: shards.get(shard), cache })),
    (shard) => shards.get(shard) ?? 0,
  );
  try {
    queue.add([...shards.keys()], concurrency);
    await queue.drain();
  } finally {
    await queue.stop();
  }
  return [...shards.keys()].map((shard) => results.get(shard)!);
}
