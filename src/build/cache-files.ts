/**
 * Files in the project's cache folder, `.cache/arsip/`: where the file kept for a folder (an
 * output folder's render manifest, an articles folder's parsed articles) lives, and how it is
 * replaced so that a reader never sees half of it, and the hash of the code that shapes a cached
 * result, which ties the result to that code. Nothing in the cache is needed: a missing or damaged
 * file only makes the next build slower.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/** ARSIP_CACHE_DIR, else `.cache/arsip/` in the working folder (the project root for npm scripts). */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  const configured = env.ARSIP_CACHE_DIR?.trim();
  return configured ? path.resolve(configured) : path.resolve(".cache", "arsip");
}

/**
 * The cache file for `folder`: its name, for people listing the cache, then a hash of its
 * resolved path, so that two folders with one name never share a file.
 */
export function cacheFileFor(folder: string, extension: string, cacheDir: string = defaultCacheDir()): string {
  const id = createHash("sha1").update(path.resolve(folder)).digest("hex").slice(0, 12);
  return path.join(cacheDir, `${path.basename(folder)}-${id}${extension}`);
}

let writes = 0;

/**
 * Writes `file` through a temporary file and a rename: readers, and builds running at the same
 * time, see the old file or the new one, never a mix. The temporary name is unique per write.
 */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  writes += 1;
  const temporary = `${file}.${process.pid}-${writes}.tmp`;
  try {
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** A relative import that is loaded at run time (not `import type`): `from "../x.ts"`, `import "../x.ts"`. */
const relativeImport = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?["'](\.\.?\/[^"']+)["']/gm;

/** `roots` and every module they import through relative imports, sorted. */
export async function moduleClosure(roots: readonly string[]): Promise<string[]> {
  const seen = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await fs.readFile(file, "utf8");
    for (const match of text.matchAll(relativeImport)) await visit(path.resolve(path.dirname(file), match[1]!));
  };
  for (const root of roots) await visit(path.resolve(root));
  return [...seen].sort();
}

const projectRoot = path.resolve(import.meta.dirname, "../..");

/** A hash of the names and contents of `files`. */
export async function hashFiles(files: readonly string[]): Promise<string> {
  const hash = createHash("sha1");
  for (const file of files) {
    hash.update(`\u0000${path.relative(projectRoot, file)}\u0000`);
    hash.update(await fs.readFile(file));
  }
  return hash.digest("base64url");
}
