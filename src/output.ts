/**
 * Atomic output: a build writes into a fresh folder beside the output folder and swaps it in only
 * when everything succeeded, so a failed or interrupted build never leaves a half-written site
 * and a failed one leaves the previous site byte-identical.
 */
import fs from "node:fs/promises";
import path from "node:path";

/** A new, empty staging folder beside `outputDir` (same file system, so renames are atomic). */
export async function createStagingDir(outputDir: string): Promise<string> {
  const parent = path.dirname(outputDir);
  await fs.mkdir(parent, { recursive: true });
  return fs.mkdtemp(path.join(parent, `.build-${path.basename(outputDir)}-`));
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
