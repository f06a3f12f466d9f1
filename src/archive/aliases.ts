/**
 * Old URLs of articles (`aliases` in front matter) and the redirects they make: each alias becomes
 * a small page at the old address (templates/alias.njk: meta refresh and canonical to the article,
 * noindex) and a 301 line in `_redirects` (src/hosting.ts). An alias must name an address no page
 * of the site has, and only one article may claim it: a redirect that shadows a page, or leads to
 * an address that itself redirects, is refused. Pure.
 */
import { outputPathOf } from "../routes.ts";

export interface Redirect {
  /** The old URL, a site path without the path prefix. */
  from: string;
  /** The article's URL now. */
  to: string;
  /** The article's title, for the redirect page. */
  title: string;
  /** The article file that names the alias, for messages. */
  file: string;
}

/** What this module reads of an article. */
export interface AliasedArticle {
  url: string;
  title: string;
  file: string;
  aliases?: readonly string[];
}

/** Site paths no alias may take: folders the build fills itself and files hosts read. */
const reservedPrefixes = ["/assets/", "/pagefind/", "/_headers", "/_redirects"];

/** One redirect per alias of the articles, ordered by old URL (then file, so duplicates sit together). */
export function redirectsOf(articles: readonly AliasedArticle[]): Redirect[] {
  const redirects: Redirect[] = [];
  for (const article of articles) {
    for (const from of article.aliases ?? []) redirects.push({ from, to: article.url, title: article.title, file: article.file });
  }
  return redirects.sort((a, b) => compare(a.from, b.from) || compare(a.file, b.file));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every problem with `redirects`, one line each naming the file and the alias, with the fix.
 * `pages` are the output paths of everything else the site holds (pages, feeds, assets);
 * `articleFiles` maps an article URL to its file, to say whose URL an alias took.
 */
export function aliasProblems(redirects: readonly Redirect[], pages: Iterable<string>, articleFiles: ReadonlyMap<string, string>): string[] {
  const taken = new Set(pages);
  const problems: string[] = [];
  const claimed = new Map<string, Redirect>();
  for (const redirect of redirects) {
    const where = `${redirect.file}: field "aliases": "${redirect.from}"`;
    const output = outputPathOf(redirect.from);
    const first = claimed.get(output);
    if (redirect.from === redirect.to) {
      problems.push(`${where} is the article's own URL; remove it from aliases`);
    } else if (reservedPrefixes.some((prefix) => redirect.from.startsWith(prefix))) {
      problems.push(`${where} lies in ${reservedPrefixes.find((prefix) => redirect.from.startsWith(prefix))}, which the build writes itself; remove it from aliases`);
    } else if (articleFiles.has(redirect.from)) {
      problems.push(
        `${where} is the URL of another article (${articleFiles.get(redirect.from)}): a redirect there would hide that article, and its own aliases would redirect to a redirect; remove it from aliases`,
      );
    } else if (taken.has(output)) {
      problems.push(`${where} is the URL of a page of the site (${output}); an alias must name an address no page has; remove it from aliases`);
    } else if (first !== undefined) {
      problems.push(`${where} is also an alias of ${first.file}; one old URL can redirect to one article only: remove it from one of them`);
    } else {
      claimed.set(output, redirect);
    }
  }
  return problems;
}
