/**
 * The build cache: everything kept between builds, in `.cache/arsip/` (ARSIP_CACHE_DIR moves it).
 * Nothing in it is needed. A missing, damaged or foreign entry is a miss, and an entry that cannot
 * be written only makes the next build slower.
 *
 * - **Files** are written through a temporary file and a rename, so a reader, or a build running
 *   at the same time, sees the old file or the new one. Each starts with a meta record holding
 *   every reason to throw it away (the cache layout, the Node version, the code, the outlets...),
 *   compared whole when it is read.
 * - **File digests** are content hashes remembered with the file's stat: a file whose stat is as
 *   remembered costs a stat, any other is read and hashed. A cache restored onto a fresh clone,
 *   where every time and inode is new, so still gives the same digests.
 * - **One key recipe**, `renderKey`: the digests of every file that can change a byte of output
 *   (all of src/, .eleventy.ts, package-lock.json, templates/ but its static assets), the Node
 *   version and the settings pages show. Static assets have a digest each (`assetDigests`), which
 *   names them (src/build/assets.ts): pages link those names, so the pipeline adds them to the
 *   pages' key, not to the search index's. The code's part is taken
 *   once per process, as the code that runs is the code that was loaded: a dev server whose src/
 *   is edited under it keeps rendering with, and keying by, its old code until it restarts.
 * - **Parsed articles** (`parsedStore`), the `ParsedStore` of src/content/load.ts: per articles
 *   folder, a folder with one file per top folder of articles (a year), articles found by relative
 *   path and stat, else by relative path and content digest, so a fresh checkout reuses them too.
 * - **Search bundles** (`searchCache`), the `BundleCache` of src/search/search-index.ts: Pagefind's
 *   bundles per output folder, named by shard, fingerprint and indexer key.
 */
import { createHash } from "node:crypto";
import type { Stats } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";
import type { FileStat, ParsedArticle, ParsedSession, ParsedStore } from "../content/load.ts";
import { fileConcurrency, mapLimit } from "../limit.ts";
import { pagefindBinary, type BundleCache } from "../search/search-index.ts";
import { assetsDir, templatesDir, type Settings } from "../settings.ts";
import { copyFiles, listFiles } from "./output.ts";

/** What loadArticles takes, which `parsedStore` makes. */
export type { ParsedStore };

/** Changes when the layout of any cache file changes: every file written before is then a miss. */
export const cacheVersion = 6;

/** This project: the folder above src/. */
export const projectRoot = path.resolve(import.meta.dirname, "..", "..");

/** Where the cache is and which project it serves. */
export interface CacheOptions {
  /** The cache folder (default: `defaultCacheDir()`). */
  dir?: string;
  /**
   * The project (default: `projectRoot`): its code makes the keys, and folders inside it name their
   * cache files by their path relative to it, so a moved or freshly cloned project finds them.
   */
  root?: string;
}

/** ARSIP_CACHE_DIR, else `.cache/arsip/` in the working folder (the project root for npm scripts). */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  const configured = env.ARSIP_CACHE_DIR?.trim();
  return configured ? path.resolve(configured) : path.resolve(".cache", "arsip");
}

/** sha256 of `data`, base64url: the one hash of the cache. */
function hash(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("base64url");
}

/**
 * The cache file for `folder`: its name, for people listing the cache, then a hash of its path
 * relative to `root` (of its absolute path when it is outside), so that two folders with one name
 * never share a file and a project moved or cloned elsewhere finds its own.
 */
export function cacheFileFor(folder: string, extension: string, dir: string = defaultCacheDir(), root: string = projectRoot): string {
  const resolved = path.resolve(folder);
  const relative = path.relative(path.resolve(root), resolved);
  const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  const id = createHash("sha1").update(inside ? relative.split(path.sep).join("/") : resolved).digest("hex").slice(0, 12);
  return path.join(dir, `${path.basename(resolved)}-${id}${extension}`);
}

let temporaries = 0;

/** A name beside `file` that no other write, in this process or another, uses. */
function temporaryBeside(file: string): string {
  temporaries += 1;
  return `${file}.${process.pid}-${temporaries}.tmp`;
}

/**
 * Writes `file` through a temporary file and a rename: readers, and builds running at the same
 * time, see the old file or the new one, never a mix.
 */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryBeside(file);
  try {
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Every reason to throw a cache file away; the file is used only when all are equal. */
type Meta = Record<string, unknown>;

/** The meta record as it is written and compared: the cache layout first. */
function metaRecord(meta: Meta): string {
  return JSON.stringify({ layout: cacheVersion, ...meta });
}

/** What a cache file holds: its meta record and its value. */
export interface CacheFile {
  meta: string;
  value: unknown;
}

/**
 * The content of `file`; undefined when it is missing or damaged. Stored with node:v8 serialize,
 * which keeps what JSON would drop (keys whose value is `undefined`, as zod returns them) and is
 * faster: for 10,000 articles (34 MB) ~50 ms to serialize and ~55 ms to read back, against ~270 ms
 * and ~190 ms for JSON.
 */
export async function readCacheFile(file: string): Promise<CacheFile | undefined> {
  try {
    const stored = v8.deserialize(await fs.readFile(file)) as Partial<CacheFile> | null;
    if (typeof stored === "object" && stored !== null && typeof stored.meta === "string") return { meta: stored.meta, value: stored.value };
  } catch {
    // Damaged: a miss.
  }
  return undefined;
}

export async function writeCacheFile(file: string, content: CacheFile): Promise<void> {
  await writeFileAtomically(file, v8.serialize(content));
}

/** The value kept in `file` for these reasons; undefined when it is missing, damaged or kept for others. */
async function readValue(file: string, meta: Meta): Promise<unknown> {
  const content = await readCacheFile(file);
  return content?.meta === metaRecord(meta) ? content.value : undefined;
}

async function writeValue(file: string, meta: Meta, value: unknown): Promise<void> {
  await writeCacheFile(file, { meta: metaRecord(meta), value });
}

// ---------------------------------------------------------------------------------------------
// File digests

/** A file's digest with the stat it had when it was read. */
export interface FileRecord extends FileStat {
  /** sha256 of the content, base64url. */
  hash: string;
}

/** What in `stats` identifies the file's state. */
function statOf(stats: Stats): FileStat {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

/**
 * True when `a` and `b` are one state of a file. The change time is compared too: nothing can set
 * it back, so a write that keeps the size and restores the modification time still differs.
 */
function sameStat(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/**
 * The record of a file now at `stat`: `known` itself when the stat is unchanged, else the digest of
 * its content, read with `read`. `stat` must be taken before reading: a write after it changes the
 * stat, so the next call reads again rather than trusting a digest of older bytes.
 */
export async function digestFile(known: FileRecord | undefined, stat: FileStat, read: () => Promise<Uint8Array>): Promise<FileRecord> {
  if (known !== undefined && sameStat(known, stat)) return known;
  return { ...stat, hash: hash(await read()) };
}

/**
 * File digests by absolute path, kept in the cache folder (`file-digests.v8`). `save` keeps what
 * this process used, so files that left the project leave the record too.
 */
class FileDigests {
  readonly #file: string;
  readonly #known: Promise<Map<string, FileRecord>>;
  readonly #used = new Map<string, FileRecord>();
  #changed = false;

  constructor(dir: string) {
    this.#file = path.join(dir, "file-digests.v8");
    this.#known = readValue(this.#file, { of: "file digests" }).then((value) => (value instanceof Map ? (value as Map<string, FileRecord>) : new Map()));
  }

  /** The digest of `file`; undefined when it is missing or not a file. */
  async of(file: string): Promise<string | undefined> {
    const stats = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
      throw error;
    });
    if (!stats?.isFile()) return undefined;
    const known = this.#used.get(file) ?? (await this.#known).get(file);
    const record = await digestFile(known, statOf(stats), () => fs.readFile(file));
    if (record !== known) this.#changed = true;
    this.#used.set(file, record);
    return record.hash;
  }

  /** Writes the record when a digest changed; never fails (the record only saves reading). */
  async save(): Promise<void> {
    if (!this.#changed) return;
    this.#changed = false;
    await writeValue(this.#file, { of: "file digests" }, new Map(this.#used)).catch(() => {});
  }
}

/** This process's file digests, per cache folder. */
const fileDigests = new Map<string, FileDigests>();

function digestsIn(dir: string): FileDigests {
  let digests = fileDigests.get(dir);
  if (digests === undefined) fileDigests.set(dir, (digests = new FileDigests(dir)));
  return digests;
}

/** Every file below `dir` (symbolic links included), absolute, sorted; none when it does not exist. */
async function filesBelow(dir: string, exclude?: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const excluded = exclude === undefined ? undefined : exclude + path.sep;
  return entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => excluded === undefined || !file.startsWith(excluded))
    .sort();
}

/** One digest for `files` (absolute): each one's path relative to `root` and content digest; "-" for a missing one. */
async function digestOfFiles(digests: FileDigests, root: string, files: readonly string[]): Promise<string> {
  const each = await mapLimit(files, fileConcurrency, async (file) => [path.relative(root, file).split(path.sep).join("/"), (await digests.of(file)) ?? "-"]);
  return hash(JSON.stringify(each));
}

// ---------------------------------------------------------------------------------------------
// Keys

function rootOf(options: CacheOptions): string {
  return path.resolve(options.root ?? projectRoot);
}

/** The code that runs: every file below src/, .eleventy.ts and package-lock.json (the libraries' versions). */
async function codeFiles(root: string): Promise<string[]> {
  // src/ must be there: without it the key could not tell one version of the code from another.
  await fs.access(path.join(root, "src")).catch((error: unknown) => {
    throw new Error(`${root} has no src/ folder: the cache keys need the project's root (run from the project folder)`, { cause: error });
  });
  return [...(await filesBelow(path.join(root, "src"))), path.join(root, ".eleventy.ts"), path.join(root, "package-lock.json")];
}

/** The code digest per project root, taken once per process (see the module comment). */
const codeDigests = new Map<string, Promise<string>>();

/** The digest of the code that runs. */
function codeDigest(root: string, digests: FileDigests): Promise<string> {
  let digest = codeDigests.get(root);
  if (digest === undefined) {
    digest = codeFiles(root).then((files) => digestOfFiles(digests, root, files));
    codeDigests.set(root, digest);
    digest.catch(() => codeDigests.delete(root));
  }
  return digest;
}

/** The settings that appear in pages. */
export type RenderSettings = Pick<Settings, "siteUrl" | "pathPrefix" | "mode">;

/**
 * The key of everything besides article data that can change a byte of output of the project at
 * `root`: the code (all of src/, .eleventy.ts, package-lock.json) and the Node version, every file
 * under templates/ but templates/assets/, and the settings pages show. Its files' digests cost a
 * stat each when they are unchanged. Equal for two checkouts of one commit, wherever they are.
 */
export async function renderKey(settings: RenderSettings, root: string = projectRoot, cacheDir: string = defaultCacheDir()): Promise<string> {
  root = path.resolve(root);
  const digests = digestsIn(cacheDir);
  const templates = path.join(root, templatesDir);
  const [code, pages] = await Promise.all([codeDigest(root, digests), filesBelow(templates, path.join(templates, assetsDir)).then((files) => digestOfFiles(digests, root, files))]);
  await digests.save();
  return hash(metaRecord({ node: process.version, code, templates: pages, settings: [settings.siteUrl, settings.pathPrefix, settings.mode] }));
}

/**
 * The digest of each static asset (templates/assets/) by its output path ("assets/style.css"),
 * for the manifest beside the pages' and for its content-hashed name (src/build/assets.ts): a
 * changed asset is copied under its new name and a removed one deleted, like a page.
 */
export async function assetDigests(root: string = projectRoot, cacheDir: string = defaultCacheDir()): Promise<Map<string, string>> {
  const templates = path.join(path.resolve(root), templatesDir);
  const digests = digestsIn(cacheDir);
  const files = await filesBelow(path.join(templates, assetsDir));
  const each = await mapLimit(files, fileConcurrency, async (file): Promise<[string, string]> => [path.relative(templates, file).split(path.sep).join("/"), (await digests.of(file)) ?? "-"]);
  await digests.save();
  return new Map(each);
}

/** Forgets the code's digest and the file digests this process read, as a new process starts (for tests). */
export function forgetProcessState(): void {
  codeDigests.clear();
  fileDigests.clear();
}

// ---------------------------------------------------------------------------------------------
// Parsed articles

/**
 * The meta record of parsed articles: the Node version, the digest of the whole code (which holds
 * the lockfile, so the libraries' versions) and the load's context (its outlet keys...). The whole
 * code rather than the modules parsing imports: following imports misses what is read without one
 * (a data file, a dynamic import) and is code of its own to get wrong; any edit to src/ now parses
 * the archive once more (~3.5 s at 10,000 articles), which only a change to the generator causes.
 * Undefined when the code cannot be read: then nobody can tell whether a file is current.
 */
async function parserMeta(context: string, options: CacheOptions): Promise<Meta | undefined> {
  const digests = digestsIn(options.dir ?? defaultCacheDir());
  try {
    const code = await codeDigest(rootOf(options), digests);
    await digests.save();
    return { of: "parsed articles", node: process.version, code, context };
  } catch {
    return undefined;
  }
}

/** An article kept with the record of the file it was parsed from. */
export interface ParsedFile extends FileRecord, ParsedArticle {}

/** Parsed files by path relative to the articles folder. */
export type ParsedFiles = Map<string, ParsedFile>;

/**
 * The shard of the parse cache that keeps the article at `relativePath`: its top folder (a year,
 * in the usual layout), or "" for a file directly in the articles folder.
 */
function shardOf(relativePath: string): string {
  const slash = relativePath.indexOf(path.sep);
  return slash === -1 ? "" : relativePath.slice(0, slash);
}

/** The file of the shard `shard` in the parse cache folder `folder`: the shard's name for people, then a hash of it. */
function shardFile(folder: string, shard: string): string {
  const readable = shard.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 40) || "root";
  return path.join(folder, `${readable}-${createHash("sha1").update(shard).digest("hex").slice(0, 12)}.v8`);
}

/** The shard files in the parse cache folder `folder`. */
async function shardFiles(folder: string): Promise<string[]> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(".v8")).sort().map((name) => path.join(folder, name));
}

/**
 * Parsed articles of one articles folder: in memory while the caller keeps the store (the dev
 * server keeps one for all its updates), and in the cache folder for the next process, one file per
 * top folder of the articles (`shardOf`). The files are brought up to date by the first load of
 * each context, a shard only when one of its articles was parsed, found with a new stat or removed;
 * later loads, the dev server's updates, keep what they parse in memory rather than rewrite files
 * each time: the next process parses just those files again. Shards keep a back-filled article from
 * rewriting the whole cache, and the bytes of the whole archive from being in memory at once while
 * the cache is read or written: at 100,000 articles one file was 537 MB, and writing it took the
 * process from 1.2 to 1.9 GB.
 */
class FolderParseStore implements ParsedStore {
  readonly #folder: string;
  readonly #options: CacheOptions;
  #context: string | undefined;
  #files: ParsedFiles = new Map();

  constructor(folder: string, options: CacheOptions) {
    this.#folder = folder;
    this.#options = options;
  }

  /** Every shard kept for `meta`, one at a time. */
  async #read(meta: Meta): Promise<ParsedFiles> {
    const files: ParsedFiles = new Map();
    for (const file of await shardFiles(this.#folder)) {
      const value = await readValue(file, meta);
      if (value instanceof Map) for (const [relativePath, record] of value as ParsedFiles) files.set(relativePath, record);
    }
    return files;
  }

  /** Writes the shards of `files` that changed, and removes the files of shards with no article left. */
  async #write(meta: Meta, files: ParsedFiles, before: ParsedFiles, changed: ReadonlySet<string>): Promise<void> {
    const shards = new Map<string, ParsedFiles>();
    for (const [relativePath, record] of files) {
      const shard = shardOf(relativePath);
      let kept = shards.get(shard);
      if (kept === undefined) shards.set(shard, (kept = new Map()));
      kept.set(relativePath, record);
    }
    // A shard that lost an article (a file removed or moved) is written too.
    const counts = new Map<string, number>();
    for (const relativePath of before.keys()) {
      const shard = shardOf(relativePath);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    for (const [shard, kept] of shards) {
      if (changed.has(shard) || counts.get(shard) !== kept.size) await writeValue(shardFile(this.#folder, shard), meta, kept);
    }
    const wanted = new Set([...shards.keys()].map((shard) => shardFile(this.#folder, shard)));
    for (const file of await shardFiles(this.#folder)) if (!wanted.has(file)) await fs.rm(file, { force: true });
    // The one file of the layout before shards.
    await fs.rm(`${this.#folder}.v8`, { force: true });
  }

  async open(context: string): Promise<ParsedSession> {
    let meta: Meta | undefined;
    if (context !== this.#context) {
      meta = await parserMeta(context, this.#options);
      this.#files = meta === undefined ? new Map() : await this.#read(meta);
      this.#context = context;
    }
    const before = this.#files;
    const seen: ParsedFiles = new Map();
    /** Shards with an article parsed, or found by content with a new stat. */
    const changed = new Set<string>();
    return {
      lookup: async (relativePath, stat, read) => {
        const kept = before.get(relativePath);
        if (kept === undefined) return undefined;
        const record = await digestFile(kept, stat, read);
        if (record.hash !== kept.hash) return undefined;
        // Found by content: kept with the new stat, so that the next process finds it by stat.
        const found = record === kept ? kept : { ...kept, ...record };
        if (found !== kept) changed.add(shardOf(relativePath));
        seen.set(relativePath, found);
        return found;
      },
      keep: (relativePath, stat, content, parsed) => {
        seen.set(relativePath, { ...stat, hash: hash(content), ...parsed });
        changed.add(shardOf(relativePath));
      },
      retain: (relativePath) => {
        const kept = before.get(relativePath);
        if (kept !== undefined) seen.set(relativePath, kept);
      },
      save: async () => {
        // In path order, as the files were listed, not as their reads ended: the same files, the same bytes.
        const files: ParsedFiles = new Map([...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        if (this.#files === before) this.#files = files;
        // `meta` is known to the first load of a context only: the one that writes the files.
        if (meta === undefined) return;
        await this.#write(meta, files, before, changed).catch((error: NodeJS.ErrnoException) => {
          const relative = path.relative(process.cwd(), this.#folder);
          const shown = relative.startsWith("..") ? this.#folder : relative;
          throw new Error(`${shown}: parse cache not written (${error.code ?? String(error)}); builds work without it, only slower (check the folder's permissions)`, { cause: error });
        });
      },
    };
  }
}

/** The cache folder of the parsed articles of `articlesDir`: one file per shard (`parseCacheFile`). */
export function parseCachePath(articlesDir: string, options: CacheOptions = {}): string {
  return cacheFileFor(articlesDir, ".parsed", options.dir, rootOf(options));
}

/** The file of the parse cache that keeps the article at `relativePath` (relative to `articlesDir`). */
export function parseCacheFile(articlesDir: string, relativePath: string, options: CacheOptions = {}): string {
  return shardFile(parseCachePath(articlesDir, options), shardOf(path.normalize(relativePath)));
}

/**
 * A store of the parsed articles of `articlesDir`, for `loadArticles`: what it finds in the cache
 * file, and what loads keep in it. Keep it for the loads of one process (the dev server's).
 */
export function parsedStore(articlesDir: string, options: CacheOptions = {}): ParsedStore {
  return new FolderParseStore(parseCachePath(articlesDir, options), options);
}

// ---------------------------------------------------------------------------------------------
// Search bundles

/**
 * A shard's bundle is a function of its fingerprint (src/build/plan.ts `fingerprintSearch`: every
 * indexed field of its articles, and the render key), of the code and of the Pagefind binary. A build
 * that needs a shard whose bundle is kept copies it instead of running Pagefind (~0.8 s of a core
 * per 1,000 pages; copying a year's ~260 files takes a few tens of milliseconds): a deploy that
 * restores `.cache/` between builds, or an output folder deleted by hand. The bundle is kept as
 * Pagefind wrote it, before search-index.ts moves its UI files to the bundle root, so a copy goes
 * through the same steps and checks as a fresh run.
 *
 * Bundles live in one folder per output folder (`.cache/arsip/_site-<hash>.search/`), named after
 * their shard and key. A finished build keeps there only the bundles of its current shards
 * (`prune`), so the folder holds one copy of the site's index, ~0.3 MB per 1,000 articles.
 */
export interface SearchBundles extends BundleCache {
  /** The cache folder of the output's bundles. */
  readonly dir: string;
  /** The entry name of each shard's bundle. */
  readonly names: ReadonlyMap<string, string>;
  /** Removes every kept bundle but the current shards': what a finished build does. */
  prune(): Promise<void>;
}

/** The cache folder of the search bundles built for `outputDir`. */
export function searchCacheDir(outputDir: string, options: CacheOptions = {}): string {
  return cacheFileFor(outputDir, ".search", options.dir, rootOf(options));
}

/**
 * The key of what makes bundles besides the pages: the code and the Pagefind binary at `binary`
 * (its content: an upgrade through npm also changes the lockfile, but a binary set with
 * PAGEFIND_BINARY_PATH need not). Undefined when either cannot be read: then nothing is cached.
 */
export async function indexerKey(binary: string, options: CacheOptions = {}): Promise<string | undefined> {
  const digests = digestsIn(options.dir ?? defaultCacheDir());
  try {
    const [code, pagefind] = await Promise.all([codeDigest(rootOf(options), digests), digests.of(path.resolve(binary))]);
    await digests.save();
    return pagefind === undefined ? undefined : hash(metaRecord({ node: process.version, code, pagefind }));
  } catch {
    return undefined;
  }
}

/** The entry name of a shard's bundle: the shard, then a hash of its fingerprint and the indexer key. */
export function bundleName(shard: string, fingerprint: string, indexer: string): string {
  return `${shard}-${createHash("sha1").update(`${indexer}\u0000${fingerprint}`).digest("base64url").slice(0, 22)}`;
}

/** Copies every file below `from` to the same place below `to` (src/build/output.ts does the copying). */
async function copyTree(from: string, to: string): Promise<void> {
  const files = await listFiles(from);
  await fs.mkdir(to, { recursive: true });
  await copyFiles(from, to, files);
}

class FolderBundles implements SearchBundles {
  constructor(
    readonly dir: string,
    readonly names: ReadonlyMap<string, string>,
  ) {}

  async restore(shard: string, dest: string): Promise<boolean> {
    const name = this.names.get(shard);
    if (name === undefined) return false;
    const entry = path.join(this.dir, name);
    if (!(await fs.stat(entry).then((stat) => stat.isDirectory(), () => false))) return false;
    try {
      await copyTree(entry, dest);
      return true;
    } catch {
      await fs.rm(dest, { recursive: true, force: true });
      return false;
    }
  }

  /**
   * Copied beside its place, then renamed, so a reader sees a whole bundle or none. A bundle kept
   * before under the name is replaced: search-index.ts stores only after a bundle it restored
   * failed its check, or after a miss, and a bundle under one name is the same for every build.
   * Never fails: a cache that cannot be written only means Pagefind runs next time.
   */
  async store(shard: string, from: string): Promise<void> {
    const name = this.names.get(shard);
    if (name === undefined) return;
    const entry = path.join(this.dir, name);
    const temporary = temporaryBeside(entry);
    const retired = temporaryBeside(entry);
    try {
      await copyTree(from, temporary);
      await fs.rename(temporary, entry).catch(async (error: NodeJS.ErrnoException) => {
        // Renaming onto a folder that holds files fails: there is a bundle to replace.
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
        await fs.rename(entry, retired);
        await fs.rename(temporary, entry);
      });
    } catch {
      // Not writable, or another build is replacing it too.
    } finally {
      await Promise.all([temporary, retired].map((folder) => fs.rm(folder, { recursive: true, force: true }).catch(() => {})));
    }
  }

  async prune(): Promise<void> {
    const keep = new Set(this.names.values());
    const names = await fs.readdir(this.dir).catch(() => []);
    await mapLimit(names.filter((name) => !keep.has(name)), fileConcurrency, (name) => fs.rm(path.join(this.dir, name), { recursive: true, force: true }).catch(() => {}));
  }
}

/**
 * The kept bundles of `outputDir`'s shards with these fingerprints (shard → print), indexed by the
 * Pagefind at `binary` (default: the one the project installed); undefined when the indexer key
 * cannot be computed, e.g. Pagefind's binary cannot be found, which its first run then reports.
 */
export async function searchCache(outputDir: string, fingerprints: Iterable<[shard: string, print: string]>, options: CacheOptions & { binary?: string } = {}): Promise<SearchBundles | undefined> {
  let binary: string;
  try {
    binary = options.binary ?? pagefindBinary();
  } catch {
    return undefined;
  }
  const key = await indexerKey(binary, options);
  if (key === undefined) return undefined;
  return new FolderBundles(searchCacheDir(outputDir, options), new Map([...fingerprints].map(([shard, print]) => [shard, bundleName(shard, print, key)])));
}

// ---------------------------------------------------------------------------------------------
// Other files

/**
 * The content digest of `file` (sha256, base64url) through the file digests of `cacheDir`: a stat
 * when the file is as it was, else a read. Undefined when it is missing or not a file; a read
 * that fails (permissions) rejects. `saveFileDigests` keeps what was learnt for the next process.
 */
export function fileDigest(file: string, cacheDir: string = defaultCacheDir()): Promise<string | undefined> {
  return digestsIn(cacheDir).of(path.resolve(file));
}

export async function saveFileDigests(cacheDir: string = defaultCacheDir()): Promise<void> {
  await digestsIn(cacheDir).save();
}
