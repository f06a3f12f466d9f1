/**
 * The parse cache: articles parsed by an earlier build, kept in `.cache/arsip/` so that a new
 * process parses only the files that changed (parsing is most of loading: ~3.5 s of 10,000
 * articles). One file per articles folder holds, per file path relative to the folder, the
 * file's size, times and inode when it was read, the `Article` parseArticle returned, its key
 * terms for "Berita terkait" (terms.ts) and, when the body has no read-also lines, the body as
 * HTML (markdown/index.ts). Both depend on the title and body alone; computing them takes ~0.35 s
 * and ~0.25 s of 10,000 articles, which builds would otherwise pay every time. Only valid files
 * are kept: a file with problems is parsed, and reported, on every build.
 *
 * The whole file is tied to a parser key: a hash of the source text of the modules that read and
 * parse articles (load.ts, schema.ts and everything they import, terms.ts and markdown/ among
 * them), of package-lock.json (the versions of zod, yaml, gray-matter, luxon, slugify, stopword,
 * markdown-it), of the Node version and of the outlet keys. Any change to those ignores the file.
 * So does any problem reading it: the cache is never needed, it only saves time.
 *
 * Stored with node:v8 serialize, which keeps what JSON would drop (keys whose value is
 * `undefined`, as zod returns them) and is faster: for 10,000 articles (34 MB) ~50 ms to
 * serialize and ~55 ms to read back, against ~270 ms and ~190 ms for JSON. The rendered bodies
 * make the file ~45% larger (2,000 articles: 7.3 -> 10.5 MB, read back in ~25 ms instead of ~22).
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";
import { cacheFileFor, hashFiles, moduleClosure, writeFileAtomically } from "./cache-files.ts";
import type { Article } from "../content/schema.ts";

/** Changes when the layout of the cache file changes. */
export const parseCacheVersion = 3;

export interface ParseCacheOptions {
  /** Folder of the cache file (default: `.cache/arsip/` in the working folder, see cache-files.ts). */
  dir?: string;
}

/** What identifies one state of an article file: a change to its content changes one of these. */
export interface FileState {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** An article as parsed from its file in `state`. */
export interface ParsedFile extends FileState {
  article: Article;
  /** `keyTerms(article.title, article.body)`. */
  keyTerms: readonly string[];
  /** `renderStandaloneBody(article.body)`: the body as HTML, `undefined` when it has read-also lines. */
  bodyHtml: string | undefined;
}

/** Parsed files by path relative to the articles folder. */
export type ParsedFiles = Map<string, ParsedFile>;

/** True when the file is in the state it was parsed in, so its article can be reused. */
export function isUnchanged(parsed: FileState, state: FileState): boolean {
  return parsed.size === state.size && parsed.mtimeMs === state.mtimeMs && parsed.ctimeMs === state.ctimeMs && parsed.ino === state.ino;
}

/** The cache file of `articlesDir`. */
export function parseCachePath(articlesDir: string, cacheDir?: string): string {
  return cacheFileFor(articlesDir, ".parsed.v8", cacheDir);
}

const projectRoot = path.resolve(import.meta.dirname, "../..");

export interface ParserInputs {
  /** Modules whose source, with every module they import, shapes an Article, its key terms or its body's HTML. */
  modules: readonly string[];
  /** Other files that do: the lockfile, for the libraries' versions. */
  files: readonly string[];
}

/** What shapes an Article, its key terms and its body's HTML besides the file: the loading and parsing modules, and the lockfile. */
export const parserInputs: ParserInputs = {
  modules: [path.join(projectRoot, "src", "content", "load.ts"), path.join(projectRoot, "src", "content", "schema.ts")],
  files: [path.join(projectRoot, "package-lock.json")],
};

const digests = new Map<string, Promise<string | undefined>>();

/** Hash of the inputs, once per process (the code does not change while it runs). */
function inputsDigest(inputs: ParserInputs): Promise<string | undefined> {
  const id = JSON.stringify(inputs);
  let digest = digests.get(id);
  if (digest === undefined) {
    digest = moduleClosure(inputs.modules)
      .then((modules) => hashFiles([...modules, ...inputs.files]))
      .catch(() => undefined);
    digests.set(id, digest);
  }
  return digest;
}

/**
 * The key a cache file must carry to be used with these outlet keys; `undefined` when the parsing
 * code cannot be read (then nobody can tell whether a cache is current, and none is used).
 */
export async function parserKey(sourceKeys: readonly string[], inputs: ParserInputs = parserInputs): Promise<string | undefined> {
  const digest = await inputsDigest(inputs);
  if (digest === undefined) return undefined;
  return createHash("sha1").update(JSON.stringify([parseCacheVersion, process.version, digest, sourceKeys])).digest("base64url");
}

interface CacheContent {
  key: string;
  files: ParsedFiles;
}

/** The parsed files in `file` when it was written with `key`; none when it is missing, damaged or for another key. */
export async function readParseCache(file: string, key: string): Promise<ParsedFiles> {
  try {
    const content = v8.deserialize(await fs.readFile(file)) as Partial<CacheContent> | null;
    if (content?.key === key && content.files instanceof Map) return content.files;
  } catch {
    // A missing or unreadable file is an empty cache.
  }
  return new Map();
}

export async function writeParseCache(file: string, key: string, files: ParsedFiles): Promise<void> {
  const content: CacheContent = { key, files };
  await writeFileAtomically(file, v8.serialize(content));
}
