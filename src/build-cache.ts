/**
 * The incremental-build cache: a manifest of the fingerprints of every page in an output folder,
 * kept in `.cache/arsip/` beside the project, and the site key that invalidates it when templates,
 * UI strings, outlets, dependencies or settings change. See render-plan.ts for the fingerprints.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Fingerprints } from "./render-plan.ts";
import type { Settings } from "./settings.ts";

export const manifestVersion = 1;

export interface Manifest {
  version: number;
  siteKey: string;
  outputDir: string;
  fingerprints: Fingerprints;
}

/** Where the manifest of `outputDir` lives. */
export function manifestPath(outputDir: string, cacheDir: string = path.resolve(".cache", "arsip")): string {
  const id = createHash("sha1").update(path.resolve(outputDir)).digest("hex").slice(0, 12);
  return path.join(cacheDir, `${path.basename(outputDir)}-${id}.json`);
}

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
}

/**
 * A key for everything besides article data that shapes the output: template files, data files,
 * assets, the lockfile (library versions) and the settings that appear in pages.
 */
export async function computeSiteKey(templatesDir: string, settings: Settings, extraFiles: readonly string[] = ["package-lock.json"]): Promise<string> {
  const digest = createHash("sha1");
  digest.update(JSON.stringify([manifestVersion, settings.siteUrl, settings.pathPrefix, settings.mode]));
  for (const file of [...(await filesBelow(templatesDir)), ...extraFiles]) {
    digest.update(`\u0000${path.relative(templatesDir, file)}\u0000`);
    digest.update(await fs.readFile(file).catch(() => Buffer.alloc(0)));
  }
  return digest.digest("base64url");
}

export async function readManifest(file: string): Promise<Manifest | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, "utf8")) as { version: number; siteKey: string; outputDir: string; fingerprints: [string, string][] };
    if (data.version !== manifestVersion) return undefined;
    return { ...data, fingerprints: new Map(data.fingerprints) };
  } catch {
    return undefined;
  }
}

export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, JSON.stringify({ ...manifest, fingerprints: [...manifest.fingerprints] }));
  await fs.rename(temporary, file);
}

export async function removeManifest(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}

/** True when every page the manifest lists is present in `outputDir` (nobody deleted any). */
export async function outputMatches(manifest: Manifest, outputDir: string): Promise<boolean> {
  const present = new Set((await filesBelow(outputDir).catch(() => [])).map((file) => path.relative(outputDir, file).split(path.sep).join("/")));
  for (const page of manifest.fingerprints.keys()) if (!present.has(page)) return false;
  return true;
}

/**
 * Mirrors `source` into the empty folder `target` with hard links (no data copied), leaving out
 * top-level folders in `skip`. Files to be rewritten must be unlinked from `target` first, so
 * that writing them never changes the linked original.
 */
export async function linkTree(source: string, target: string, skip: readonly string[] = []): Promise<number> {
  const entries = await fs.readdir(source, { recursive: true, withFileTypes: true });
  const skipped = (relative: string) => skip.some((folder) => relative === folder || relative.startsWith(`${folder}${path.sep}`));
  const directories = new Set<string>();
  const files: string[] = [];
  for (const entry of entries) {
    const relative = path.relative(source, path.join(entry.parentPath, entry.name));
    if (skipped(relative)) continue;
    if (entry.isDirectory()) directories.add(relative);
    else if (entry.isFile()) files.push(relative);
  }
  for (const directory of [...directories].sort()) await fs.mkdir(path.join(target, directory), { recursive: true });
  const batch = 256;
  for (let i = 0; i < files.length; i += batch) {
    await Promise.all(files.slice(i, i + batch).map((file) => fs.link(path.join(source, file), path.join(target, file))));
  }
  return files.length;
}
