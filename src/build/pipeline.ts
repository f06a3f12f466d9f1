/**
 * One production build: load and validate the archive, render with Eleventy into a staging
 * folder in batches, check that every page is there, index it for search by shard, put it in
 * place (a full build with `handOff` leaves the last two to the process that started it,
 * src/handoff.ts). A build is incremental when the cache manifest matches the current output and
 * templates: only pages whose fingerprints changed are rendered and moved in, pages that left the
 * site are deleted, and only the search shards touched (years, the newest month) are indexed
 * again. Either way the result is the same bytes (tests/incremental.test.ts compares them).
 */
import path from "node:path";
import type { ArticleView } from "../archive/archive.ts";
import { assetPrints, computeSiteKey, manifestPath, manifestVersion, outputMatches, readManifest, removeManifest, writeManifest } from "./manifest.ts";
import { copyFiles, createStagingDir, listFiles, missingFiles, moveFiles, removeDir, removeFiles, replaceDir, swapIntoPlace } from "./output.ts";
import {
  fingerprintSearch,
  fingerprintSite,
  fullRenderSet,
  outputPathOf,
  pathsOf,
  planUpdate,
  renderBatches,
  renderSetFor,
  type Fingerprints,
  type RenderBatch,
  type RenderSet,
  type UpdatePlan,
} from "./plan.ts";
import type { PendingBuild } from "./handoff.ts";
import { pruneCache, type BundleCache } from "./search-cache.ts";
import { buildSearchShard, cacheEntry, newestMonthOf, searchBundleDir, searchCache, shardDir, shardOf } from "../search/search-index.ts";
import type { Settings } from "../settings.ts";
import { loadSite, setRenderSet, templatesDir, type Site } from "./site.ts";

export interface BuildOptions {
  /** Ignore the cache and render every page. */
  full?: boolean;
  /**
   * Stop with `FullBuildNeeded`, before writing anything, when the build cannot be incremental:
   * the CLI then runs the full build in a process with a capped heap (src/heap.ts).
   */
  incrementalOnly?: boolean;
  /** Called after each step with its name, for timing reports. */
  onStep?: (name: string) => void;
  /**
   * A full build stops once every page is written and checked, and leaves the search index and
   * the swap to the process that started it (src/handoff.ts): `BuildReport.pending` says what is
   * left, the staging folder stays and the manifest waits beside its place. Updates ignore it.
   */
  handOff?: boolean;
}

export interface BuildReport {
  incremental: boolean;
  /** Pages rendered by Eleventy in this build. */
  rendered: number;
  /** Pages dropped because they are no longer part of the site. */
  removed: number;
  /** Pages of the site (articles, lists, feeds, singletons). */
  pages: number;
  site: Site;
  /** With `handOff`, a full build's remaining work (src/handoff.ts), for `completePendingBuild`. */
  pending?: Omit<PendingBuild, "version" | "summary" | "summaryEnd">;
}

/** Pages per Eleventy run: each run holds its pages' data and output in memory. */
export const batchSize = 1000;

/** Eleventy's console, minus its "Wrote N files" line after every batch; warnings and errors pass. */
const quietConsole = { log: () => {}, info: () => {}, warn: console.warn, error: console.error };

let eleventyModule: Promise<typeof import("@11ty/eleventy")> | undefined;

/**
 * Eleventy's module, imported once. Importing it takes ~0.5 s of module loading; `buildSite`
 * starts it before loading the archive, whose file reads leave the main thread idle at times.
 */
function importEleventy(): Promise<typeof import("@11ty/eleventy")> {
  return (eleventyModule ??= import("@11ty/eleventy"));
}

/** Renders one batch with Eleventy into `outputDir` (which .eleventy.ts reads from OUTPUT_DIR). */
async function runEleventy(outputDir: string, set: RenderSet): Promise<void> {
  const { Eleventy } = await importEleventy();
  const previousOutput = process.env.OUTPUT_DIR;
  process.env.OUTPUT_DIR = outputDir;
  setRenderSet(set);
  try {
    const eleventy = new Eleventy(templatesDir, outputDir, { configPath: ".eleventy.ts", quietMode: true });
    // Eleventy's types do not declare its logger; it is public in Eleventy 3.1 (src/Eleventy.js).
    (eleventy as unknown as { logger: { overrideLogger(logger: typeof quietConsole): void } }).logger.overrideLogger(quietConsole);
    await eleventy.write();
  } finally {
    setRenderSet(undefined);
    if (previousOutput === undefined) delete process.env.OUTPUT_DIR;
    else process.env.OUTPUT_DIR = previousOutput;
  }
}

/** The search shard of an article page (src/search-index.ts): its year, or the newest month. */
function shardsOf(site: Site): (article: ArticleView) => string {
  const newestMonth = newestMonthOf(site.searchShards.keys());
  return (article) => shardOf(outputPathOf(article.url), newestMonth) ?? "";
}

/** The fingerprint of each search shard of `site` (src/render-plan.ts `fingerprintSearch`). */
export function searchFingerprints(site: Site, siteKey: string): Fingerprints {
  return fingerprintSearch(site.archive.articles, siteKey, shardsOf(site));
}

/**
 * Renders `set` into `outputDir` in batches (src/render-plan.ts `renderBatches`); `onBatch` hears
 * of each finished batch, e.g. to index a shard whose pages are all written. `shardOfArticle`
 * orders and groups the article pages (default: by year).
 */
export async function renderPages(
  outputDir: string,
  set: RenderSet,
  onBatch: (batch: RenderBatch) => void = () => {},
  shardOfArticle: (article: ArticleView) => string = (article) => shardOf(outputPathOf(article.url)) ?? "",
): Promise<void> {
  for (const batch of renderBatches(set, batchSize, shardOfArticle)) {
    await runEleventy(outputDir, batch.set);
    onBatch(batch);
  }
}

/** Thrown by `buildSite` with `incrementalOnly` when everything must be rendered. */
export class FullBuildNeeded extends Error {
  override name = "FullBuildNeeded";
}

export async function buildSite(settings: Settings, options: BuildOptions = {}): Promise<BuildReport> {
  const step = options.onStep ?? (() => {});
  // Started now, awaited by the first render; a failure surfaces there.
  importEleventy().catch(() => {});
  const site = await loadSite(settings);
  step("load");
  const siteKey = await computeSiteKey(templatesDir, settings);
  const assets = await assetPrints(templatesDir);
  const manifestFile = manifestPath(settings.outputDir);
  const manifest = options.full ? undefined : await readManifest(manifestFile);
  const incremental =
    manifest !== undefined &&
    manifest.siteKey === siteKey &&
    manifest.outputDir === settings.outputDir &&
    (await outputMatches(manifest, settings.outputDir));
  if (!incremental && options.incrementalOnly) throw new FullBuildNeeded("This build must render every page.");
  // The fingerprints of every page, for the next build's plan (~0.7 s at 10,000 articles). An
  // update needs them now; a full build takes them while Pagefind indexes its last shards, or
  // after the last page when it hands off. The search shards' prints are quick to take (~0.1 s).
  // Static assets are planned like pages: copied when they change, deleted when they go.
  const pagePrints = (): Fingerprints => new Map([...fingerprintSite(site, siteKey), ...assets]);
  const printsOf = () => ({ fingerprints: pagePrints(), searchPrints: searchFingerprints(site, siteKey) });
  let prints = incremental ? printsOf() : undefined;
  step("plan");

  const staging = await createStagingDir(settings.outputDir);
  let keepStaging = false;
  try {
    const build: Build = { site, assets: [...assets.keys()], outputDir: settings.outputDir, staging, manifestFile, step };
    if (!incremental && options.handOff) {
      const { length: rendered } = await renderChecked(build, fullRenderSet(site), undefined, build.assets);
      const { fingerprints, searchPrints } = printsOf();
      const nextManifest = `${manifestFile}.next`;
      await writeManifest(nextManifest, { version: manifestVersion, siteKey, outputDir: settings.outputDir, fingerprints, searchPrints });
      keepStaging = true;
      const pending = { staging, outputDir: settings.outputDir, manifestFile, nextManifest, shards: [...site.searchShards], searchPrints: [...searchPrints] };
      return { incremental, rendered, removed: 0, pages: fingerprints.size - assets.size, site, pending };
    }
    // The search shards' fingerprints name their bundles in the cache (src/search-cache.ts).
    const searchPrints = prints?.searchPrints ?? searchFingerprints(site, siteKey);
    const cache = await searchCache(settings.outputDir, searchPrints);
    const result =
      incremental && prints
        ? await update(build, planUpdate(manifest.fingerprints, prints.fingerprints), planUpdate(manifest.searchPrints, prints.searchPrints), cache)
        : await buildAfresh(build, cache, () => (prints = { fingerprints: pagePrints(), searchPrints }));
    const { fingerprints } = (prints ??= printsOf());
    await writeManifest(manifestFile, { version: manifestVersion, siteKey, outputDir: settings.outputDir, fingerprints, searchPrints });
    await pruneCache(cache);
    return { incremental, ...result, pages: fingerprints.size - assets.size, site };
  } finally {
    if (!keepStaging) await removeDir(staging);
  }
}

interface Build {
  site: Site;
  /** Output paths of the static assets ("assets/style.css"), which Eleventy copies on a full render. */
  assets: string[];
  outputDir: string;
  /** An empty folder beside the output, removed after the build. */
  staging: string;
  manifestFile: string;
  step: (name: string) => void;
}

interface Written {
  rendered: number;
  removed: number;
}

async function checkWritten(dir: string, pages: readonly string[]): Promise<void> {
  const missing = await missingFiles(dir, pages);
  if (missing.length > 0) {
    throw new Error(`Eleventy did not write ${missing.length} expected pages, e.g. ${missing.slice(0, 3).join(", ")}`);
  }
}

/**
 * A full build: every page into the staging folder, each search shard indexed as soon as
 * its article pages are written (Pagefind works in its own process while Eleventy renders the
 * next batch), then the staging folder swapped in whole. `whileIndexing` runs once every page is
 * written, while Pagefind indexes the last shards.
 */
async function buildAfresh({ site, assets, outputDir, staging, manifestFile, step }: Build, cache: BundleCache | undefined, whileIndexing: () => void = () => {}): Promise<Written> {
  let indexing: Promise<unknown> = Promise.resolve();
  try {
    const newestMonth = newestMonthOf(site.searchShards.keys());
    const { length: rendered } = await renderChecked(
      { site, staging, step },
      fullRenderSet(site),
      (batch) => {
        for (const shard of batch.completes) {
          indexing = indexing.then(() => buildSearchShard({ siteDir: staging, shard, newestMonth, expectedPages: site.searchShards.get(shard), cache: cacheEntry(cache, shard) }));
        }
      },
      assets,
    );
    whileIndexing();
    await indexing;
    step("search");
    // No manifest while the output changes: an interrupted swap means a full build next time.
    await removeManifest(manifestFile);
    await swapIntoPlace(staging, outputDir);
    step("swap");
    return { rendered, removed: 0 };
  } finally {
    // Never leave Pagefind writing into a folder that is about to be removed.
    await indexing.catch(() => {});
  }
}

/** The pages of `set` into the staging folder, checked; `onBatch` hears of each finished batch. Resolves with their output paths. */
async function renderChecked({ site, staging, step }: Pick<Build, "site" | "staging" | "step">, set: RenderSet, onBatch?: (batch: RenderBatch) => void, copied: readonly string[] = []): Promise<string[]> {
  const pages = pathsOf(set);
  step("stage");
  await renderPages(staging, set, onBatch, shardsOf(site));
  step("render");
  // `copied`: what Eleventy copies as it is on a full render (the static assets).
  await checkWritten(staging, [...pages, ...copied]);
  step("check");
  return pages;
}

/**
 * An incremental build: only the pages whose fingerprints changed are rendered, into the staging
 * folder so that a failed render leaves the output alone, then moved into the output file by
 * file; pages that left the site are deleted; the search shards whose indexed content changed
 * (`searchPlan`, keyed by shard) are indexed again from the updated output and replaced.
 */
async function update({ site, assets, outputDir, staging, manifestFile, step }: Build, plan: UpdatePlan, searchPlan: UpdatePlan, cache: BundleCache | undefined): Promise<Written> {
  const pages = await renderChecked({ site, staging, step }, renderSetFor(site, plan.render));
  // Changed static assets are copied as they are, beside the pages.
  const copied = assets.filter((asset) => plan.render.has(asset));
  await copyFiles(templatesDir, staging, copied);
  // No manifest while the output changes: an interrupted update means a full build next time.
  await removeManifest(manifestFile);
  await moveFiles(staging, outputDir, [...pages, ...copied]);
  await removeFiles(outputDir, plan.remove);
  step("swap");
  const bundleRoot = path.join(staging, searchBundleDir);
  const newestMonth = newestMonthOf(site.searchShards.keys());
  for (const shard of [...searchPlan.render].sort()) {
    const fresh = path.join(staging, shardDir(shard));
    await buildSearchShard({ siteDir: outputDir, shard, newestMonth, expectedPages: site.searchShards.get(shard), outputPath: fresh, bundleRoot, cache: cacheEntry(cache, shard) });
    await replaceDir(fresh, path.join(outputDir, shardDir(shard)));
  }
  for (const shard of searchPlan.remove) await removeDir(path.join(outputDir, shardDir(shard)));
  // The default UI the indexer moved out of the shards: the same bytes for one Pagefind version,
  // whose change (package-lock.json is part of the site key) makes a full build.
  const ui = await listFiles(bundleRoot).catch(() => []);
  await moveFiles(bundleRoot, path.join(outputDir, searchBundleDir), ui);
  step("search");
  return { rendered: pages.length, removed: plan.remove.length };
}
