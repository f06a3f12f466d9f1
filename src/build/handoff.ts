/**
 * A full build of a large archive in two processes (src/cli/build.ts). The heap-capped build
 * process renders every page into the staging folder, checks it, writes what is left to do into a
 * handoff file and exits; the process that started it then indexes the search shards, several
 * Pagefind runs side by side, and swaps the staging folder in. Pagefind's memory (~165 MB per
 * 1,000 pages) so never sits beside the renderer's (~490 MB at 10,000 articles), and the renderer
 * does not share the cores with it.
 *
 * Until the swap, the previous output is untouched; a failure removes the staging folder and the
 * manifest waiting beside it.
 */
import fs from "node:fs/promises";
import { removeManifest } from "./manifest.ts";
import { writeFileAtomically } from "./cache-files.ts";
import { removeDir, swapIntoPlace } from "./output.ts";
import { pruneCache } from "./search-cache.ts";
import { buildSearchIndex, searchCache, type ShardResult } from "../search/search-index.ts";

/** What the build process hands over: JSON in the file the starting process names. */
export interface PendingBuild {
  version: typeof handoffVersion;
  /** The staging folder holding every page, checked. */
  staging: string;
  outputDir: string;
  /** Where the output's cache manifest goes once the output is in place. */
  manifestFile: string;
  /** The manifest for the new output, written beside `manifestFile` by the build process. */
  nextManifest: string;
  /** Search shards and their page counts, newest first (src/search-index.ts `searchShards`). */
  shards: [shard: string, pages: number][];
  /** Each shard's fingerprint (src/render-plan.ts `fingerprintSearch`), for the bundle cache. */
  searchPrints: [shard: string, print: string][];
  /** The build's summary line up to its time, and what follows the time. */
  summary: string;
  summaryEnd: string;
}

export const handoffVersion = 2;

/** Environment variable naming the handoff file: set by the starting process, read by the build process. */
export const handoffVariable = "ARSIP_HANDOFF_FILE";

export async function writePendingBuild(file: string, pending: Omit<PendingBuild, "version">): Promise<void> {
  await writeFileAtomically(file, JSON.stringify({ version: handoffVersion, ...pending }));
}

/** The handoff in `file`; undefined when there is none (the build process did everything). */
export async function readPendingBuild(file: string): Promise<PendingBuild | undefined> {
  const text = await fs.readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const pending = JSON.parse(text) as PendingBuild;
  if (pending.version !== handoffVersion) throw new Error(`Handoff ${file} has version ${String(pending.version)}, expected ${handoffVersion}.`);
  return pending;
}

/**
 * Indexes the pending build's search shards into its staging folder (copying the bundles kept in
 * the cache, src/search-cache.ts), swaps the folder in and puts its manifest in place. `onStep`
 * hears "search" and "swap". Any failure removes the staging folder and the waiting manifest,
 * leaving the previous output as it was.
 */
export async function completePendingBuild(pending: PendingBuild, onStep: (name: string) => void = () => {}): Promise<ShardResult[]> {
  try {
    const cache = await searchCache(pending.outputDir, pending.searchPrints);
    const results = await buildSearchIndex(pending.staging, new Map(pending.shards), { cache });
    onStep("search");
    // No manifest while the output changes: an interrupted swap means a full build next time.
    await removeManifest(pending.manifestFile);
    await swapIntoPlace(pending.staging, pending.outputDir);
    await fs.rename(pending.nextManifest, pending.manifestFile);
    onStep("swap");
    await pruneCache(cache);
    return results;
  } finally {
    await Promise.all([removeDir(pending.staging), fs.rm(pending.nextManifest, { force: true })]);
  }
}
