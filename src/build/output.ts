/**
 * Safe output: a build writes into a fresh folder beside the output folder and puts it in place
 * only when everything succeeded, so a failed build leaves the previous site byte-identical. A
 * full build swaps the whole folder in; an incremental one moves its few pages in file by file
 * (each rename is atomic, so no reader ever sees half a page).
 */
import fs from "node:fs/promises";
import path from "node:path";

/** A new, empty staging folder beside `outputDir` (same file system, so renames are atomic). */
export async function createStagingDir(outputDir: string): Promise<string> {
  const parent = path.dirname(outputDir);
  await fs.mkdir(parent, { recursive: true });
  return fs.mkdtemp(path.join(parent, `.build-${path.basename(outputDir)}-`));
}

/**
 * Removes staging folders of `outputDir` created at or after `since` (ms): what a build that was
 * killed (e.g. out of memory) left beside the output. The output itself is never touched.
 */
export async function removeStagingDirs(outputDir: string, since: number): Promise<string[]> {
  const parent = path.dirname(outputDir);
  const prefix = `.build-${path.basename(outputDir)}-`;
  const names = (await fs.readdir(parent).catch(() => [])).filter((name) => name.startsWith(prefix));
  const removed: string[] = [];
  for (const name of names) {
    const folder = path.join(parent, name);
    const { birthtimeMs, ctimeMs } = await fs.stat(folder);
    if (Math.max(birthtimeMs, ctimeMs) < since) continue;
    await fs.rm(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}

/** Replaces `outputDir` by `stagingDir`: two renames, then the old site is removed. */
export async function swapIntoPlace(stagingDir: string, outputDir: string): Promise<void> {
  const retired = `${stagingDir}-old`;
  const hadOutput = await fs.stat(outputDir).then(() => true, () => false);
  if (hadOutput) await fs.rename(outputDir, retired);
  try {
    await fs.rename(stagingDir, outputDir);
  } catch (error) {
    // Put the previous site back: a failed swap must leave it where it was.
    if (hadOutput) await fs.rename(retired, outputDir);
    throw error;
  }
  if (hadOutput) await fs.rm(retired, { recursive: true, force: true });
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** Every file below `dir`, as paths relative to it with "/" separators, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** Runs `task` over `items`, at most `width` at a time (file operations on libuv's thread pool). */
async function inBatches<T>(items: readonly T[], task: (item: T) => Promise<unknown>, width = 128): Promise<void> {
  for (let start = 0; start < items.length; start += width) await Promise.all(items.slice(start, start + width).map(task));
}

/** Those of `files` (relative, "/"-separated) that do not exist below `dir`. */
export async function missingFiles(dir: string, files: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  await inBatches(files, (file) => fs.access(path.join(dir, file)).catch(() => missing.push(file)));
  return missing.sort();
}

/** Moves `files` (relative) from `fromDir` to the same place below `toDir`, replacing what is there. */
export async function moveFiles(fromDir: string, toDir: string, files: readonly string[]): Promise<void> {
  const folders = [...new Set(files.map((file) => path.dirname(path.join(toDir, file))))].sort();
  await inBatches(folders, (folder) => fs.mkdir(folder, { recursive: true }));
  await inBatches(files, (file) => fs.rename(path.join(fromDir, file), path.join(toDir, file)));
}

/** Copies `files` (relative) from `fromDir` to the same place below `toDir`, replacing what is there. */
export async function copyFiles(fromDir: string, toDir: string, files: readonly string[]): Promise<void> {
  const folders = [...new Set(files.map((file) => path.dirname(path.join(toDir, file))))].sort();
  await inBatches(folders, (folder) => fs.mkdir(folder, { recursive: true }));
  await inBatches(files, (file) => fs.copyFile(path.join(fromDir, file), path.join(toDir, file)));
}

/** Deletes `files` (relative) below `dir`, and the folders that leaves empty, up to `dir`. */
export async function removeFiles(dir: string, files: readonly string[]): Promise<void> {
  await inBatches(files, (file) => fs.rm(path.join(dir, file), { force: true }));
  const root = path.resolve(dir);
  const folders = new Set<string>();
  for (const file of files) {
    for (let folder = path.dirname(path.resolve(root, file)); folder.startsWith(root + path.sep); folder = path.dirname(folder)) folders.add(folder);
  }
  // Deepest first; rmdir refuses folders that still hold something, which is what should stay.
  for (const folder of [...folders].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))) {
    await fs.rmdir(folder).catch(() => {});
  }
}

/** Puts folder `source` where folder `target` is (or is not), then deletes the old one. */
export async function replaceDir(source: string, target: string): Promise<void> {
  const retired = `${source}-old`;
  const hadTarget = await fs.stat(target).then(() => true, () => false);
  await fs.mkdir(path.dirname(target), { recursive: true });
  if (hadTarget) await fs.rename(target, retired);
  await fs.rename(source, target);
  if (hadTarget) await fs.rm(retired, { recursive: true, force: true });
}
