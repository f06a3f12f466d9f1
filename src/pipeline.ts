/**
 * One production build: load and validate the archive, render with Eleventy into a staging
 * folder, check that every page is there, index it for search, swap it into place. A build is
 * incremental when the cache manifest matches the current output and templates: the staging
 * folder starts as hard links to the current output and only pages whose fingerprints changed
 * are rendered again; pages that left the site are dropped. The result is the same bytes as a
 * full build (tests/incremental.test.ts compares them).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { Eleventy } from "@11ty/eleventy";
import { computeSiteKey, linkTree, manifestPath, manifestVersion, outputMatches, readManifest, removeManifest, writeManifest } from "./build-cache.ts";
import { createStagingDir, listFiles, removeDir, swapIntoPlace } from "./output.ts";
import { fingerprintSite, fullRenderSet, planUpdate, renderSetFor, type RenderSet } from "./render-plan.ts";
import { buildSearchIndex } from "./search-index.ts";
import type { Settings } from "./settings.ts";
import { loadSite, setRenderSet, templatesDir, type Site } from "./site.ts";

export interface BuildOptions {
  /** Ignore the cache and render every page. */
  full?: boolean;
  /** Called after each step with its name, for timing reports. */
  onStep?: (name: string) => void;
}

export interface BuildReport {
  incremental: boolean;
  /** Pages rendered by Eleventy in this build. */
  rendered: number;
  /** Pages dropped because they are no longer part of the site. */
  removed: number;
  /** Pages of the site (articles, lists, feeds, singletons). */
  pages: number;
  /** Files in the output folder, search bundle included. */
  files: number;
  site: Site;
}

/** Renders `set` with Eleventy into `outputDir` (which .eleventy.ts reads from OUTPUT_DIR). */
export async function renderPages(outputDir: string, set: RenderSet): Promise<void> {
  const previousOutput = process.env.OUTPUT_DIR;
  process.env.OUTPUT_DIR = outputDir;
  setRenderSet(set);
  try {
    const eleventy = new Eleventy(templatesDir, outputDir, { configPath: ".eleventy.ts", quietMode: true });
    await eleventy.write();
  } finally {
    setRenderSet(undefined);
    if (previousOutput === undefined) delete process.env.OUTPUT_DIR;
    else process.env.OUTPUT_DIR = previousOutput;
  }
}

/** Folders of the output that every build writes afresh rather than linking. */
const regenerated = ["pagefind", "assets"];

export async function buildSite(settings: Settings, options: BuildOptions = {}): Promise<BuildReport> {
  const step = options.onStep ?? (() => {});
  const site = await loadSite(settings);
  step("load");
  const siteKey = await computeSiteKey(templatesDir, settings);
  const fingerprints = fingerprintSite(site, siteKey);
  const manifestFile = manifestPath(settings.outputDir);
  const manifest = options.full ? undefined : await readManifest(manifestFile);
  const incremental =
    manifest !== undefined &&
    manifest.siteKey === siteKey &&
    manifest.outputDir === settings.outputDir &&
    (await outputMatches(manifest, settings.outputDir));
  step("plan");

  const staging = await createStagingDir(settings.outputDir);
  try {
    let set: RenderSet;
    let removed = 0;
    if (incremental) {
      const plan = planUpdate(manifest.fingerprints, fingerprints);
      await linkTree(settings.outputDir, staging, regenerated);
      // Unlink before Eleventy writes, so that the current output's files are never written to.
      await Promise.all([...plan.render, ...plan.remove].map((page) => fs.rm(path.join(staging, page), { force: true })));
      set = renderSetFor(site, plan.render);
      removed = plan.remove.length;
    } else {
      set = fullRenderSet(site);
    }
    step("stage");
    await renderPages(staging, set);
    step("render");
    const written = new Set(await listFiles(staging));
    const missing = [...fingerprints.keys()].filter((page) => !written.has(page));
    if (missing.length > 0) {
      throw new Error(`Eleventy did not write ${missing.length} expected pages, e.g. ${missing.slice(0, 3).join(", ")}`);
    }
    step("check");
    // The search index reads the finished pages, so it comes after Eleventy and before the swap.
    await fs.rm(path.join(staging, "pagefind"), { recursive: true, force: true });
    await buildSearchIndex(staging, { expectedPages: site.archive.articles.length });
    step("search");
    // No manifest while the output changes: an interrupted swap means a full build next time.
    await removeManifest(manifestFile);
    await swapIntoPlace(staging, settings.outputDir);
    await writeManifest(manifestFile, { version: manifestVersion, siteKey, outputDir: settings.outputDir, fingerprints });
    step("swap");
    const files = (await listFiles(settings.outputDir)).length;
    return { incremental, rendered: set.articles.length + set.listPages.length + set.feeds.length * 2 + set.singletons.length, removed, pages: fingerprints.size, files, site };
  } catch (error) {
    await removeDir(staging);
    throw error;
  }
}
