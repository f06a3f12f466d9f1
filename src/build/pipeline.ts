/**
 * The one build path. `npm run build`, `--full` and every update of the dev server call `build`:
 *
 *   check the output folder → load and validate the archive → fingerprint every page, asset and
 *   search shard → compare with the record of the current output (src/build/manifest.ts; empty
 *   for a first or `--full` build) → assemble the new site in a staging folder: unchanged files
 *   are hard links to the current ones, changed pages are rendered by Eleventy, changed assets
 *   copied, changed search shards indexed (each as soon as its pages are written) → check every
 *   file is there → write the record → swap the staging folder in (src/build/output.ts).
 *
 * Until the swap nothing in the output changes, so a build that fails or is killed leaves it
 * byte-identical; after the swap the output is the new site whole. A full build is an update
 * against an empty record, so both give the same bytes (tests/incremental.test.ts).
 */
import path from "node:path";
import { importEleventy, renderWithEleventy } from "../render/eleventy.ts";
import { renderSetFor, sitePages, pathsOf, type ArticlePage, type RenderSet } from "../render/pages.ts";
import { outputPathOf } from "../routes.ts";
import { buildSearchShard, newestMonthOf, searchConcurrency, type BundleCache, searchBundleDir, shardDir, shardOf } from "../search/search-index.ts";
import { templatesDir, type Settings } from "../settings.ts";
import { assetDigests, defaultCacheDir, parsedStore, renderKey as computeRenderKey, searchCache, type ParsedStore } from "./cache.ts";
import { buildId, builtByEarlierVersion, emptyManifest, pruneManifests, readManifest, writeManifest, type Manifest, type ShardRecord } from "./manifest.ts";
import { claimOutput, commitStaging, copyFiles, createStaging, linkFiles, listFiles, missingFiles, outputPlaces, recoverOutput, removeDir, unlinkFiles } from "./output.ts";
import { fingerprintPages, fingerprintSearch, planUpdate, renderBatches, type Fingerprints } from "./plan.ts";
import { loadSite, type Site } from "./site.ts";

export interface BuildOptions {
  /** Ignore the record of the current output: write every file. */
  full?: boolean;
  /** The cache folder (default `.cache/arsip/`, or ARSIP_CACHE_DIR read by the CLI). */
  cacheDir?: string;
  /** Keeps parsed articles between builds (the dev server passes one it keeps). */
  parsed?: ParsedStore;
  /** Called after each step with its name, for timing reports. */
  onStep?: (name: string) => void;
  /** Called as pages are rendered and shards indexed, for progress on a terminal. */
  onProgress?: (progress: Progress) => void;
  /**
   * The project folder (default: the working folder, as for every npm script): its templates are
   * rendered and, with its src/, .eleventy.ts and lockfile, make the render key.
   */
  projectDir?: string;
  /** For tests: called with the name of each step as it starts, to fail or stop the build there. */
  beforeStep?: (name: string) => void | Promise<void>;
}

export interface Progress {
  pagesRendered: number;
  pagesToRender: number;
  shardsIndexed: number;
  shardsToIndex: number;
}

export interface BuildReport {
  /** True when a record of the current output was used. */
  incremental: boolean;
  /** Pages rendered by Eleventy in this build. */
  rendered: number;
  /** Pages and assets dropped because they are no longer part of the site. */
  removed: number;
  /** Pages of the site (articles, lists, feeds, singletons). */
  pages: number;
  /** Search shards indexed, and how many of them were copied from the cache. */
  indexed: number;
  restored: number;
  /** Output paths written or changed by this build (pages and assets), for live reload. */
  changed: string[];
  /** Folders this build left to delete, for the caller (src/build/output.ts `removeDetached`). */
  retired: string[];
  site: Site;
}

/** Pages per Eleventy run: each run holds its pages' data and output in memory. */
export const batchSize = 1000;

/** Folders the output must never overlap. */
function protectedFolders(settings: Settings, projectDir: string) {
  return { projectDir, articlesDir: settings.articlesDir, templatesDir: path.join(projectDir, templatesDir), srcDir: path.join(projectDir, "src") };
}

/** The search shard of an article page: its year, or the newest month. */
function shardNamer(site: Site): (page: ArticlePage) => string {
  const newestMonth = newestMonthOf(site.searchShards.keys());
  return (page) => shardOf(outputPathOf(page.url), newestMonth) ?? "";
}

export async function build(settings: Settings, options: BuildOptions = {}): Promise<BuildReport> {
  const step = options.onStep ?? (() => {});
  const before = options.beforeStep ?? (() => {});
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const projectDir = path.resolve(options.projectDir ?? ".");
  const places = await outputPlaces(settings.outputDir, protectedFolders(settings, projectDir));
  await recoverOutput(places);
  const marker = await claimOutput(places, () => builtByEarlierVersion(cacheDir, settings.outputDir));
  // Started now, awaited by the first render; a failure surfaces there.
  importEleventy().catch(() => {});
  const parsed = options.parsed ?? parsedStore(settings.articlesDir, { dir: cacheDir, root: projectDir });
  const site = await loadSite(settings, { load: { store: parsed } });
  step("load");

  const key = await computeRenderKey({ siteUrl: settings.siteUrl, pathPrefix: settings.pathPrefix, mode: settings.mode }, projectDir, cacheDir);
  const assets = await assetDigests(projectDir, cacheDir);
  const pages = sitePages(site);
  const shardOfPage = shardNamer(site);
  const pagePrints = fingerprintPages(pages, key);
  const current: Fingerprints = new Map([...pagePrints, ...assets]);
  const searchPrints = fingerprintSearch(pages.articles, key, shardOfPage);
  const previous = (!options.full && marker !== undefined && marker.mode === settings.mode && (await readManifest(cacheDir, places.dir, marker.build))) || emptyManifest();
  const plan = planUpdate(previous.files, current);
  const searchPlan = planUpdate(new Map([...previous.search].map(([shard, record]) => [shard, record.print])), searchPrints);
  step("plan");

  // Nothing to write: the output is this site already, if every file it should hold is there.
  const unchanged = plan.write.size === 0 && plan.remove.length === 0 && searchPlan.write.size === 0 && searchPlan.remove.length === 0;
  if (unchanged && marker !== undefined) {
    const expected = [...current.keys(), ...[...previous.search.values()].flatMap((record) => record.files), ...previous.searchRoot];
    if ((await missingFiles(places.dir, expected)).length === 0) {
      step("swap");
      return { incremental: true, rendered: 0, removed: 0, pages: pagePrints.size, indexed: 0, restored: 0, changed: [], retired: [], site };
    }
  }

  await before("stage");
  // Staged in the spare (the site before the current one) when its record is known and this build
  // carries files over; else in a new folder.
  let base = emptyManifest();
  const { trash } = await createStaging(places, async (spare) => {
    const record = previous.files.size > 0 && spare.mode === settings.mode ? await readManifest(cacheDir, places.dir, spare.build) : undefined;
    if (record !== undefined) base = record;
    return record !== undefined;
  });
  const staging = places.next;
  try {
    const next: Manifest = { files: current, search: new Map(), searchRoot: [] };
    const write = new Set(plan.write);
    // What the staging folder holds that this site does not: files to write, files gone, and files
    // that differ from the current output's (the spare is one build behind). Then the rest is
    // carried over: hard links to the current files. A file missing from the output (deleted by
    // hand) is written again like a changed one.
    const same = (file: string) => base.files.has(file) && base.files.get(file) === previous.files.get(file);
    const stale = [...base.files.keys()].filter((file) => write.has(file) || !current.has(file) || !same(file));
    const toIndex = new Set(searchPlan.write);
    const shardsToLink: string[] = [];
    for (const [shard, record] of base.search) {
      if (toIndex.has(shard) || !searchPrints.has(shard) || previous.search.get(shard)?.print !== record.print) stale.push(...record.files);
    }
    for (const shard of searchPlan.keep) if (base.search.get(shard)?.print !== previous.search.get(shard)!.print) shardsToLink.push(shard);
    await unlinkFiles(staging, [...stale, ...base.searchRoot]);
    for (const file of await linkFiles(places.dir, staging, plan.keep.filter((file) => !same(file)))) write.add(file);
    for (const shard of searchPlan.keep) {
      const record = previous.search.get(shard)!;
      if (!shardsToLink.includes(shard)) next.search.set(shard, base.search.get(shard)!);
      else if ((await linkFiles(places.dir, staging, record.files)).length === 0) next.search.set(shard, record);
      else {
        await removeDir(path.join(staging, shardDir(shard)));
        toIndex.add(shard);
      }
    }
    // Pagefind's UI files sit at the bundle root; any indexing run writes them again.
    if ((await linkFiles(places.dir, staging, previous.searchRoot)).length > 0 || previous.searchRoot.length === 0) {
      const newest = [...site.searchShards.keys()][0];
      if (newest !== undefined) toIndex.add(newest);
    }
    step("stage");
    await before("render");
    const copied = [...write].filter((file) => assets.has(file));
    await copyFiles(path.join(projectDir, templatesDir), staging, copied);
    const set = renderSetFor(pages, write);
    const rendered = pathsOf(set);
    const cache = await searchCache(settings.outputDir, searchPrints, { dir: cacheDir, root: projectDir });
    const restored = await renderAndIndex({ settings, site, staging, cache, set, toIndex, searchPrints, next, shardOfPage, onProgress: options.onProgress, before });
    step("render");

    next.searchRoot = (await listFiles(path.join(staging, searchBundleDir))).filter((file) => !file.includes("/")).map((file) => `${searchBundleDir}/${file}`);
    const missing = await missingFiles(staging, [...current.keys(), ...[...next.search.values()].flatMap((record) => record.files)]);
    if (missing.length > 0) {
      throw new Error(`The staged site lacks ${missing.length} files it should hold, e.g. ${missing.slice(0, 3).join(", ")}; nothing was put in place. The next build starts its staging folder afresh.`);
    }
    step("check");

    await before("commit");
    const id = buildId(next);
    await writeManifest(cacheDir, places.dir, id, next);
    const retired = await commitStaging(places, { generator: "arsip-berita", build: id, mode: settings.mode });
    // The record of this build and of the spare's, which the next build stages in.
    await pruneManifests(cacheDir, places.dir, [id, ...(marker === undefined ? [] : [marker.build])]);
    await cache?.prune();
    step("swap");
    const pageCount = pagePrints.size;
    return {
      incremental: previous.files.size > 0,
      rendered: rendered.length,
      removed: plan.remove.length,
      pages: pageCount,
      indexed: toIndex.size,
      restored,
      changed: [...rendered, ...copied],
      retired: [trash, retired].filter((folder) => folder !== undefined),
      site,
    };
  } catch (error) {
    await removeDir(staging);
    throw error;
  }
}

/**
 * Renders `set` into `staging` in batches and indexes each shard of `toIndex` as soon as all its
 * pages are there (Pagefind works in its own process while Eleventy renders the next batch); the
 * shards none of whose pages changed (an article removed, a bundle deleted by hand) are indexed
 * after the last batch. Records each indexed shard in `next`.
 */
interface RenderJob {
  settings: Settings;
  site: Site;
  cache: BundleCache | undefined;
  staging: string;
  set: RenderSet;
  toIndex: ReadonlySet<string>;
  searchPrints: Fingerprints;
  next: Manifest;
  shardOfPage: (page: ArticlePage) => string;
  onProgress: BuildOptions["onProgress"];
  before: NonNullable<BuildOptions["beforeStep"]>;
}

/** Resolves with the number of shards copied from the cache rather than indexed by Pagefind. */
async function renderAndIndex({ settings, site, cache, staging, set, toIndex, searchPrints, next, shardOfPage, onProgress, before }: RenderJob): Promise<number> {
  const newestMonth = newestMonthOf(site.searchShards.keys());
  let restored = 0;
  const progress: Progress = { pagesRendered: 0, pagesToRender: pathsOf(set).length, shardsIndexed: 0, shardsToIndex: toIndex.size };
  // One Pagefind run beside Eleventy while pages render (one core each), two once they are done.
  const queue: string[] = [];
  const running = new Set<Promise<void>>();
  let width = 1;
  let failure: { error: unknown } | undefined;
  const indexOne = async (shard: string) => {
    await before("index");
    const result = await buildSearchShard({ siteDir: staging, shard, newestMonth, expectedPages: site.searchShards.get(shard), cache });
    if (result.restored) restored += 1;
    const files = (await listFiles(path.join(staging, shardDir(shard)))).map((file) => `${shardDir(shard)}/${file}`);
    next.search.set(shard, { print: searchPrints.get(shard)!, files } satisfies ShardRecord);
    progress.shardsIndexed += 1;
    onProgress?.({ ...progress });
  };
  const pump = () => {
    while (running.size < width && queue.length > 0 && failure === undefined) {
      const task: Promise<void> = indexOne(queue.shift()!)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => {
          running.delete(task);
          pump();
        });
      running.add(task);
    }
  };
  const drain = async () => {
    while (running.size > 0) await Promise.all([...running]);
    if (failure !== undefined) throw failure.error;
  };
  const pending = new Set(toIndex);
  try {
    for (const batch of renderBatches(set, batchSize, shardOfPage)) {
      if (failure !== undefined) throw failure.error;
      await renderWithEleventy(staging, { settings, set: batch.set });
      progress.pagesRendered += pathsOf(batch.set).length;
      onProgress?.({ ...progress });
      for (const shard of batch.completes) if (pending.delete(shard)) queue.push(shard);
      pump();
    }
    width = searchConcurrency;
    queue.push(...[...pending].sort());
    pump();
    await drain();
    return restored;
  } finally {
    // Never leave Pagefind writing into a folder that is about to be removed.
    queue.length = 0;
    await Promise.allSettled([...running]);
  }
}
