/**
 * Reads every article file under the articles folder and parses it, collecting every problem in
 * every file before failing, so one run reports them all. Non-Markdown files are skipped with a
 * notice (photo files silently: articles name them); symbolic links to folders or to files outside
 * the folder, files that are not UTF-8, files over the size limit and URL collisions are errors.
 *
 * Files are stat'ed and read with synchronous calls, so one file is open at a time, within at
 * most `fileConcurrency` loads under way (src/limit.ts): an archive of any size loads under an
 * ordinary open-files limit. The folder is listed one folder at a time.
 *
 * Parsed articles are kept between loads by the `ParsedStore` the caller passes (the build's is in
 * src/build/cache.ts): a file whose stat or, failing that, whose content is as it was when parsed
 * is not parsed again. Only parsing is skipped: the folder is listed, every file's links and size
 * are checked and URL collisions are computed over all articles on every load, and a file with
 * problems is never kept, so it is reported every time. Parsing is pure, so a kept article is the
 * value parseArticle would return.
 *
 * Each article comes with its key terms for "Berita terkait" (terms.ts) and, when its body has no
 * read-also lines, its body as HTML (markdown/index.ts), computed when the file is parsed and kept
 * with the article: they depend on its title and body alone. A body with read-also lines links to
 * other articles, so buildArchive renders it against the archive.
 */
import { readFileSync, statSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { ArchiveError, ArticleError } from "../errors.ts";
import { fileConcurrency, mapLimit } from "../limit.ts";
import type { ArticleChanges } from "./changes.ts";
import { renderBodyTemplate, type BodyTemplate } from "./markdown/index.ts";
import { isPhotoFile } from "./photo.ts";
import { parseArticle, type Article } from "./schema.ts";
import { findCollisions } from "./slug.ts";
import { keyTerms } from "./terms.ts";

/** Larger files are refused: no article is this long, and such a file is likely not one. */
export const maxArticleBytes = 8 * 1024 * 1024;

/** What parsing one file gives besides its problems: what a `ParsedStore` keeps. */
export interface ParsedArticle {
  article: Article;
  /** `keyTerms(article.title, article.body)`. */
  keyTerms: readonly string[];
  /** `renderBodyTemplate(article.body)`: the body as HTML, its read-also links left for the archive to fill. */
  body: BodyTemplate;
}

/** One state of a file as its stat tells it: a write changes at least the times. */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** Parsed articles kept between loads, by path relative to the articles folder. */
export interface ParsedStore {
  /**
   * Starts a load. `context` names what shapes a parse besides the file's bytes: the parses kept
   * for another context are not found.
   */
  open(context: string): Promise<ParsedSession>;
}

/** One load's use of a `ParsedStore`: `lookup` or `keep` for each valid file, then `save` once. */
export interface ParsedSession {
  /**
   * The parse kept for the file, if the file is as it was when parsed: the same stat, else the
   * same content, which the store gets through `read` (the load reads the file once either way).
   */
  lookup(relativePath: string, stat: FileStat, read: () => Promise<Uint8Array>): Promise<ParsedArticle | undefined>;
  /** Keeps the parse of a file that had `stat` and `content` when it was read. */
  keep(relativePath: string, stat: FileStat, content: Uint8Array, parsed: ParsedArticle): void;
  /** Keeps the parse kept for a file the caller knows unchanged since it was parsed (the watcher says so), without a stat. */
  retain(relativePath: string): void;
  /**
   * Ends the load: only the files found or kept in it stay. Rejects with a message for the editor
   * when the store cannot be written; the load goes on without it.
   */
  save(): Promise<void>;
}

export interface LoadOptions {
  /** Outlet keys `source` may name. */
  sourceKeys: readonly string[];
  /** Paths in messages are relative to this folder (default: the working folder). */
  cwd?: string;
  /** Parsed articles kept by earlier loads, and where this one keeps its own; without it every file is parsed. */
  store?: ParsedStore;
  /** Called as files are read (every 250 files and at the end), for progress on a terminal. */
  onProgress?: (read: number, total: number) => void;
  /**
   * The files a watcher saw change since the last load with these changes (changes.ts): with it,
   * only those and the files new to the folder are stat'ed and read, the other articles are the
   * last load's. Kept by a long-running caller for all its loads of one folder.
   */
  changes?: ArticleChanges<ParsedArticle>;
}

export interface LoadResult {
  articles: Article[];
  /** `keyTerms(article.title, article.body)` of every article in `articles`. */
  keyTerms: ReadonlyMap<Article, readonly string[]>;
  /** `renderBodyTemplate(article.body)` of every article in `articles`. */
  bodies: ReadonlyMap<Article, BodyTemplate>;
  /** Things worth telling the editor that do not stop the build. */
  notices: string[];
  /** Files parsed by this load, and files whose article was reused (from the store or the last load). */
  files: { parsed: number; reused: number };
  /** Of the reused, the files taken from the last load without a stat, known unchanged (`LoadOptions.changes`). */
  carried: number;
  /** The `file` of each article parsed by this load: new or changed since the last (the dev server renders these first). */
  parsedFiles: ReadonlySet<string>;
}

interface Candidate {
  /** Absolute path. */
  path: string;
  /** Path for messages. */
  display: string;
  /** A symbolic link: the watcher reports a change to its target, not to it, so it is always stat'ed. */
  linked: boolean;
}

async function collectFiles(root: string, cwd: string, notices: string[], errors: ArticleError[]): Promise<Candidate[]> {
  const realRoot = await fs.realpath(root);
  const files: Candidate[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
      const display = path.relative(cwd, dir) || dir;
      errors.push(new ArticleError(display, [{ message: `folder cannot be read (${errorCode(error)}); check its permissions` }], { cause: error }));
      return [];
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const display = path.relative(cwd, full) || full;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await fs.realpath(full).catch(() => undefined);
        if (target === undefined) {
          errors.push(new ArticleError(display, [{ message: "symbolic link to nothing (its target is missing); remove the link" }]));
          continue;
        }
        if (target !== realRoot && !target.startsWith(realRoot + path.sep)) {
          errors.push(new ArticleError(display, [{ message: `symbolic link to a place outside the articles folder; copy the ${isPhotoFile(entry.name) ? "photo" : "article"} into the folder instead` }]));
          continue;
        }
        const stat = await fs.stat(full);
        if (stat.isDirectory()) {
          // Inside the folder it would read articles twice, or forever for a link to a parent.
          errors.push(new ArticleError(display, [{ message: "symbolic link to a folder; remove the link (articles are read from the real folder)" }]));
          continue;
        }
        isDirectory = false;
        isFile = stat.isFile();
      }
      if (isDirectory) {
        if (!entry.name.startsWith(".")) await walk(full);
      } else if (isFile && entry.name.endsWith(".md")) {
        files.push({ path: full, display, linked: entry.isSymbolicLink() });
      } else if (!entry.name.startsWith(".") && !(isFile && isPhotoFile(entry.name))) {
        // Photo files are read by the build when an article names them (src/build/photos.ts).
        notices.push(`${display}: skipped, not an article (only .md files are read)`);
      }
    }
  };
  await walk(root);
  return files;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** 1-based line of the first byte sequence that is not UTF-8 (a line feed is never inside a UTF-8 sequence). */
function firstInvalidUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    try {
      utf8.decode(bytes.subarray(start, stop));
    } catch {
      return line;
    }
    if (end === -1) break;
    line += 1;
    start = end + 1;
  }
  return line;
}

interface Read {
  parsed: ParsedArticle;
  /** False when the article was reused. */
  fresh: boolean;
}

async function readArticle(file: Candidate, relative: string, sourceKeys: readonly string[], kept: ParsedSession | undefined): Promise<Read> {
  // Size first, so an oversized file is never read into memory. Synchronous, as is the read: an
  // article is a few kilobytes, and a call through the thread pool costs the main thread several
  // times what the call does (10,000 stat calls: ~40 ms so, ~150 ms through the pool; 10,000
  // reads: ~0.1 s so, ~0.5 s through the pool, and loading 10,000 articles took 4.5 s instead of 3.1).
  const { size, mtimeMs, ctimeMs, ino } = statSync(file.path);
  if (size > maxArticleBytes) {
    const limit = `${maxArticleBytes} bytes (${maxArticleBytes / 1048576} MiB)`;
    throw new ArticleError(file.display, [{ message: `file has ${size} bytes, over the limit of ${limit} for one article; split it or remove what is not article text` }]);
  }
  const stat: FileStat = { size, mtimeMs, ctimeMs, ino };
  let content: Promise<Uint8Array> | undefined;
  const read = () => (content ??= Promise.resolve().then(() => readFileSync(file.path)));
  const found = await kept?.lookup(relative, stat, read);
  if (found !== undefined) return { parsed: found, fresh: false };
  const bytes = await read();
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    const line = firstInvalidUtf8Line(bytes);
    throw new ArticleError(file.display, [{ line, message: "file is not valid UTF-8 text; save it again with UTF-8 encoding (this line has the first bad bytes)" }], { cause: error });
  }
  const article = parseArticle(text, file.display, sourceKeys);
  const parsed: ParsedArticle = { article, keyTerms: keyTerms(article.title, article.body), body: renderBodyTemplate(article.body) };
  kept?.keep(relative, stat, bytes, parsed);
  return { parsed, fresh: true };
}

/** True when a changed path is a folder that holds listed files: which of them changed is unknown. */
function holdsListedFiles(changed: ReadonlySet<string>, listed: readonly string[]): boolean {
  if (changed.size === 0) return false;
  const folders = new Set<string>();
  for (const file of listed) {
    for (let folder = path.dirname(file); folder !== "." && !folders.has(folder); folder = path.dirname(folder)) folders.add(folder);
  }
  return [...changed].some((changedPath) => folders.has(path.normalize(changedPath)));
}

/** Articles whose URLs collide, as one error per file naming the others. */
function urlCollisionErrors(articles: readonly Article[]): ArticleError[] {
  const errors: ArticleError[] = [];
  for (const [url, group] of findCollisions(articles, (article) => article.url)) {
    for (const article of group) {
      const others = group.filter((other) => other !== article).map((other) => other.file).join(", ");
      errors.push(new ArticleError(article.file, [{ field: "slug", message: `URL ${url} is also used by ${others}; give one of them a different "slug:"` }]));
    }
  }
  return errors;
}

export async function loadArticles(dir: string, options: LoadOptions): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const notices: string[] = [];
  const errors: ArticleError[] = [];
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new ArchiveError([new ArticleError(path.relative(cwd, dir) || dir, [{ message: "articles folder not found; create it or set ARTICLES_DIR" }])]);
  }
  const folder = path.resolve(dir);
  // A parse depends on the outlet keys, and names its file as messages show it, from the working folder.
  const context = JSON.stringify({ outlets: options.sourceKeys, folder: path.relative(cwd, folder) });
  // Taken before the folder is listed: a change made from now on is the next load's.
  const since = options.changes?.begin(context);
  const files = await collectFiles(dir, cwd, notices, errors);
  const relatives = files.map((file) => path.relative(folder, file.path));
  const carried = since === undefined || holdsListedFiles(since.changed, relatives) ? undefined : since;

  const kept = await options.store?.open(context);
  let read = 0;
  const counted = () => {
    read += 1;
    if (read % 250 === 0 || read === files.length) options.onProgress?.(read, files.length);
  };
  const settled: PromiseSettledResult<Read>[] = new Array(files.length);
  const toRead: number[] = [];
  let carriedCount = 0;
  files.forEach((file, index) => {
    const relative = relatives[index]!;
    const last = file.linked || carried === undefined || carried.changed.has(relative) ? undefined : carried.parsed.get(relative);
    if (last === undefined) return void toRead.push(index);
    kept?.retain(relative);
    carriedCount += 1;
    settled[index] = { status: "fulfilled", value: { parsed: last, fresh: false } };
    counted();
  });
  await mapLimit(toRead, fileConcurrency, async (index) => {
    settled[index] = await readArticle(files[index]!, relatives[index]!, options.sourceKeys, kept).finally(counted).then(
      (value): PromiseSettledResult<Read> => ({ status: "fulfilled", value }),
      (reason: unknown): PromiseSettledResult<Read> => ({ status: "rejected", reason }),
    );
  });
  const articles: Article[] = [];
  const terms = new Map<Article, readonly string[]>();
  const bodies = new Map<Article, BodyTemplate>();
  const parsedFiles = new Set<string>();
  const found = new Map<string, ParsedArticle>();
  settled.forEach((result, index) => {
    if (result.status === "fulfilled") {
      const { article, keyTerms: articleTerms, body } = result.value.parsed;
      articles.push(article);
      terms.set(article, articleTerms);
      bodies.set(article, body);
      if (result.value.fresh) parsedFiles.add(article.file);
      found.set(relatives[index]!, result.value.parsed);
    } else if (result.reason instanceof ArticleError) errors.push(result.reason);
    else errors.push(new ArticleError(files[index]!.display, [{ message: `cannot be read: ${String(result.reason)}` }], { cause: result.reason }));
  });
  // Also when some files have problems: fixing one should not mean parsing all the others again.
  await kept?.save().catch((error: unknown) => {
    notices.push(error instanceof Error ? error.message : String(error));
  });
  // A file with problems is not among them: it is read again next time.
  options.changes?.end(context, found);

  errors.push(...urlCollisionErrors(articles));
  if (errors.length > 0) {
    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    throw new ArchiveError(errors);
  }
  return { articles, keyTerms: terms, bodies, notices, files: { parsed: parsedFiles.size, reused: articles.length - parsedFiles.size }, carried: carriedCount, parsedFiles };
}
