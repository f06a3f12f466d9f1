/**
 * A look at the spare while the archive loads. An update stages in the spare (src/build/output.ts),
 * and the check before the swap looks up every file of the staged site. When the spare's folders
 * are no longer in the kernel's cache (a one-shot build hours after the last one), each lookup
 * reads the disk: 15.8 s of a 58.7 s back-filled update at 100,000 articles, against 0.7–1.0 s
 * cached. Here the spare's files are looked up on a thread of their own while the main thread
 * loads the archive, so the check meets cached folders; and a file the spare lacks (deleted by
 * hand) is known before staging starts, so staging takes it from the current output instead
 * (`withoutMissing`) and the check does not refuse the site for it.
 *
 * The dev server does not look: its spare is the site it served a moment ago, cached already, and
 * a look would only add to its update time.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import { readManifest, type Manifest, type ShardRecord } from "./manifest.ts";
import { readMarker, type OutputPlaces } from "./output.ts";

/** A look under way: the spare's build, its record, and the files of it the spare lacks. */
export interface SpareLook {
  build: string;
  record: Manifest;
  /** The record's files missing from the spare, sorted; undefined when the look failed or was stopped. */
  missing: Promise<string[] | undefined>;
  /** Ends the look (a build that fails before it stages); safe to call twice. */
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

/** The files of `record` that a site made from it holds: pages, assets and every search shard's. */
export function filesOf(record: Manifest): string[] {
  return [...record.files.keys(), ...[...record.search.values()].flatMap((shard) => shard.files)];
}

/**
 * Starts a look at the spare of the output in `places`, when it has one of `mode` whose record is
 * in `cacheDir`; undefined otherwise (staging then starts afresh anyway).
 */
export async function lookAtSpare(places: OutputPlaces, cacheDir: string, mode: string): Promise<SpareLook | undefined> {
  const spare = await readMarker(places.spare);
  if (spare === undefined || spare.mode !== mode) return undefined;
  const record = await readManifest(cacheDir, places.dir, spare.build);
  if (record === undefined) return undefined;
  const { missing, stop } = missingFilesAside(path.resolve(places.spare), filesOf(record));
  return { build: spare.build, record, missing, stop };
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
