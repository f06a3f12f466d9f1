/**
 * `--image <path>` of `npm run new` and `npm run import`: the photo is copied beside the draft, to
 * `<year>/foto/<the draft's file name>.<ext>`, and the draft names it (`image.file`, relative to
 * the draft, src/content/photo.ts). A file already there is kept when it holds the same bytes and
 * never overwritten when it holds others. The photo is checked as the build checks it (size, a
 * photo sharp can read), so a draft is not written with a photo the build would refuse.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { checkPhotoBytes } from "../build/photos.ts";
import { maxPhotoBytes, photoPathProblem } from "../content/photo.ts";
import { SettingsError } from "../errors.ts";

/** Where the photo of the draft at `draftRelative` (inside the articles folder) goes: relative to the draft, and to the folder. */
export function photoPlace(draftRelative: string, imagePath: string): { file: string; relative: string } {
  const extension = path.extname(imagePath).toLowerCase();
  const file = `foto/${path.basename(draftRelative, ".md")}${extension === ".jpeg" ? ".jpg" : extension}`;
  const problem = photoPathProblem(file);
  if (problem !== undefined) throw new SettingsError(`--image "${imagePath}": ${problem}`);
  return { file, relative: path.join(path.dirname(draftRelative), file) };
}

/** A photo copied by `placePhoto`: remove it again when the draft cannot be written. */
export interface PlacedPhoto {
  /** True when this run wrote the file (it was not there with the same bytes). */
  written: boolean;
  undo(): Promise<void>;
}

/**
 * Copies `source` to `dest` (absolute). Throws an Error with a message for the editor when the
 * source cannot be read, is too large or not a photo, or `dest` holds a different file.
 */
export async function placePhoto(source: string, dest: string, shown: { source: string; dest: string }): Promise<PlacedPhoto> {
  const stat = await fs.stat(source).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${shown.source}: cannot read the photo (${error.code === "ENOENT" ? "no such file" : String(error.code ?? error)})`, { cause: error });
  });
  if (!stat.isFile()) throw new Error(`${shown.source}: not a file; --image takes a photo file`);
  if (stat.size > maxPhotoBytes) throw new Error(`${shown.source}: the photo is larger than ${maxPhotoBytes / 1024 / 1024} MiB; save a smaller copy (a JPEG 2,000 px wide is plenty)`);
  const bytes = await fs.readFile(source).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${shown.source}: cannot read the photo (${String(error.code ?? error)})`, { cause: error });
  });
  const problem = await checkPhotoBytes(bytes);
  if (problem !== undefined) throw new Error(`${shown.source}: not a photo that can be read (${problem}); give a JPEG, PNG, WebP or AVIF file`);
  const existing = await fs.readFile(dest).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing !== undefined) {
    if (existing.equals(bytes)) return { written: false, undo: async () => {} };
    throw new Error(`${shown.dest} already exists with another photo, and the photo is never overwritten; remove or rename it first`);
  }
  await fs.mkdir(path.dirname(dest), { recursive: true });
  await fs.writeFile(dest, bytes, { flag: "wx" });
  return { written: true, undo: () => fs.rm(dest, { force: true }) };
}
