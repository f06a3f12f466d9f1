/**
 * The incremental-build cache: a manifest of the fingerprints of every page in an output folder,
 * kept in `.cache/arsip/` beside the project, and the site key that invalidates it when templates,
 * UI strings, outlets, dependencies or settings change. See render-plan.ts for the fingerprints.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { cacheFileFor, writeFileAtomically } from "./cache-files.ts";
import type { Fingerprints } from "./plan.ts";
import { missingFiles } from "./output.ts";
import { shardDir } from "../search/search-index.ts";
import { assetsDir, type Settings } from "../settings.ts";

export const manifestVersion = 3;

export interface Manifest {
  version: number;
  siteKey: string;
  outputDir: string;
  fingerprints: Fingerprints;
  /** Per search shard (year): the fingerprint of what it indexes. */
  searchPrints: Fingerprints;
}

/** Where the manifest of `outputDir` lives. */
export function manifestPath(outputDir: string, cacheDir?: string): string {
  return cacheFileFor(outputDir, ".json", cacheDir);
}

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
}

/**
 * A key for everything besides article data that shapes the pages: template files, data files,
 * the lockfile (library versions) and the settings that appear in pages. Not the static assets,
 * which pages only link to: they have fingerprints of their own (`assetPrints`).
 */
export async function computeSiteKey(templatesDir: string, settings: Settings, extraFiles: readonly string[] = ["package-lock.json"]): Promise<string> {
  const digest = createHash("sha1");
  digest.update(JSON.stringify([manifestVersion, settings.siteUrl, settings.pathPrefix, settings.mode]));
  const assets = path.join(templatesDir, assetsDir) + path.sep;
  const templates = (await filesBelow(templatesDir)).filter((file) => !file.startsWith(assets));
  for (const file of [...templates, ...extraFiles]) {
    digest.update(`\u0000${path.relative(templatesDir, file)}\u0000`);
    digest.update(await fs.readFile(file).catch(() => Buffer.alloc(0)));
  }
  return digest.digest("base64url");
}

/**
 * The fingerprint of each static asset by its output path ("assets/style.css"): its contents. In
 * the manifest beside the pages', so a changed asset is copied and a removed one deleted, like a
 * page, without rendering anything.
 */
export async function assetPrints(templatesDir: string): Promise<Fingerprints> {
  const files = await filesBelow(path.join(templatesDir, assetsDir)).catch(() => []);
  return new Map(
    await Promise.all(
      files.map(async (file): Promise<[string, string]> => [
        path.relative(templatesDir, file).split(path.sep).join("/"),
        createHash("sha1").update(await fs.readFile(file)).digest("base64url"),
      ]),
    ),
  );
}

export async function readManifest(file: string): Promise<Manifest | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, "utf8")) as { version: number; siteKey: string; outputDir: string; fingerprints: [string, string][]; searchPrints: [string, string][] };
    if (data.version !== manifestVersion) return undefined;
    return { ...data, fingerprints: new Map(data.fingerprints), searchPrints: new Map(data.searchPrints) };
  } catch {
    return undefined;
  }
}

export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await writeFileAtomically(file, JSON.stringify({ ...manifest, fingerprints: [...manifest.fingerprints], searchPrints: [...manifest.searchPrints] }));
}

export async function removeManifest(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}

/**
 * True when the output's manifest was written by this version for these templates and settings,
 * so that a build can be incremental if the output still holds every page (`outputMatches`).
 */
export async function manifestIsCurrent(templatesDir: string, settings: Settings): Promise<boolean> {
  const manifest = await readManifest(manifestPath(settings.outputDir));
  return manifest !== undefined && manifest.outputDir === settings.outputDir && manifest.siteKey === (await computeSiteKey(templatesDir, settings));
}

/** True when every page and search shard the manifest lists is present in `outputDir` (nobody deleted any). */
export async function outputMatches(manifest: Manifest, outputDir: string): Promise<boolean> {
  // One access() per page on the thread pool: ~10x faster than listing a 26,000-file output.
  const expected = [...manifest.fingerprints.keys(), ...[...manifest.searchPrints.keys()].map((year) => `${shardDir(year)}/pagefind-entry.json`)];
  return (await missingFiles(outputDir, expected)).length === 0;
}
