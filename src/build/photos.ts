/**
 * Article photos: every `image.file` of the archive checked, processed once and kept by content.
 *
 * `preparePhotos` runs while the site loads, before anything is staged. For each article that
 * names a photo it resolves the file (relative to the article, inside the articles folder, also
 * through symbolic links), checks its size, takes its content digest (a stat when the file is as
 * it was, src/build/cache.ts) and looks the photo up in the photo store by its key: the digest and
 * the recipe (widths, formats, encoder settings, sharp's and libvips' versions). A photo not in the
 * store is decoded and encoded by @11ty/eleventy-img (sharp underneath) in every width and format
 * and kept there, so a warm build or an added article encodes nothing it encoded before. Every
 * problem of every photo is reported in one run, as the schema's are, with file and field.
 *
 * Processed photos are outputs of the build like pages: each file's output path
 * (/foto/<key>-<width>.<ext>, src/routes.ts) carries its key, its fingerprint is the key, and the
 * pipeline copies those to write from the store into the staging folder (`copyPhotos`); the rest
 * are carried over as hard links, and the files of a photo no article shows any more are dropped.
 *
 * The store is one folder per articles folder in the cache (`<folder>-<hash>.photos/`): the
 * encoded files under `foto/` and an index of the processed photos. A build keeps there only the
 * photos its articles name (drafts included, so the dev server and a production build share them).
 */
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Article } from "../content/schema.ts";
import { maxPhotoBytes, resolvePhotoFile, type Photo, type PhotoVariant } from "../content/photo.ts";
import { ArchiveError, ArticleError } from "../errors.ts";
import { fileConcurrency, mapLimit } from "../limit.ts";
import { outputPathOf, photoUrl } from "../routes.ts";
import { cacheFileFor, defaultCacheDir, fileDigest, projectRoot, readCacheFile, saveFileDigests, writeCacheFile, writeFileAtomically } from "./cache.ts";
import { copyFiles } from "./output.ts";

/** The formats of every photo, in the order a browser tries them: AVIF, WebP, then the JPEG fallback. */
const formats = [
  { format: "avif", extension: "avif", type: "image/avif" },
  { format: "webp", extension: "webp", type: "image/webp" },
  { format: "jpeg", extension: "jpg", type: "image/jpeg" },
] as const;

type Format = (typeof formats)[number]["format"];

/**
 * How photos are made. Widths: 400 for small phones, 800 for phones at 2x and the column at 1x,
 * 1200 for phones at 3x and the column at 2x, and Open Graph's recommended 1200 px share image.
 * A photo narrower than a width gets its own width instead (never enlarged).
 */
export const photoRecipe = {
  version: 1,
  widths: [400, 800, 1200],
  // AVIF at effort 1: a third of the time of effort 3 for files ~30 % larger, still half the WebP.
  avif: { quality: 50, effort: 1 },
  webp: { quality: 75 },
  jpeg: { quality: 78, mozjpeg: true },
} as const;

/**
 * The width the photo takes in the article column (templates/assets/style.css): the column's
 * content is 44rem (704 px) wide and the figure's padding and border take 36 px of it; below
 * 736 px the page is the viewport less the 1rem margins.
 */
export const photoSizes = "(min-width: 736px) 668px, calc(100vw - 68px)";

/** The share image of Open Graph and JSON-LD is at most this wide. */
const shareWidth = 1200;

/** What the store keeps of one processed photo: its files' widths and heights per format, smallest first. */
interface PhotoRecord {
  variants: Record<Format, [width: number, height: number][]>;
}

/** The photos of a build. */
export interface PreparedPhotos {
  /** The photo each article that names one shows (by the parsed article). */
  photos: Map<Article, Photo>;
  /** Each photo's key (the fingerprint of its files) and its files' output paths. */
  files: Map<Photo, { key: string; files: string[] }>;
  /** The store folder: the files of `prints` are below it at their output paths. */
  store: string;
}

export interface PhotoOptions {
  /** The articles folder (absolute). */
  articlesDir: string;
  /** The cache folder (default: `defaultCacheDir()`). */
  cacheDir?: string;
  /** The project, whose path names the store (default: `projectRoot`). */
  root?: string;
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

let recipeDigest: string | undefined;

/**
 * Everything besides the source's bytes that shapes a processed file. The versions come from the
 * packages' manifests (sharp's version pins its libvips build), so a build whose photos are all in
 * the store never loads sharp.
 */
function recipeKey(): string {
  const require = createRequire(import.meta.url);
  const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  return (recipeDigest ??= hash(JSON.stringify({ recipe: photoRecipe, sharp: versionOf("sharp"), image: versionOf("@11ty/eleventy-img") })));
}

let imaging: Promise<{ sharp: typeof import("sharp"); Image: typeof import("@11ty/eleventy-img").default }> | undefined;

/**
 * sharp (with libvips, ~40 MB resident) and eleventy-img, loaded on first use: most builds encode
 * no photo, and the capped renderer and the process that starts it should not hold them.
 */
function loadImaging() {
  return (imaging ??= Promise.all([import("sharp"), import("@11ty/eleventy-img")]).then(([sharpModule, imageModule]) => ({ sharp: sharpModule.default, Image: imageModule.default })));
}

/** The key of a photo: its content digest and the recipe. Names its files. */
export function photoKey(contentDigest: string): string {
  return hash(`${recipeKey()}\u0000${contentDigest}`).slice(0, 24);
}

function fileName(key: string, format: Format, width: number): string {
  return `${key}-${width}.${formats.find((entry) => entry.format === format)!.extension}`;
}

/** The output paths of a photo's files ("foto/<key>-400.avif", …). */
function outputPaths(key: string, record: PhotoRecord): string[] {
  return formats.flatMap(({ format }) => record.variants[format].map(([width]) => outputPathOf(photoUrl(fileName(key, format, width)))));
}

/** The store of `articlesDir`'s photos. */
export function photoStoreDir(articlesDir: string, cacheDir: string = defaultCacheDir(), root: string = projectRoot): string {
  return cacheFileFor(articlesDir, ".photos", cacheDir, root);
}

const indexMeta = JSON.stringify({ of: "photo index", layout: 1 });

async function readIndex(store: string): Promise<Map<string, PhotoRecord>> {
  const content = await readCacheFile(path.join(store, "index.v8"));
  return content?.meta === indexMeta && content.value instanceof Map ? (content.value as Map<string, PhotoRecord>) : new Map();
}

/**
 * Decodes `source` and encodes it in every width and format into the store, each file through a
 * temporary file and a rename. Throws when it is not a photo sharp can read.
 */
async function processPhoto(source: Buffer, key: string, store: string): Promise<PhotoRecord> {
  const { Image } = await loadImaging();
  const stats = await Image(source, {
    widths: [...photoRecipe.widths],
    formats: formats.map((entry) => entry.format),
    // A transparent PNG still gets a JPEG (on black): every photo needs the fallback.
    formatFiltering: false,
    dryRun: true,
    useCache: false,
    fixOrientation: true,
    filenameFormat: (_id, _src, width, format) => fileName(key, format as Format, width),
    sharpAvifOptions: { ...photoRecipe.avif },
    sharpWebpOptions: { ...photoRecipe.webp },
    sharpJpegOptions: { ...photoRecipe.jpeg },
  });
  const variants = {} as PhotoRecord["variants"];
  for (const { format } of formats) {
    const files = [...(stats[format] ?? [])].sort((a, b) => a.width - b.width);
    if (files.length === 0) throw new Error(`no ${format} output`);
    for (const file of files) await writeFileAtomically(path.join(store, outputPathOf(photoUrl(file.filename))), file.buffer!);
    variants[format] = files.map((file) => [file.width, file.height]);
  }
  return { variants };
}

/** What a page shows of a processed photo. */
function photoView(key: string, record: PhotoRecord, alt: string): Photo {
  const variantsOf = (format: Format): PhotoVariant[] => record.variants[format].map(([width, height]) => ({ url: photoUrl(fileName(key, format, width)), width, height }));
  const fallback = variantsOf("jpeg");
  const share = [...fallback].reverse().find((variant) => variant.width <= shareWidth) ?? fallback[0]!;
  return {
    alt,
    sizes: photoSizes,
    sources: formats.filter(({ format }) => format !== "jpeg").map(({ format, type }) => ({ type, candidates: variantsOf(format) })),
    fallback,
    share,
  };
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A photo file checked and digested: its path and content digest. */
interface Source {
  path: string;
  digest: string;
}

/** The photo file `article` names, checked; throws a problem message for the editor. */
async function checkSource(article: Article, file: string, articlesDir: string, realArticlesDir: string, cacheDir: string): Promise<Source> {
  const shown = path.join(path.dirname(article.file), file);
  const resolved = resolvePhotoFile(articlesDir, path.resolve(article.file), file);
  if ("problem" in resolved) throw new Error(resolved.problem);
  const real = await fs.realpath(resolved.path).catch((error: unknown) => {
    if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") throw new Error(`photo file not found: ${shown}; put the photo there or correct the path (it is relative to the article's file)`);
    throw new Error(`photo file ${shown} cannot be read (${errorCode(error)}); check its permissions`);
  });
  if (!real.startsWith(realArticlesDir + path.sep)) throw new Error(`${shown} is a symbolic link to a place outside the articles folder; copy the photo into the folder instead`);
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw new Error(`${shown} is not a file; name a photo file`);
  if (stat.size === 0) throw new Error(`photo file ${shown} is empty; copy the photo again`);
  if (stat.size > maxPhotoBytes) throw new Error(`photo file ${shown} is ${megabytes(stat.size)}, over the ${megabytes(maxPhotoBytes)} limit; save a smaller copy (a JPEG 2,000 px wide is plenty)`);
  const digest = await fileDigest(real, cacheDir).catch((error: unknown) => {
    throw new Error(`photo file ${shown} cannot be read (${errorCode(error)}); check its permissions`);
  });
  if (digest === undefined) throw new Error(`photo file not found: ${shown}; put the photo there or correct the path`);
  return { path: real, digest };
}

/** Encodings at a time: sharp spreads each over the cores too, so more would only queue. */
const encodeConcurrency = Math.max(1, Math.min(4, os.availableParallelism()));

/**
 * Checks and processes the photo of every article in `articles` that names one (see the module
 * comment). Throws an ArchiveError listing every photo problem, by article file and field
 * `image.file`, before anything is written to the output.
 */
export async function preparePhotos(articles: readonly Article[], options: PhotoOptions): Promise<PreparedPhotos> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const store = photoStoreDir(options.articlesDir, cacheDir, options.root ?? projectRoot);
  const withPhoto = articles.filter((article) => article.image?.file !== undefined);
  const prepared: PreparedPhotos = { photos: new Map(), files: new Map(), store };
  if (withPhoto.length === 0 && !(await fs.stat(store).then(() => true, () => false))) return prepared;

  const index = await readIndex(store);
  const realArticlesDir = await fs.realpath(options.articlesDir);
  const errors: ArticleError[] = [];
  const fail = (article: Article, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    errors.push(new ArticleError(article.file, [{ field: "image.file", message }], { cause: error }));
  };
  const sources = await mapLimit(withPhoto, fileConcurrency, async (article) => {
    try {
      return await checkSource(article, article.image!.file!, options.articlesDir, realArticlesDir, cacheDir);
    } catch (error) {
      fail(article, error);
      return undefined;
    }
  });
  await saveFileDigests(cacheDir);

  // One encoding per key, whichever articles share the photo.
  const keys = sources.map((source) => (source === undefined ? undefined : photoKey(source.digest)));
  const toProcess = new Map<string, { source: Source; articles: Article[] }>();
  withPhoto.forEach((article, i) => {
    const key = keys[i];
    if (key === undefined || index.has(key)) return;
    const entry = toProcess.get(key);
    if (entry) entry.articles.push(article);
    else toProcess.set(key, { source: sources[i]!, articles: [article] });
  });
  const processed = new Map<string, PhotoRecord>();
  await mapLimit([...toProcess], encodeConcurrency, async ([key, { source, articles: sharing }]) => {
    try {
      processed.set(key, await processPhoto(await fs.readFile(source.path), key, store));
    } catch (error) {
      const shown = path.relative(process.cwd(), source.path);
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      for (const article of sharing) fail(article, new Error(`${shown} is not a photo that can be read (${reason}); save it as JPEG, PNG, WebP or AVIF`, { cause: error }));
    }
  });
  if (errors.length > 0) throw new ArchiveError(errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));

  const used = new Map<string, PhotoRecord>();
  withPhoto.forEach((article, i) => {
    const key = keys[i]!;
    const record = index.get(key) ?? processed.get(key)!;
    used.set(key, record);
    const photo = photoView(key, record, article.image!.alt ?? article.image!.caption);
    prepared.photos.set(article, photo);
    prepared.files.set(photo, { key, files: outputPaths(key, record) });
  });

  // The store keeps what these articles name: the files of other photos go, and the index is
  // written when it changed.
  const gone = [...index].filter(([key]) => !used.has(key));
  await mapLimit(gone.flatMap(([key, record]) => outputPaths(key, record)), fileConcurrency, (file) => fs.rm(path.join(store, file), { force: true }).catch(() => {}));
  if (processed.size > 0 || gone.length > 0) {
    const sorted = new Map([...used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeCacheFile(path.join(store, "index.v8"), { meta: indexMeta, value: sorted }).catch(() => {});
  }
  return prepared;
}

/**
 * The output files of the photos `shown` (those of pages of the site), with their fingerprints:
 * the outputs of the build besides pages and assets.
 */
export function photoPrints(photos: PreparedPhotos, shown: Iterable<Photo>): Map<string, string> {
  const prints = new Map<string, string>();
  for (const photo of shown) {
    const entry = photos.files.get(photo);
    if (entry !== undefined) for (const file of entry.files) prints.set(file, entry.key);
  }
  return new Map([...prints].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Copies the processed files `files` (output paths of `photoPrints`) into `staging`. A file
 * missing from the store (deleted by hand) is a miss: the index forgets it and the build says so.
 */
export async function copyPhotos(photos: PreparedPhotos, staging: string, files: readonly string[]): Promise<void> {
  try {
    await copyFiles(photos.store, staging, files);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
    await fs.rm(path.join(photos.store, "index.v8"), { force: true });
    throw new Error(`A processed photo is missing from the build cache (${photos.store}); run the build again to process it anew.`, { cause: error });
  }
}

/** Why `bytes` is not a photo sharp can read, or undefined when it is one (for `--image`, src/authoring/photo.ts). */
export async function checkPhotoBytes(bytes: Buffer): Promise<string | undefined> {
  try {
    const { sharp } = await loadImaging();
    const meta = await sharp(bytes).metadata();
    if (!meta.width || !meta.height) return "it has no size";
    if (!["jpeg", "png", "webp", "heif"].includes(meta.format ?? "")) return `it is ${meta.format ?? "of an unknown format"}`;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split("\n")[0] : String(error);
  }
}
