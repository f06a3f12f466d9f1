/**
 * The URLs the site has published, kept in `urls.lock` (src/build/url-lock.ts): a cited article URL
 * must keep working. Every URL in the lock must still be served, as an article or as an alias of
 * one (src/archive/aliases.ts), unless its removal is confirmed; new article URLs and aliases join
 * the lock after a build that succeeds. Pure.
 */
import type { Redirect } from "./aliases.ts";

/** What this module reads of an article. */
export interface LockedArticle {
  url: string;
  file: string;
}

export interface LockCheck {
  /** One message per published URL that would stop working, naming the fix. */
  problems: string[];
  /** The lock after this build: sorted, one entry per URL. */
  next: string[];
}

/** "/2017/08/04/x/" → "/2017/08/04/": the day an article URL is filed under, if it has one. */
function dayOf(url: string): string | undefined {
  return /^\/\d{4}\/\d{2}\/\d{2}\//.exec(url)?.[0];
}

function sorted(urls: Iterable<string>): string[] {
  return [...new Set(urls)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Compares the locked URLs with what the site serves now. A URL that is gone is paired, when it can
 * be told, with the article that took a new URL (same day, or the only one), so the message names
 * both and the alias to add. `confirmedRemovals` are URLs the editor removed on purpose
 * (`--remove-url`): they leave the lock.
 */
export function checkUrlLock(locked: readonly string[], articles: readonly LockedArticle[], redirects: readonly Redirect[], confirmedRemovals: ReadonlySet<string> = new Set()): LockCheck {
  const lockedSet = new Set(locked);
  const served = new Set([...articles.map((article) => article.url), ...redirects.map((redirect) => redirect.from)]);
  const gone = sorted(locked.filter((url) => !served.has(url) && !confirmedRemovals.has(url)));
  const fresh = articles.filter((article) => !lockedSet.has(article.url));
  const problems = gone.map((url) => {
    const sameDay = fresh.filter((article) => dayOf(article.url) === dayOf(url));
    const successor = sameDay.length === 1 ? sameDay[0] : gone.length === 1 && fresh.length === 1 ? fresh[0] : undefined;
    const remove = `or, if it is gone on purpose, confirm: npm run build -- --remove-url=${url}`;
    if (successor !== undefined) {
      return `URL changed: ${url} → ${successor.url} (${successor.file}). The old URL was published (urls.lock) and would break.\n` +
        `  Fix: add  aliases: ["${url}"]  to ${successor.file}, ${remove}`;
    }
    return `URL gone: ${url} was published (urls.lock) and no article or alias has it now.\n` +
      `  Fix: add  aliases: ["${url}"]  to the article that now has it, ${remove}`;
  });
  const kept = locked.filter((url) => served.has(url) || !confirmedRemovals.has(url));
  return { problems, next: sorted([...kept, ...served]) };
}
