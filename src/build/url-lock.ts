/**
 * `urls.lock`: every URL the site has published, one a line, sorted, committed with the articles so
 * its history is in git (src/archive/url-lock.ts decides what may change). It lives beside the
 * articles folder (`urlsLockFile` in src/settings.ts). A build with no lock file checks nothing
 * until one is made with `npm run build -- --lock-urls`; from then on every production build checks
 * it and, once the new site is in place, adds its new URLs.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { aliasProblems, type Redirect } from "../archive/aliases.ts";
import { UrlError } from "../errors.ts";
import { checkUrlLock, type LockedArticle } from "../archive/url-lock.ts";

/** The locked URLs, or undefined when there is no lock file. Blank lines and "#" comments are skipped. */
export async function readUrlLock(file: string): Promise<string[] | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** The text of a lock file holding `urls` (already sorted). */
export function formatUrlLock(urls: readonly string[]): string {
  return urls.map((url) => `${url}\n`).join("");
}

/** Writes the lock whole (a new file renamed over the old one), unless it holds exactly this already. */
export async function writeUrlLock(file: string, urls: readonly string[]): Promise<boolean> {
  const text = formatUrlLock(urls);
  if ((await fs.readFile(file, "utf8").catch(() => undefined)) === text) return false;
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.writeFile(temporary, text);
  await fs.rename(temporary, file);
  return true;
}

export interface UrlLockOptions {
  /** The lock file (src/settings.ts `urlsLockFile`). */
  file: string;
  /** Make the lock when there is none (`--lock-urls`); without it a missing lock checks nothing. */
  create?: boolean;
  /** Published URLs whose removal the editor confirms (`--remove-url=`). */
  remove?: readonly string[];
}

/**
 * Checks the site's article URLs and aliases against the lock: the problems, and the lock to write
 * once the site is in place (undefined when nothing changes or there is no lock to keep).
 */
export async function checkLock(options: UrlLockOptions, articles: readonly LockedArticle[], redirects: readonly Redirect[]): Promise<{ problems: string[]; update?: { file: string; urls: string[] } }> {
  const locked = await readUrlLock(options.file);
  if (locked === undefined && !options.create) return { problems: [] };
  const { problems, next } = checkUrlLock(locked ?? [], articles, redirects, new Set(options.remove ?? []));
  const same = locked !== undefined && formatUrlLock(locked) === formatUrlLock(next);
  return same ? { problems } : { problems, update: { file: options.file, urls: next } };
}

/**
 * The build's URL checks, before anything is staged: aliases that would shadow another output
 * (`outputs`: every output path but the redirect pages, asked for only when there are aliases)
 * and, with `lock`, published URLs that would break. Throws a `UrlError` naming every problem;
 * resolves with the lock to write once the site is in place, if any.
 */
export async function checkSiteUrls(
  site: { archive: { articles: readonly LockedArticle[] }; redirects: readonly Redirect[] },
  outputs: () => Iterable<string>,
  lock: UrlLockOptions | undefined,
): Promise<{ file: string; urls: string[] } | undefined> {
  const aliases = site.redirects.length === 0 ? [] : aliasProblems(site.redirects, outputs(), new Map(site.archive.articles.map((article) => [article.url, article.file])));
  const locked = lock === undefined ? undefined : await checkLock(lock, site.archive.articles, site.redirects);
  const problems = [...aliases, ...(locked?.problems ?? [])];
  if (problems.length > 0) throw new UrlError(problems);
  return locked?.update;
}
