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
import type { ArticleChanges } from "../content/changes.ts";
import type { ParsedArticle } from "../content/load.ts";
import type { RenderInput } from "../render/eleventy.ts";
import { preloadRenderer, renderAll, startRenderPool, type Renderer, type RenderPool } from "../render/render-pool.ts";
import { renderSetFor, sitePages, pathsOf, type ArticlePage, type RenderSet } from "../render/pages.ts";
import { outputPathOf } from "../routes.ts";
import { buildSearchShard, searchBundleDir, searchConcurrency, shardDir, shardLayout, shardOf, ShardQueue, type ShardLayout } from "../search/search-index.ts";
import { templatesDir, type Settings } from "../settings.ts";
import { hashAssets, withAssetNames } from "./assets.ts";
import { assetDigests, defaultCacheDir, parsedStore, renderKey as computeRenderKey, searchCache, type ParsedStore, type SearchBundles } from "./cache.ts";
import { buildId, builtByEarlierVersion, emptyManifest, filesOf, pruneManifests, readManifest, writeManifest, type Manifest, type ShardRecord } from "./manifest.ts";
import { lookAtOutput, lookAtSpare, withoutMissing, type Look } from "./look-ahead.ts";
import { claimOutput, commitStaging, type OutputMarker, copyFiles, createStaging, linkFiles, listFiles, makeSpare, missingFiles, outputPlacesOf, readMarker, recoverOutput, removeDir, unlinkFiles, type OutputPlaces } from "./output.ts";
import { fingerprintPages, fingerprintSearch, planUpdate, renderBatches, shardCompletion, type Fingerprints, type PrintMemo, type UpdatePlan } from "./plan.ts";
import { assertLockHeld, withOutputLock } from "./output-lock.ts";
import { copyPhotos } from "./photos.ts";
import { loadSite, type Site } from "./site.ts";
import { checkSiteUrls, writeUrlLock, type UrlLockOptions } from "./url-lock.ts";

export interface BuildOptions {
  /** Ignore the record of the current output: write every file. */
  full?: boolean;
  /** What runs the build, for the message another build gets while this one holds the output ("npm run build"). */
  command?: string;
  /** The cache folder (default `.cache/arsip/`, or ARSIP_CACHE_DIR read by the CLI). */
  cacheDir?: string;
  /** Keeps parsed articles between builds (the dev server passes one it keeps). */
  parsed?: ParsedStore;
  /** The article files a watcher saw change since the last build's load (the dev server passes them, src/content/changes.ts). */
  changes?: ArticleChanges<ParsedArticle>;
  /** Keeps the pages' prints between builds, for pages whose data is unchanged (the dev server passes one it keeps). */
  prints?: PrintMemo;
  /**
   * Put the pages in place before indexing the search shards the current output has an older
   * bundle of, then index those and put them in place in a second swap (`finishBuild`): the dev
   * server serves a changed page sooner, and its search catches up a moment later.
   */
  deferSearch?: boolean;
  /**
   * Look up the files of the output and of its spare on threads of their own while the archive
   * loads (src/build/look-ahead.ts); on unless false. The dev server passes false: its folders
   * are cached already.
   */
  lookAhead?: boolean;
  /** Called after each step with its name, for timing reports. */
  onStep?: (name: string) => void;
  /** Called as pages are rendered and shards indexed, for progress on a terminal. */
  onProgress?: (progress: Progress) => void;
  /** Called as article files are read and parsed, for progress on a terminal. */
  onLoadProgress?: (read: number, total: number) => void;
  /**
   * The project folder (default: the working folder, as for every npm script): its templates are
   * rendered and, with its src/, .eleventy.ts and lockfile, make the render key.
   */
  projectDir?: string;
  /**
   * Worker threads that render batches beside the main thread (src/render/render-pool.ts); none by
   * default. Worth it when a build renders thousands of pages and memory allows another Eleventy
   * (src/cli/build.ts decides).
   */
  renderWorkers?: number;
  /**
   * Stop once every page is in the staging folder and hand the rest (search index, check, swap)
   * to `finishBuild`, e.g. in another process: src/cli/build.ts does so for a heap-capped build.
   */
  handOff?: (staged: StagedBuild) => Promise<void>;
  /**
   * Check the site's article URLs against `urls.lock` before anything is staged, and update it once
   * the new site is in place (src/build/url-lock.ts). `npm run build` passes it; without it (the dev
   * server) the lock is neither read nor written.
   */
  urlLock?: UrlLockOptions;
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
  /** With `handOff`: the staging folder waits for `finishBuild`. */
  pending?: boolean;
  site: Site;
}

/** Pages per Eleventy run: each run holds its pages' data and output in memory. */
export const batchSize = 1000;

/** The search shard of an article page: its year (or half, quarter or month of it), or the newest month (`shardLayout`). */
function shardNamer(site: Site): (page: ArticlePage) => string {
  const layout = shardLayout(site.searchShards.keys());
  return (page) => shardOf(outputPathOf(page.url), layout) ?? "";
}

export async function build(settings: Settings, options: BuildOptions = {}): Promise<BuildReport> {
  const places = await outputPlacesOf(settings, path.resolve(options.projectDir ?? "."));
  // One build at a time: the lock is held from before `recoverOutput` clears what an earlier build
  // left beside the output until after the swap (src/build/output-lock.ts).
  return withOutputLock(places.dir, places.lock, options.command ?? "a build", async () => {
    const staged = await stage(settings, options, places);
    if (!("staging" in staged)) return staged;
    if (options.handOff !== undefined) {
      await options.handOff(staged.handOff);
      return { ...staged.report, pending: true, site: staged.site };
    }
    return { ...(await finishBuild(staged.handOff, options)), site: staged.site };
  });
}

/**
 * What is left of a build once every page is in the staging folder: the shards still to index,
 * the check and the swap. Plain JSON, so that another process can finish it (src/cli/build.ts).
 */
export interface StagedBuild {
  version: typeof stagedVersion;
  settings: Settings;
  cacheDir: string;
  projectDir: string;
  /** The build id of the current output, whose record stays beside the new one (for the spare). */
  previousBuild?: string;
  files: [path: string, print: string][];
  search: [shard: string, record: ShardRecord][];
  toIndex: string[];
  /** The current output's records of the shards in `toIndex` it has a bundle of (for `deferSearch`). */
  outdated: [shard: string, record: ShardRecord][];
  searchPrints: [shard: string, print: string][];
  shards: [shard: string, pages: number][];
  report: Omit<BuildReport, "site" | "pending">;
  /** The lock file and the URLs it is to hold once the site is in place, when they changed. */
  urlLock?: { file: string; urls: string[] };
}

const stagedVersion = 2;

/** A build that found nothing to do (with its report), or one staged up to the search index. */
type Staged = BuildReport | { staging: string; site: Site; report: StagedBuild["report"]; handOff: StagedBuild };

async function stage(settings: Settings, options: BuildOptions, places: OutputPlaces): Promise<Staged> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const projectDir = path.resolve(options.projectDir ?? ".");
  await recoverOutput(places);
  const marker = await claimOutput(places, () => builtByEarlierVersion(cacheDir, settings.outputDir));
  // A build that renders every page loads Eleventy while it loads the archive; an update only once
  // its plan has pages to write (`stageWith`), so one that finds nothing to do never loads it.
  if (options.full || marker === undefined) preloadRenderer();
  const looks = options.lookAhead !== false && !options.full ? await Promise.all([lookAtOutput(places, cacheDir, marker, settings.mode), lookAtSpare(places, cacheDir, settings.mode)]) : [];
  const pool = startRenderPool(options.renderWorkers ?? 0);
  try {
    return await stageWith(settings, options, { cacheDir, projectDir, places, marker, pool, looks: { output: looks[0], spare: looks[1] } });
  } finally {
    await Promise.all([pool.close(), ...looks.map((look) => look?.stop())]);
  }
}

async function stageWith(settings: Settings, options: BuildOptions, { cacheDir, projectDir, places, marker, pool, looks }: { cacheDir: string; projectDir: string; places: OutputPlaces; marker: OutputMarker | undefined; pool: RenderPool; looks: { output?: Look; spare?: Look } }): Promise<Staged> {
  const step = options.onStep ?? (() => {});
  const parsed = options.parsed ?? parsedStore(settings.articlesDir, { dir: cacheDir, root: projectDir });
  const site = await loadSite(settings, { load: { store: parsed, changes: options.changes, onProgress: options.onLoadProgress }, photos: { cacheDir, root: projectDir } });
  step("load");

  // Pages link assets by hashed names, so the names are part of every page's key; the search index
  // reads only the article element, which links none, so its key leaves them out.
  const assets = hashAssets(await assetDigests(projectDir, cacheDir));
  const searchKey = await computeRenderKey({ siteUrl: settings.siteUrl, pathPrefix: settings.pathPrefix, mode: settings.mode }, projectDir, cacheDir);
  const key = withAssetNames(searchKey, assets.urls);
  const pages = sitePages(site, options.prints?.listings);
  const shardOfPage = shardNamer(site);
  // Aliases that would shadow a page, and published URLs that would break, stop the build here.
  const urlLock = await checkSiteUrls(site, () => [...pathsOf(renderSetFor({ ...pages, redirects: [] })), ...assets.prints.keys(), ...site.photoFiles.keys()], options.urlLock);
  const pagePrints = fingerprintPages(pages, key, options.prints);
  const current: Fingerprints = new Map([...pagePrints, ...assets.prints, ...site.photoFiles]);
  const searchPrints = fingerprintSearch(pages.articles, searchKey, shardOfPage);
  // The look at the output, when there is one, was made from `marker` and holds its record.
  const looked = looks.output;
  const previous = (!options.full && marker !== undefined && marker.mode === settings.mode && (looked?.record ?? (await readManifest(cacheDir, places.dir, marker.build)))) || emptyManifest();
  const plan = planUpdate(previous.files, current);
  const searchPlan = planUpdate(new Map([...previous.search].map(([shard, record]) => [shard, record.print])), searchPrints);
  step("plan");

  // Nothing to write: the output is this site already, if every file it should hold is there.
  const unchanged = plan.write.size === 0 && plan.remove.length === 0 && searchPlan.write.size === 0 && searchPlan.remove.length === 0;
  if (unchanged && marker !== undefined) {
    // The files of `previous` (`current` has the same), which the look at the output looked up.
    const missing = (looked !== undefined ? await looked.missing : undefined) ?? (await missingFiles(places.dir, filesOf(previous, { root: true })));
    if (missing.length === 0) {
      if (urlLock !== undefined) await writeUrlLock(urlLock.file, urlLock.urls);
      step("swap");
      return { incremental: true, rendered: 0, removed: 0, pages: pagePrints.size, indexed: 0, restored: 0, changed: [], retired: [], site };
    }
  }

  if (plan.write.size > 0) preloadRenderer();
  const newestShard = [...site.searchShards.keys()][0];
  const { write, search, toIndex, trash, lacked } = await prepareStaging(places, cacheDir, settings.mode, previous, current, searchPrints, plan, searchPlan, newestShard, looks.spare);
  const staging = places.next;
  if (lacked !== undefined && lacked.length > 0) {
    site.notices.push(`${places.spare} lacked ${lacked.length} files of its record (deleted by hand?), e.g. ${lacked.slice(0, 3).join(", ")}; this build took them from the current output or wrote them again.`);
  }
  try {
    step("stage");

    const copied = [...write].filter((file) => assets.prints.has(file));
    await copyFiles(path.join(projectDir, templatesDir), staging, copied, (file) => assets.sources.get(file)!);
    const photos = [...write].filter((file) => site.photoFiles.has(file));
    await copyPhotos(site.photos, staging, photos);
    copied.push(...photos);
    const set = renderSetFor(pages, write);
    const rendered = pathsOf(set);
    const indexer = new ShardIndexer({
      staging,
      shards: site.searchShards,
      searchPrints,
      cache: await searchCache(settings.outputDir, searchPrints, { dir: cacheDir, root: projectDir }),
      records: search,
      progress: { pagesRendered: 0, pagesToRender: rendered.length, shardsIndexed: 0, shardsToIndex: toIndex.size },
      onProgress: options.onProgress,
    });
    // A build handed off indexes nothing here: Pagefind's memory then never sits beside the
    // renderer's (src/cli/build.ts). Nor does one that defers search: `finishBuild` decides which
    // shards wait until the pages are in place.
    const remaining = await renderPages({ settings, assets: assets.urls }, staging, set, toIndex, shardOfPage, {
      renderers: pool.renderers,
      indexer: options.handOff === undefined && options.deferSearch !== true ? indexer : undefined,
      onRendered: (count) => indexer.pagesRendered(count),
    });
    step("render");
    const report = { incremental: previous.files.size > 0, rendered: rendered.length, removed: plan.remove.length, pages: pagePrints.size, indexed: toIndex.size, restored: indexer.restored, changed: [...rendered, ...copied], retired: trash === undefined ? [] : [trash] };
    const handOff: StagedBuild = {
      version: stagedVersion,
      settings,
      cacheDir,
      projectDir,
      previousBuild: marker?.build,
      files: [...current],
      search: [...search],
      toIndex: remaining,
      outdated: remaining.flatMap((shard) => {
        const record = previous.search.get(shard);
        return record === undefined ? [] : [[shard, record] as [string, ShardRecord]];
      }),
      searchPrints: [...searchPrints],
      shards: [...site.searchShards],
      report,
      ...(urlLock === undefined ? {} : { urlLock }),
    };
    return { staging, site, report, handOff };
  } catch (error) {
    await removeDir(staging);
    throw error;
  }
}

/** The staging folder made by `prepareStaging`, and what is left to put in it. */
interface Staging {
  /** Files to write: the plan's, and those it carries over that are missing from the output. */
  write: Set<string>;
  /** Records of the search shards carried over, in the staging folder already. */
  search: Map<string, ShardRecord>;
  /** Search shards to index. */
  toIndex: Set<string>;
  /** A spare that could not be used, to delete. */
  trash?: string;
  /** Files of its record that the spare staged in lacked, as a look found them. */
  lacked?: string[];
}

/**
 * Makes the staging folder of a site whose files and search shards have the prints `current` and
 * `searchPrints`, from the record of the current output (`previous`) and the plans comparing them.
 * It starts as the spare (the site before the current one) when its record is known and the site
 * carries files over, else empty; what it holds that this site does not (files to write, files
 * gone, and files that differ from the current output's, as the spare is one build behind) is
 * removed, and the rest is carried over: hard links to the current files. A file missing from the
 * output (deleted by hand) is to be written again like a changed one; so is one missing from the
 * spare, when `look` (a look at it, src/build/look-ahead.ts) found it. `newestShard` is indexed
 * again when Pagefind's UI files at the bundle root cannot be carried over. On failure the staging
 * folder is removed.
 */
async function prepareStaging(places: OutputPlaces, cacheDir: string, mode: Settings["mode"], previous: Manifest, current: Fingerprints, searchPrints: Fingerprints, plan: UpdatePlan, searchPlan: UpdatePlan, newestShard: string | undefined, look?: Look): Promise<Staging> {
  let base = emptyManifest();
  let damaged: string[] = [];
  let lacked: string[] | undefined;
  const { trash } = await createStaging(places, async (spare) => {
    if (previous.files.size === 0 || spare.mode !== mode) return false;
    const looked = look?.build === spare.build ? look : undefined;
    let record = looked?.record ?? (await readManifest(cacheDir, places.dir, spare.build));
    if (record === undefined) return false;
    // Awaited before the spare is renamed into the staging folder, where the look would find nothing.
    lacked = await looked?.missing;
    if (lacked !== undefined) ({ record, unlink: damaged } = withoutMissing(record, lacked));
    base = record;
    return true;
  });
  const staging = places.next;
  try {
    const search = new Map<string, ShardRecord>();
    const write = new Set(plan.write);
    const same = (file: string) => base.files.has(file) && base.files.get(file) === previous.files.get(file);
    const stale = [...base.files.keys()].filter((file) => write.has(file) || !current.has(file) || !same(file));
    const toIndex = new Set(searchPlan.write);
    const shardsToLink: string[] = [];
    for (const [shard, record] of base.search) {
      if (toIndex.has(shard) || !searchPrints.has(shard) || previous.search.get(shard)?.print !== record.print) stale.push(...record.files);
    }
    for (const shard of searchPlan.keep) if (base.search.get(shard)?.print !== previous.search.get(shard)!.print) shardsToLink.push(shard);
    await unlinkFiles(staging, [...stale, ...damaged, ...base.searchRoot]);
    for (const file of await linkFiles(places.dir, staging, plan.keep.filter((file) => !same(file)))) write.add(file);
    for (const shard of searchPlan.keep) {
      const record = previous.search.get(shard)!;
      if (!shardsToLink.includes(shard)) search.set(shard, base.search.get(shard)!);
      else if ((await linkFiles(places.dir, staging, record.files)).length === 0) search.set(shard, record);
      else {
        await removeDir(path.join(staging, shardDir(shard)));
        toIndex.add(shard);
      }
    }
    // Pagefind's UI files sit at the bundle root; any indexing run writes them again.
    if (((await linkFiles(places.dir, staging, previous.searchRoot)).length > 0 || previous.searchRoot.length === 0) && newestShard !== undefined) toIndex.add(newestShard);
    return { write, search, toIndex, ...(trash === undefined ? {} : { trash }), ...(lacked === undefined ? {} : { lacked }) };
  } catch (error) {
    await removeDir(staging);
    throw error;
  }
}

/**
 * Finishes a staged build, in this process or the one a capped build handed it to: indexes the
 * shards left, checks that every file is there, writes the record and swaps the site in. Any
 * failure removes the staging folder and leaves the output as it was.
 *
 * With `deferSearch`, a shard left to index of which the current output has an older bundle keeps
 * that bundle in the site swapped in (and in its record, with its older print), so the pages are
 * served without waiting for Pagefind; then a second staging folder, in the spare, gets the new
 * bundles and is swapped in the same way (`indexDeferred`). Each swap is whole and each record
 * true to its site, so a kill or a failure between them leaves a site whose pages are new and
 * whose search index is the one before, which the next build indexes again.
 */
export async function finishBuild(staged: StagedBuild, options: Pick<BuildOptions, "onStep" | "onProgress" | "deferSearch"> = {}): Promise<Omit<BuildReport, "site">> {
  const places = await outputPlacesOf(staged.settings, staged.projectDir);
  return withOutputLock(places.dir, places.lock, "a build", () => finishStaged(staged, options, places));
}

async function finishStaged(staged: StagedBuild, options: Pick<BuildOptions, "onStep" | "onProgress" | "deferSearch">, places: OutputPlaces): Promise<Omit<BuildReport, "site">> {
  if (staged.version !== stagedVersion) throw new Error(`A staged build of version ${String(staged.version)} cannot be finished by this version (${stagedVersion}).`);
  const step = options.onStep ?? (() => {});
  const { settings, cacheDir, projectDir } = staged;
  const staging = places.next;
  const searchPrints = new Map(staged.searchPrints);
  const next: Manifest = { files: new Map(staged.files), search: new Map(staged.search), searchRoot: [] };
  let result: Omit<BuildReport, "site">;
  let id: string;
  let deferred: string[] = [];
  try {
    const indexer = new ShardIndexer({
      staging,
      shards: new Map(staged.shards),
      searchPrints,
      cache: await searchCache(settings.outputDir, searchPrints, { dir: cacheDir, root: projectDir }),
      records: next.search,
      progress: { pagesRendered: staged.report.rendered, pagesToRender: staged.report.rendered, shardsIndexed: staged.report.indexed - staged.toIndex.length, shardsToIndex: staged.report.indexed },
      onProgress: options.onProgress,
    });
    if (options.deferSearch === true) deferred = await keepOlderBundles(places, new Map(staged.outdated), next.search);
    await indexer.index(staged.toIndex.filter((shard) => !deferred.includes(shard)), searchConcurrency);
    step("search");

    await checkStaged(staging, next);
    step("check");
    id = buildId(next);
    const retired = await swapIn(places, cacheDir, settings.mode, id, next, staged.previousBuild, indexer.cache);
    step("swap");
    result = { ...staged.report, restored: staged.report.restored + indexer.restored, retired: [...staged.report.retired, ...(retired === undefined ? [] : [retired])] };
  } catch (error) {
    await removeDir(staging);
    throw error;
  }
  // After the swap: the lock names only URLs that are served.
  if (staged.urlLock !== undefined) await writeUrlLock(staged.urlLock.file, staged.urlLock.urls);
  if (deferred.length > 0) {
    const later = await indexDeferred(staged, places, { id, manifest: next }, options);
    result = { ...result, restored: result.restored + later.restored, retired: [...result.retired, ...later.retired] };
  }
  return result;
}

/**
 * For `deferSearch`: hard-links into the staging folder the current output's bundle of each shard
 * in `outdated` (shard → the output's record of it) and records it; resolves with those shards. A
 * shard whose bundle is not whole in the output is left to index now.
 */
async function keepOlderBundles(places: OutputPlaces, outdated: ReadonlyMap<string, ShardRecord>, records: Map<string, ShardRecord>): Promise<string[]> {
  const kept: string[] = [];
  for (const [shard, record] of outdated) {
    if ((await linkFiles(places.dir, places.next, record.files)).length === 0) {
      records.set(shard, record);
      kept.push(shard);
    } else await removeDir(path.join(places.next, shardDir(shard)));
  }
  return kept;
}

/** An update whose pages are in place failed to index the search shards it deferred; the next build indexes them. */
export class DeferredSearchError extends Error {}

/**
 * The second swap of a build that deferred search shards (`finishBuild`): the site just swapped
 * in (`served`, with its build id and record) is staged again in the spare, its deferred shards
 * are indexed, and it is checked and swapped in with the new record. A failure removes the staging
 * folder and rejects with `DeferredSearchError`; the site served stays the one of the first swap.
 */
async function indexDeferred(staged: StagedBuild, places: OutputPlaces, served: { id: string; manifest: Manifest }, options: Pick<BuildOptions, "onStep" | "onProgress">): Promise<{ restored: number; retired: string[] }> {
  const step = options.onStep ?? (() => {});
  const { settings, cacheDir, projectDir } = staged;
  const searchPrints = new Map(staged.searchPrints);
  const shards = new Map(staged.shards);
  const files = served.manifest.files;
  const plan = planUpdate(files, files);
  const searchPlan = planUpdate(new Map([...served.manifest.search].map(([shard, record]) => [shard, record.print])), searchPrints);
  try {
    const staging = await prepareStaging(places, cacheDir, settings.mode, served.manifest, files, searchPrints, plan, searchPlan, [...shards.keys()][0]);
    try {
      if (staging.write.size > 0) throw new Error(`${staging.write.size} files of the site just put in place are gone, e.g. ${[...staging.write].slice(0, 3).join(", ")}`);
      step("restage");
      const next: Manifest = { files, search: staging.search, searchRoot: [] };
      const indexer = new ShardIndexer({
        staging: places.next,
        shards,
        searchPrints,
        cache: await searchCache(settings.outputDir, searchPrints, { dir: cacheDir, root: projectDir }),
        records: next.search,
        progress: { pagesRendered: 0, pagesToRender: 0, shardsIndexed: 0, shardsToIndex: staging.toIndex.size },
        onProgress: options.onProgress,
      });
      await indexer.index([...staging.toIndex].sort(), searchConcurrency);
      step("reindex");
      await checkStaged(places.next, next);
      step("recheck");
      const retired = await swapIn(places, cacheDir, settings.mode, buildId(next), next, served.id, indexer.cache);
      step("reswap");
      return { restored: indexer.restored, retired: [...(staging.trash === undefined ? [] : [staging.trash]), ...(retired === undefined ? [] : [retired])] };
    } catch (error) {
      await removeDir(places.next);
      throw error;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DeferredSearchError(`The pages are in place, but the search index of ${[...searchPlan.write].join(", ")} was not updated: ${reason}`, { cause: error });
  }
}

/**
 * Checks that the staging folder holds every file of the site `next` (its search bundle root
 * listed into `next`): those written by this build, those linked from the current output, and
 * those the spare held, which only the look at the spare checks, before staging and not in the dev
 * server (a file deleted from the spare would otherwise be missing from the site put in place).
 * ~70 ms at 10,000 articles when the folders are cached (`missingFiles`); the looks cache them.
 */
async function checkStaged(staging: string, next: Manifest): Promise<void> {
  next.searchRoot = (await listFiles(path.join(staging, searchBundleDir))).filter((file) => !file.includes("/")).map((file) => `${searchBundleDir}/${file}`);
  const missing = await missingFiles(staging, filesOf(next));
  if (missing.length > 0) {
    throw new Error(`The staged site lacks ${missing.length} files it should hold, e.g. ${missing.slice(0, 3).join(", ")}; nothing was put in place. The next build starts its staging folder afresh.`);
  }
}

/**
 * Writes the record of the staged site `next` under `id`, then swaps it in; keeps the records of
 * this build and of `spareBuild` (the site that becomes the spare, which the next build stages
 * in), and the search bundles of this site in the cache. Resolves with a folder to delete, if any.
 */
async function swapIn(places: OutputPlaces, cacheDir: string, mode: Settings["mode"], id: string, next: Manifest, spareBuild: string | undefined, bundles: SearchBundles | undefined): Promise<string | undefined> {
  await assertLockHeld(places.lock);
  await writeManifest(cacheDir, places.dir, id, next);
  const retired = await commitStaging(places, { generator: "arsip-berita", build: id, mode });
  await pruneManifests(cacheDir, places.dir, [id, ...(spareBuild === undefined ? [] : [spareBuild])]);
  await bundles?.prune();
  return retired;
}

/**
 * Prepares the spare of the current output in `settings.outputDir`, if it has none, from the
 * output's record (src/build/output.ts `makeSpare`). For a long-running process between builds:
 * the next update then stages in it.
 */
export async function prepareSpare(settings: Settings, options: Pick<BuildOptions, "cacheDir" | "projectDir"> = {}): Promise<void> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const places = await outputPlacesOf(settings, path.resolve(options.projectDir ?? "."));
  await withOutputLock(places.dir, places.lock, "a build", async () => {
    const marker = await readMarker(places.dir);
    const record = marker === undefined ? undefined : await readManifest(cacheDir, places.dir, marker.build);
    if (record === undefined) return;
    await makeSpare(places, [...record.files.keys(), ...[...record.search.values()].flatMap((shard) => shard.files), ...record.searchRoot]);
  });
}

interface IndexerContext {
  staging: string;
  /** Pages per shard (the site's `searchShards`), newest first. */
  shards: ReadonlyMap<string, number>;
  searchPrints: Fingerprints;
  cache: SearchBundles | undefined;
  /** Where each indexed shard's record goes. */
  records: Map<string, ShardRecord>;
  progress: Progress;
  onProgress: BuildOptions["onProgress"];
}

/**
 * Indexes search shards into the staging folder, `width` Pagefind runs at a time, recording each
 * shard's files. A failure stops new runs and is thrown by `drain` once the runs under way end.
 */
class ShardIndexer {
  restored = 0;
  readonly cache: SearchBundles | undefined;
  private readonly runs: ShardQueue;
  private readonly layout: ShardLayout;

  constructor(private readonly context: IndexerContext) {
    this.cache = context.cache;
    this.layout = shardLayout(context.shards.keys());
    this.runs = new ShardQueue((shard) => this.indexOne(shard), (shard) => context.shards.get(shard) ?? 0);
  }

  /** Queues `shards`, at most `width` runs at a time from now on (fewer when they are large: `ShardQueue`). */
  add(shards: readonly string[], width?: number): void {
    this.runs.add(shards, width);
  }

  /** Counts `count` more pages rendered, for progress. */
  pagesRendered(count: number): void {
    this.context.progress.pagesRendered += count;
    this.context.onProgress?.({ ...this.context.progress });
  }

  /** Throws the first failure so far, if any. */
  check(): void {
    this.runs.check();
  }

  /** Stops starting runs and waits for those under way, whatever their outcome. */
  async stop(): Promise<void> {
    await this.runs.stop();
  }

  async index(shards: readonly string[], width: number): Promise<void> {
    try {
      this.runs.add(shards, width);
      await this.runs.drain();
    } finally {
      await this.runs.stop();
    }
  }

  private async indexOne(shard: string): Promise<void> {
    const { staging, shards, searchPrints, records, progress, onProgress } = this.context;
    const result = await buildSearchShard({ siteDir: staging, shard, layout: this.layout, expectedPages: shards.get(shard), cache: this.cache });
    if (result.restored) this.restored += 1;
    const files = (await listFiles(path.join(staging, shardDir(shard)))).map((file) => `${shardDir(shard)}/${file}`);
    records.set(shard, { print: searchPrints.get(shard)!, files });
    progress.shardsIndexed += 1;
    onProgress?.({ ...progress });
  }
}

/**
 * Renders `set` into `staging` in batches, each renderer (the main thread and the pool's workers)
 * taking the next batch when it is free. With an `indexer`, each shard of `toIndex` is indexed as
 * soon as all its pages are there (one Pagefind run beside Eleventy) and the rest, two at a time,
 * after the last batch; resolves with none left. Without one, resolves with every shard of
 * `toIndex`, for `finishBuild`.
 */
async function renderPages(input: Omit<RenderInput, "set">, staging: string, set: RenderSet, toIndex: ReadonlySet<string>, shardOfPage: (page: ArticlePage) => string, how: { renderers: readonly Renderer[]; indexer: ShardIndexer | undefined; onRendered: (pages: number) => void }): Promise<string[]> {
  const { indexer } = how;
  const pending = new Set(toIndex);
  const batches = renderBatches(set, batchSize, shardOfPage);
  const completion = shardCompletion(batches);
  try {
    const jobs = batches.map((batch) => ({
      input: { ...input, set: batch.set },
      done() {
        how.onRendered(pathsOf(batch.set).length);
        const complete = completion.written(batch);
        // Without an indexer every shard stays pending, for `finishBuild`.
        if (indexer !== undefined) indexer.add(complete.filter((shard) => pending.delete(shard)));
      },
    }));
    await renderAll(how.renderers, staging, jobs, () => indexer?.check());
    if (indexer === undefined) return [...pending].sort();
    await indexer.index([...pending].sort(), searchConcurrency);
    return [];
  } finally {
    // Never leave Pagefind writing into a folder that is about to be removed.
    await indexer?.stop();
  }
}
