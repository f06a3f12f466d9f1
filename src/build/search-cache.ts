/**
 * Search bundles kept in the project's cache folder, by what they index. A shard's bundle is a
 * function of its fingerprint (src/render-plan.ts `fingerprintSearch`: the site key, which covers
 * templates, settings and the lockfile with Pagefind's version, and every indexed field of the
 * shard's articles), of the indexing code (src/search-index.ts) and of the Pagefind binary. A
 * build that needs a shard whose bundle is kept copies it instead of running Pagefind (~0.8 s of
 * a core per 1,000 pages; copying a year's ~260 files takes a few tens of milliseconds). That is
 * what a clean output with a kept cache gets: a deploy that restores `.cache/` between builds,
 * or an output folder deleted by hand. The bundle is kept as Pagefind wrote it, before
 * src/search-index.ts moves its UI files to the bundle root, so a copy goes through the same
 * steps and checks as a fresh run.
 *
 * Bundles live in one folder per output folder (`.cache/arsip/_site-<hash>.search/`), named after
 * their shard and key. A finished build keeps there only the bundles of its current shards
 * (`pruneBundles`), so the folder holds one copy of the site's index, ~0.3 MB per 1,000 articles.
 * Like the rest of the cache, nothing in it is needed: a missing, unreadable or unwritable entry
 * means Pagefind runs.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { cacheFileFor, defaultCacheDir, hashFiles, moduleClosure } from "./cache-files.ts";
import { copyFiles, listFiles } from "./output.ts";

/** The cache folder of the search bundles built for `outputDir`. */
export function searchCacheDir(outputDir: string, cacheDir: string = defaultCacheDir()): string {
  return cacheFileFor(outputDir, ".search", cacheDir);
}

/** The modules whose code shapes a bundle besides Pagefind itself: how it is run and with what options. */
const indexingModules = [path.join(import.meta.dirname, "..", "search", "search-index.ts")];

/**
 * A key for the indexing code and the Pagefind binary at `binary` (its path, size and time: an
 * upgrade through npm also changes the lockfile, part of every fingerprint, but a binary set with
 * PAGEFIND_BINARY_PATH need not). Undefined when either cannot be read: then nothing is cached.
 */
export async function indexerKey(binary: string, modules: readonly string[] = indexingModules): Promise<string | undefined> {
  try {
    const [code, stat] = await Promise.all([moduleClosure(modules).then(hashFiles), fs.stat(binary)]);
    return createHash("sha1").update(JSON.stringify([code, path.resolve(binary), stat.size, stat.mtimeMs])).digest("base64url");
  } catch {
    return undefined;
  }
}

/** The entry name of a shard's bundle: the shard, then a hash of its fingerprint and the indexer key. */
export function bundleName(shard: string, fingerprint: string, indexer: string): string {
  return `${shard}-${createHash("sha1").update(`${indexer}\u0000${fingerprint}`).digest("base64url").slice(0, 22)}`;
}

/** The cache folder of an output's bundles and the entry name of each shard. */
export interface BundleCache {
  dir: string;
  names: ReadonlyMap<string, string>;
}

/**
 * The bundle cache for `outputDir`'s shards with these fingerprints (shard → print), indexed by
 * the Pagefind at `binary`; undefined when the indexer key cannot be computed.
 */
export async function bundleCache(outputDir: string, fingerprints: Iterable<[shard: string, print: string]>, binary: string, cacheDir?: string): Promise<BundleCache | undefined> {
  const key = await indexerKey(binary);
  if (key === undefined) return undefined;
  return { dir: searchCacheDir(outputDir, cacheDir), names: new Map([...fingerprints].map(([shard, print]) => [shard, bundleName(shard, print, key)])) };
}

/** Removes the bundles of `cache.dir` that are not named in `cache`: a build keeps those of its current shards. */
export async function pruneCache(cache: BundleCache | undefined): Promise<void> {
  if (cache !== undefined) await pruneBundles(cache.dir, new Set(cache.names.values()));
}

/** Copies every file below `from` to the same place below `to` (src/output.ts does the copying). */
async function copyTree(from: string, to: string): Promise<void> {
  await copyFiles(from, to, await listFiles(from));
}

/**
 * Copies the kept bundle `name` into `dest` (a folder that does not exist yet). False, with
 * nothing left at `dest`, when there is no such bundle or it cannot be copied.
 */
export async function restoreBundle(cacheDir: string, name: string, dest: string): Promise<boolean> {
  const entry = path.join(cacheDir, name);
  if (!(await fs.stat(entry).then((stat) => stat.isDirectory(), () => false))) return false;
  try {
    await copyTree(entry, dest);
    return true;
  } catch {
    await fs.rm(dest, { recursive: true, force: true });
    return false;
  }
}

let stores = 0;

/**
 * Keeps a copy of the bundle folder `from` as `name`: copied beside its place, then renamed, so a
 * reader sees the whole bundle or none. Never fails: a cache that cannot be written only means
 * Pagefind runs next time.
 */
export async function storeBundle(from: string, cacheDir: string, name: string): Promise<void> {
  stores += 1;
  const temporary = path.join(cacheDir, `${name}.${process.pid}-${stores}.tmp`);
  try {
    await copyTree(from, temporary);
    await fs.rename(temporary, path.join(cacheDir, name));
  } catch {
    // Kept by another build meanwhile (the rename fails on a full folder), or not writable.
  } finally {
    await fs.rm(temporary, { recursive: true, force: true }).catch(() => {});
  }
}

/** Removes every entry of `cacheDir` but the bundles named in `keep` (the build's current shards). */
export async function pruneBundles(cacheDir: string, keep: ReadonlySet<string>): Promise<void> {
  const names = await fs.readdir(cacheDir).catch(() => []);
  await Promise.all(names.filter((name) => !keep.has(name)).map((name) => fs.rm(path.join(cacheDir, name), { recursive: true, force: true }).catch(() => {})));
}
