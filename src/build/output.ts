/**
 * The output folder: which folders a build may write, and how a new site replaces the old one so
 * that a kill at any instant leaves one or the other, never a mix.
 *
 * Safety. A build writes only into a folder that does not exist yet, is empty, or carries the
 * marker a build leaves in it (`markerName`); anything else is refused by name, and the project
 * folder, the articles, templates and code folders and every folder that contains one of them are
 * always refused. A symbolic link to a folder is followed: the site is written where it points.
 *
 * Staging. Each build assembles the complete new site in `<parent>/.<name>.arsip-next/` beside the
 * output (same file system, so renames are atomic): new and changed files are written there, and
 * unchanged ones are hard links to the files of the current output (src/build/pipeline.ts). The
 * marker is written last. Then two renames swap it in: output → `.<name>.arsip-old`, next →
 * output. A kill between them leaves no output folder; the next build (`recoverOutput`) finishes
 * the swap when the staged site is complete and puts the old one back otherwise.
 *
 * The spare. The replaced site is kept as `.<name>.arsip-spare` (a third rename), and the next
 * build stages in it: it holds the site of two builds ago, so bringing it up to date touches only
 * the files that changed since (at 10,000 articles ~20,000 folders and links would otherwise be
 * made for every build, and as many deleted). Anything else of a build's that is left over is
 * moved to a `.<name>.arsip-trash-*` folder and deleted.
 *
 * Hard links are safe because nothing ever writes into an existing file: Eleventy and Pagefind
 * write only the files of this build, each a new file in the staging folder. Folders get mode
 * 0777 and files 0666 less the umask (0755 and 0644 with the usual umask), as any folder made by
 * hand, so a web server running as another user can read them.
 */
import { spawn } from "node:child_process";
import { accessSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { OutputFolderError } from "../errors.ts";
import { fileConcurrency, mapLimit } from "../limit.ts";
import { templatesDir, type Settings } from "../settings.ts";

/** The file a build leaves in the output it made: the build's id and mode, as JSON. */
export const markerName = ".arsip-output.json";

/** The file that marks a staging folder while it is assembled. */
const stagingMarkerName = ".arsip-staging";

export interface OutputMarker {
  generator: "arsip-berita";
  /** Names the manifest of this output in the cache (src/build/manifest.ts). */
  build: string;
  mode: "production" | "development";
}

/** Where one output folder and its staging folders are. */
export interface OutputPlaces {
  /** The output folder, symbolic links resolved. */
  dir: string;
  /** Where the next site is assembled. */
  next: string;
  /** Where the current site waits during a swap. */
  old: string;
  /** The site before the current one, kept to stage the next build in. */
  spare: string;
  /** Prefix of the folders of replaced sites being deleted. */
  trashPrefix: string;
  /** The lock a build holds while it works on these places (src/build/output-lock.ts). */
  lock: string;
}

/** Folders a build must never write into, nor into a folder that contains them. */
export interface ProtectedFolders {
  projectDir: string;
  articlesDir: string;
  templatesDir: string;
  srcDir: string;
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(() => true, () => false);
}

/** `file` with symbolic links resolved as far as it exists. */
async function realPath(file: string): Promise<string> {
  const resolved = path.resolve(file);
  try {
    return await fs.realpath(resolved);
  } catch {
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(await realPath(parent), path.basename(resolved));
  }
}

function isWithin(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/**
 * The places of `outputDir`, checked against the protected folders; throws `OutputFolderError`
 * naming the setting and the folder when the output would overlap one of them.
 */
export async function outputPlaces(outputDir: string, protect: ProtectedFolders): Promise<OutputPlaces> {
  const stat = await fs.lstat(outputDir).catch(() => undefined);
  // stat follows the links: it fails for a link to nothing, or a chain of links ending in nothing.
  if (stat?.isSymbolicLink() && (await fs.stat(outputDir).catch(() => undefined)) === undefined) {
    throw new OutputFolderError(`OUTPUT_DIR: ${outputDir} is a symbolic link to nothing; point it at a folder or remove it`);
  }
  const dir = await realPath(outputDir);
  const named = (folder: string) => (folder === dir ? "" : ` (${folder})`);
  const guarded: [string, string][] = [
    ["the project folder", protect.projectDir],
    ["the articles folder", protect.articlesDir],
    ["the templates folder", protect.templatesDir],
    ["the code folder", protect.srcDir],
  ];
  for (const [what, folder] of guarded) {
    const real = await realPath(folder);
    if (isWithin(real, dir)) {
      throw new OutputFolderError(`OUTPUT_DIR: ${outputDir} is or contains ${what}${named(real)}; a build replaces its output folder whole, so choose a folder of its own, e.g. _site`);
    }
    if (what !== "the project folder" && isWithin(dir, real)) {
      throw new OutputFolderError(`OUTPUT_DIR: ${outputDir} is inside ${what} (${real}); choose a folder outside it, e.g. _site`);
    }
  }
  const parent = path.dirname(dir);
  const name = path.basename(dir);
  const sibling = (suffix: string) => path.join(parent, `.${name}.arsip-${suffix}`);
  return { dir, next: sibling("next"), old: sibling("old"), spare: sibling("spare"), trashPrefix: `.${name}.arsip-trash-`, lock: sibling("lock") };
}

/** The places of the output folder `settings` name, checked against the project's own folders. */
export function outputPlacesOf(settings: Pick<Settings, "outputDir" | "articlesDir">, projectDir: string): Promise<OutputPlaces> {
  return outputPlaces(settings.outputDir, { projectDir, articlesDir: settings.articlesDir, templatesDir: path.join(projectDir, templatesDir), srcDir: path.join(projectDir, "src") });
}

/** The marker of the site in `dir`; undefined when there is none or it is not ours. */
export async function readMarker(dir: string): Promise<OutputMarker | undefined> {
  try {
    const marker = JSON.parse(await fs.readFile(path.join(dir, markerName), "utf8")) as Partial<OutputMarker>;
    if (marker.generator === "arsip-berita" && typeof marker.build === "string" && (marker.mode === "production" || marker.mode === "development")) return marker as OutputMarker;
  } catch {
    // No marker, or not one of ours.
  }
  return undefined;
}

async function isStaging(dir: string): Promise<boolean> {
  return exists(path.join(dir, stagingMarkerName));
}

/**
 * Finishes what a killed build left: a swap interrupted between its two renames is completed when
 * the staged site is whole (it has its marker) and undone otherwise; staging folders and replaced
 * sites of this output are removed. Only folders carrying a build's markers are touched.
 */
export async function recoverOutput(places: OutputPlaces): Promise<void> {
  const notOurs = (folder: string, what: string) =>
    new OutputFolderError(`OUTPUT_DIR: ${folder} is in the way of the build's ${what} folder and was not made by a build; move or remove it`);
  // An empty `next` is a build killed between making the folder and marking it.
  if (await exists(places.next)) await fs.rmdir(places.next).catch(() => {});
  const [hasDir, hasNext] = await Promise.all([exists(places.dir), exists(places.next)]);
  const nextComplete = hasNext && (await readMarker(places.next)) !== undefined;
  if (hasNext && !nextComplete && !(await isStaging(places.next))) throw notOurs(places.next, "staging");
  if (!hasDir && nextComplete) {
    await fs.rm(path.join(places.next, stagingMarkerName), { force: true });
    await fs.rename(places.next, places.dir);
  } else if (!hasDir && (await exists(places.old))) {
    // The output, moved aside by a swap that went no further: put back as it was.
    await fs.rename(places.old, places.dir);
  }
  if (await exists(places.next)) await fs.rm(places.next, { recursive: true, force: true });
  if (await exists(places.old)) {
    // A replaced site carries its marker; one without (an empty output, or one an earlier
    // version built) is deleted only when empty, never when it holds files nobody vouches for.
    if ((await readMarker(places.old)) === undefined && !(await fs.rmdir(places.old).then(() => true, () => false))) throw notOurs(places.old, "swap");
    if (await exists(places.old)) {
      const trash = await retire(places);
      if (trash !== undefined) await fs.rm(trash, { recursive: true, force: true });
    }
  }
  // A spare is always a whole site with its marker (it gets there by one rename).
  if ((await exists(places.spare)) && (await readMarker(places.spare)) === undefined) throw notOurs(places.spare, "spare");
  const parent = path.dirname(places.dir);
  const trash = (await fs.readdir(parent).catch(() => [])).filter((name) => name.startsWith(places.trashPrefix));
  await Promise.all(trash.map((name) => fs.rm(path.join(parent, name), { recursive: true, force: true })));
}

/**
 * What the output holds now: its marker when a build made it, `undefined` when it is missing or
 * empty (a build may fill it). Any other folder is refused with `OutputFolderError`, unless
 * `ownedWithoutMarker` says a build of an earlier version made it.
 */
export async function claimOutput(places: OutputPlaces, ownedWithoutMarker: () => Promise<boolean> = async () => false): Promise<OutputMarker | undefined> {
  const stat = await fs.stat(places.dir).catch(() => undefined);
  if (stat === undefined) return undefined;
  if (!stat.isDirectory()) throw new OutputFolderError(`OUTPUT_DIR: ${places.dir} is a file, not a folder; choose another path or remove the file`);
  const marker = await readMarker(places.dir);
  if (marker !== undefined) return marker;
  const entries = await fs.readdir(places.dir);
  if (entries.length === 0 || (await ownedWithoutMarker())) return undefined;
  const shown = entries.sort().slice(0, 3).join(", ") + (entries.length > 3 ? ", …" : "");
  throw new OutputFolderError(
    `OUTPUT_DIR: ${places.dir} already holds files this build did not write (${shown}). ` +
      "A build replaces its output folder whole: choose a new or empty folder (e.g. OUTPUT_DIR=_site), or empty this one yourself if its contents can go.",
  );
}

/**
 * Makes `places.next`, the staging folder for the next site: the spare, when there is one and
 * `useSpare` accepts the marker of the site it holds (e.g. when that build's record is known);
 * else a new, empty folder. Resolves with the spare's marker when it was taken, and with a trash
 * folder to delete when a spare was refused.
 */
export async function createStaging(places: OutputPlaces, useSpare: (marker: OutputMarker) => Promise<boolean> = async () => false): Promise<{ from?: OutputMarker; trash?: string }> {
  const spare = await readMarker(places.spare);
  if (spare !== undefined && (await useSpare(spare))) {
    // Renamed first: a `next` with a marker and an output beside it is a leftover (`recoverOutput`).
    await fs.rename(places.spare, places.next);
    await fs.writeFile(path.join(places.next, stagingMarkerName), "");
    await fs.rm(path.join(places.next, markerName));
    return { from: spare };
  }
  const trash = (await exists(places.spare)) ? await retire(places, places.spare) : undefined;
  await fs.mkdir(path.dirname(places.next), { recursive: true });
  await fs.mkdir(places.next);
  await fs.writeFile(path.join(places.next, stagingMarkerName), "");
  return { trash };
}

/**
 * Makes the spare from the current output when there is none: a tree of hard links to `files` and
 * the marker, assembled under a trash name (which `recoverOutput` removes if this is cut short)
 * and renamed into place. The next build then stages in it and touches only what changed, instead
 * of linking the whole site first (the dev server does this between updates).
 */
export async function makeSpare(places: OutputPlaces, files: readonly string[]): Promise<void> {
  if ((await exists(places.spare)) || (await readMarker(places.dir)) === undefined) return;
  const temporary = path.join(path.dirname(places.dir), `${places.trashPrefix}spare-${process.pid}-${Date.now()}`);
  try {
    await fs.mkdir(temporary);
    const missing = await linkFiles(places.dir, temporary, [...files, markerName]);
    if (missing.length === 0 && !(await exists(places.spare))) await fs.rename(temporary, places.spare);
  } finally {
    await fs.rm(temporary, { recursive: true, force: true });
  }
}

/**
 * Deletes `files` (relative) below `dir`, and the folders that leaves empty, up to `dir`; a file
 * that is not there is no error.
 */
export async function unlinkFiles(dir: string, files: readonly string[]): Promise<void> {
  await mapLimit(files, fileConcurrency, (file) => fs.unlink(path.join(dir, file)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  }));
  // Deepest first; rmdir refuses a folder that still holds something, which is what should stay.
  for (const level of foldersOf(files).reverse()) {
    await mapLimit(level, fileConcurrency, (folder) => fs.rmdir(path.join(dir, folder)).catch(() => {}));
  }
}

/** The folders below `root` that hold `files` (relative, "/"-separated), parents before children. */
function foldersOf(files: readonly string[]): string[][] {
  const folders = new Set<string>();
  for (const file of files) {
    for (let folder = path.posix.dirname(file); folder !== "." && !folders.has(folder); folder = path.posix.dirname(folder)) folders.add(folder);
  }
  const byDepth: string[][] = [];
  for (const folder of folders) (byDepth[folder.split("/").length - 1] ??= []).push(folder);
  return byDepth.filter(Boolean);
}

/** Makes the folders that `files` need below `root`, depth by depth. */
export async function makeFolders(root: string, files: readonly string[]): Promise<void> {
  for (const level of foldersOf(files)) {
    await mapLimit(level, fileConcurrency, (folder) => fs.mkdir(path.join(root, folder)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    }));
  }
}

/**
 * Hard-links `files` (relative) of `fromDir` to the same places below `toDir`, making folders as
 * needed; a file already in `toDir` stays. Where the file system has no hard links, copies.
 * Resolves with the files missing from `fromDir`, sorted.
 */
export async function linkFiles(fromDir: string, toDir: string, files: readonly string[]): Promise<string[]> {
  await makeFolders(toDir, files);
  const missing: string[] = [];
  await mapLimit(files, fileConcurrency, async (file) => {
    const from = path.join(fromDir, file);
    const to = path.join(toDir, file);
    try {
      await fs.link(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") missing.push(file);
      else if (code === "EPERM" || code === "ENOTSUP" || code === "EXDEV" || code === "EMLINK") await fs.copyFile(from, to, fs.constants.COPYFILE_EXCL);
      else if (code !== "EEXIST") throw error;
    }
  });
  return missing.sort();
}

/**
 * Copies `files` (relative) of `fromDir` to the same places below `toDir`, as new files whose mode
 * follows the umask like every other file of the site: `fs.copyFile` would keep the source's mode,
 * and a checkout's 0600 asset or a cache written under umask 077 would then be unreadable to a
 * web server running as another user.
 */
export async function copyFiles(fromDir: string, toDir: string, files: readonly string[], sourceOf: (file: string) => string = (file) => file): Promise<void> {
  await fs.mkdir(toDir, { recursive: true });
  await makeFolders(toDir, files);
  await mapLimit(files, fileConcurrency, async (file) => fs.writeFile(path.join(toDir, file), await fs.readFile(path.join(fromDir, sourceOf(file)))));
}

/**
 * Those of `files` (relative) that do not exist below `dir`, sorted. One `accessSync` after the
 * other: a lookup in folders the kernel has cached takes a few µs, where a promise through
 * libuv's pool cost the main thread ~20 µs (18,768 files of a 10,000-article site: ~70 ms against
 * 330–600 ms). No file is opened, so no open-files limit applies.
 */
export async function missingFiles(dir: string, files: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const file of files) {
    try {
      accessSync(path.join(dir, file));
    } catch {
      missing.push(file);
    }
  }
  return missing.sort();
}

/** Every file below `dir`, as paths relative to it with "/" separators, sorted; none when it is missing. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * Puts the staged site in place: its marker is written last inside it, then two renames swap it
 * with the current output, and the replaced site becomes the spare. Resolves once the new site is
 * in place with a folder to delete, if any (`removeDetached`, or `fs.rm` in a long-running process).
 */
export async function commitStaging(places: OutputPlaces, marker: OutputMarker): Promise<string | undefined> {
  const temporary = path.join(places.next, `${markerName}.tmp`);
  await fs.writeFile(temporary, JSON.stringify(marker));
  await fs.rename(temporary, path.join(places.next, markerName));
  await fs.rm(path.join(places.next, stagingMarkerName), { force: true });
  const hadOutput = await exists(places.dir);
  if (hadOutput) await fs.rename(places.dir, places.old);
  await fs.rename(places.next, places.dir);
  return hadOutput ? retire(places) : undefined;
}

/**
 * Moves `folder` (the replaced site, by default) out of the way: to the spare when there is none
 * and it is a whole site of ours, else to a trash folder of its own, whose path is returned.
 */
async function retire(places: OutputPlaces, folder: string = places.old): Promise<string | undefined> {
  if (folder === places.old && !(await exists(places.spare)) && (await readMarker(folder)) !== undefined) {
    await fs.rename(folder, places.spare);
    return undefined;
  }
  const trash = path.join(path.dirname(places.dir), `${places.trashPrefix}${process.pid}-${Date.now()}`);
  await fs.rename(folder, trash);
  return trash;
}

/**
 * Deletes `dir` in a detached `rm -rf`, so that a command returns as soon as its site is in place:
 * deleting ~20,000 files takes seconds on slow disks. A build that finds a replaced site still
 * there deletes it (`recoverOutput`). Where there is no `rm`, deletes it before returning.
 */
export async function removeDetached(dir: string): Promise<void> {
  const started = await new Promise<boolean>((resolve) => {
    const child = spawn("rm", ["-rf", "--", dir], { detached: true, stdio: "ignore" });
    child.once("spawn", () => resolve(true));
    child.once("error", () => resolve(false));
    child.unref();
  });
  if (!started) await fs.rm(dir, { recursive: true, force: true });
}

/** Removes `dir` and everything below it; nothing when it is missing. */
export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}
