/**
 * Looks ahead while the archive loads. After loading and planning, a one-shot build looks up every
 * file of a site: of the current output when it finds nothing to write (is every file still
 * there?), and of the staged site before the swap (which starts as the spare, src/build/output.ts).
 * When those folders are no longer in the kernel's cache (a build hours after the last one), each
 * lookup reads the disk: 15.8 s of a 58.7 s back-filled update at 100,000 articles went to the
 * check before the swap, against 0.7–1.0 s cached. Here the files of the output and of the spare
 * are looked up on threads of their own while the main thread loads the archive, so those lookups
 * meet cached folders, and what is missing is known when the plan is:
 * - a build with nothing to write takes the output's answer instead of looking again;
 * - a file the spare lacks (deleted by hand) is taken from the current output when staging
 *   (`withoutMissing`), instead of the check refusing the site for it.
 *
 * The dev server does not look: the folders are those it served a moment ago, cached already, and
 * a look would only add to its update time.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import { filesOf, readManifest, type Manifest, type ShardRecord } from "./manifest.ts";
import { readMarker, type OutputMarker, type OutputPlaces } from "./output.ts";

/** A look under way at a site: its build, its record, and the files of it the site's folder lacks. */
export interface Look {
  build: string;
  record: Manifest;
  /** The files looked up (`filesOf`; of the output with its search bundle root) that are missing, sorted; undefined when the look failed or was stopped. */
  missing: Promise<string[] | undefined>;
  /** Ends the look (a build that fails first); safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The lookup thread, as CommonJS source: it needs nothing but `fs`, so it starts in a few
 * milliseconds without the TypeScript loader. One `accessSync` after the other, as the check does
 * (src/build/output.ts `missingFiles`); no file is opened.
 */
const lookSource = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const missing = [];
for (const file of workerData.files) {
  try {
    fs.accessSync(path.join(workerData.dir, file));
  } catch {
    missing.push(file);
  }
}
parentPort.postMessage(missing);
`;

/**
 * Looks up `files` (relative) below `dir` on a thread of its own; resolves with those missing,
 * sorted, or undefined when the thread failed or was stopped.
 */
export function missingFilesAside(dir: string, files: readonly string[]): { missing: Promise<string[] | undefined>; stop(): Promise<void> } {
  const worker = new Worker(lookSource, { eval: true, workerData: { dir, files }, resourceLimits: { maxOldGenerationSizeMb: 128 } });
  const missing = new Promise<string[] | undefined>((resolve) => {
    worker.once("message", (found: string[]) => resolve(found.sort()));
    worker.once("error", () => resolve(undefined));
    worker.once("exit", () => resolve(undefined));
  });
  return {
    missing,
    stop: async () => {
      await worker.terminate();
    },
  };
}

async function lookAt(dir: string, cacheDir: string, outputDir: string, marker: OutputMarker | undefined, mode: string, root: boolean): Promise<Look | undefined> {
  if (marker === undefined || marker.mode !== mode) return undefined;
  const record = await readManifest(cacheDir, outputDir, marker.build);
  if (record === undefined) return undefined;
  // The spare's search bundle root does not count: staging deletes it.
  return { build: marker.build, record, ...missingFilesAside(path.resolve(dir), filesOf(record, { root })) };
}

/**
 * Starts a look at the current output of `places`, whose marker is `marker`, when its record of
 * `mode` is in `cacheDir`; undefined otherwise (the build then writes every file anyway).
 */
export function lookAtOutput(places: OutputPlaces, cacheDir: string, marker: OutputMarker | undefined, mode: string): Promise<Look | undefined> {
  return lookAt(places.dir, cacheDir, places.dir, marker, mode, true);
}

/**
 * Starts a look at the spare of the output in `places`, when it has one of `mode` whose record is
 * in `cacheDir`; undefined otherwise (staging then starts afresh anyway).
 */
export async function lookAtSpare(places: OutputPlaces, cacheDir: string, mode: string): Promise<Look | undefined> {
  return lookAt(places.spare, cacheDir, places.dir, await readMarker(places.spare), mode, false);
}

/**
 * The record of a spare that lacks `missing`: those files left out, and every search shard of
 * which one is missing left out whole (a bundle is used whole or indexed again), with the files it
 * still has in the spare, to delete before staging takes the shard from elsewhere.
 */
export function withoutMissing(record: Manifest, missing: readonly string[]): { record: Manifest; unlink: string[] } {
  if (missing.length === 0) return { record, unlink: [] };
  const gone = new Set(missing);
  const files = new Map([...record.files].filter(([file]) => !gone.has(file)));
  const search = new Map<string, ShardRecord>();
  const unlink: string[] = [];
  for (const [shard, shardRecord] of record.search) {
    if (shardRecord.files.some((file) => gone.has(file))) unlink.push(...shardRecord.files.filter((file) => !gone.has(file)));
    else search.set(shard, shardRecord);
  }
  return { record: { files, search, searchRoot: record.searchRoot }, unlink };
}
