/**
 * The record of what an output folder holds: every file a build put there with its fingerprint
 * (src/build/plan.ts), and each search shard's fingerprint and files. The next build compares its
 * own fingerprints with it to know what to write and what to carry over. A full build is the same
 * comparison against `emptyManifest`.
 *
 * Kept in the cache folder, one file per output folder and build, named by the build id that the
 * output's marker carries (src/build/output.ts): the output and its record change together, with
 * the swap, and a kill at any instant leaves an output whose marker names a record that exists.
 * A missing or damaged record only makes the next build write everything.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Fingerprints } from "./plan.ts";

export const manifestVersion = 4;

export interface ShardRecord {
  print: string;
  /** The shard's files, relative to the output folder. */
  files: string[];
}

export interface Manifest {
  /** Output path → fingerprint, for pages and static assets. */
  files: Fingerprints;
  /** Search shard → its fingerprint and files. */
  search: Map<string, ShardRecord>;
  /** Files at the search bundle root (Pagefind's UI), relative to the output folder. */
  searchRoot: string[];
}

export const emptyManifest = (): Manifest => ({ files: new Map(), search: new Map(), searchRoot: [] });

/** The files of a site made from `manifest`: pages, assets and every search shard's; with `root`, the search bundle root's too. */
export function filesOf(manifest: Manifest, { root = false } = {}): string[] {
  return [...manifest.files.keys(), ...[...manifest.search.values()].flatMap((shard) => shard.files), ...(root ? manifest.searchRoot : [])];
}

/** Same manifest, same id: a clean build and an update of the same input leave the same marker. */
export function buildId(manifest: Manifest): string {
  const digest = createHash("sha1");
  for (const [file, print] of [...manifest.files].sort(([a], [b]) => (a < b ? -1 : 1))) digest.update(`${file}\u0000${print}\u0000`);
  for (const [shard, record] of [...manifest.search].sort(([a], [b]) => (a < b ? -1 : 1))) digest.update(`${shard}\u0000${record.print}\u0000`);
  return digest.digest("hex").slice(0, 20);
}

/** Folder of the records of output folder `dir` (a resolved path). */
export function manifestDir(cacheDir: string, dir: string): string {
  const id = createHash("sha1").update(dir).digest("hex").slice(0, 12);
  return path.join(cacheDir, "outputs", `${path.basename(dir)}-${id}`);
}

function manifestFile(cacheDir: string, dir: string, build: string): string {
  return path.join(manifestDir(cacheDir, dir), `${build}.json`);
}

export async function readManifest(cacheDir: string, dir: string, build: string): Promise<Manifest | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(manifestFile(cacheDir, dir, build), "utf8")) as { version: number; files: [string, string][]; search: [string, ShardRecord][]; searchRoot: string[] };
    if (data.version !== manifestVersion) return undefined;
    return { files: new Map(data.files), search: new Map(data.search), searchRoot: data.searchRoot };
  } catch {
    return undefined;
  }
}

/** Writes the record of build `build` (temporary file, then rename: never half a record). */
export async function writeManifest(cacheDir: string, dir: string, build: string, manifest: Manifest): Promise<void> {
  const file = manifestFile(cacheDir, dir, build);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, JSON.stringify({ version: manifestVersion, files: [...manifest.files], search: [...manifest.search], searchRoot: manifest.searchRoot }));
  await fs.rename(temporary, file);
}

/** Removes the records of `dir` but those of the builds in `keep`. */
export async function pruneManifests(cacheDir: string, dir: string, keep: readonly string[]): Promise<void> {
  const folder = manifestDir(cacheDir, dir);
  const names = await fs.readdir(folder).catch(() => []);
  const kept = new Set(keep.map((build) => `${build}.json`));
  await Promise.all(names.filter((name) => !kept.has(name)).map((name) => fs.rm(path.join(folder, name), { force: true })));
}

/**
 * True when an earlier version of Arsip Berita built `dir`: it left no marker in the output but a
 * manifest naming the folder in the cache (`<cache>/<name>-<hash>.json`). Such a folder is taken
 * over by a full build instead of being refused.
 */
export async function builtByEarlierVersion(cacheDir: string, outputDir: string): Promise<boolean> {
  const resolved = path.resolve(outputDir);
  const id = createHash("sha1").update(resolved).digest("hex").slice(0, 12);
  try {
    const data = JSON.parse(await fs.readFile(path.join(cacheDir, `${path.basename(resolved)}-${id}.json`), "utf8")) as { outputDir?: string };
    return data.outputDir === resolved;
  } catch {
    return false;
  }
}
