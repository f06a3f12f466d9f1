/**
 * `npm run check`: a finished output folder's own integrity, before it is uploaded. Every internal
 * link and fragment resolves to a file and an id that were written; every `_redirects` rule leads
 * to a page (not to another redirect); the sitemap index leads to well-formed child sitemaps of at
 * most 50,000 URLs, every URL they list has its file and every indexable page is in one of them;
 * every feed parses and its entries lead to pages. The link reading is the one
 * tests/links.test.ts uses (src/host/links.ts). Reads only; never changes the folder.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parseRedirects, redirectsFile } from "../hosting.ts";
import { maxSitemapUrls } from "../routes.ts";
import { readSiteLinks, resolveLink, type SiteLinks } from "./links.ts";

export interface CheckReport {
  /** One line per problem, each naming the file and what is wrong. */
  problems: string[];
  /** What was looked at, for the summary. */
  counted: { pages: number; links: number; fragments: number; redirects: number; sitemap: number; feeds: number };
}

/** Where a site path or absolute URL lands in the output folder: "x/" → "x/index.html"; undefined outside the site. */
function fileOf(value: string, siteUrl: string): string | undefined {
  const base = new URL(siteUrl);
  const url = new URL(value, base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return undefined;
  const relative = decodeURIComponent(url.pathname.slice(base.pathname.length));
  return relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative;
}

const noindex = /<meta name="robots" content="[^"]*noindex/;

function checkLinks(links: SiteLinks, siteUrl: string, problems: string[]): { links: number; fragments: number } {
  let internal = 0;
  let fragments = 0;
  for (const link of links.links) {
    const resolved = resolveLink(link, siteUrl, links.files);
    if (resolved.target === undefined && resolved.problem === undefined) continue;
    internal += 1;
    const where = `${link.from}: <${link.tag} ${link.attribute}="${link.value}">`;
    if (resolved.problem !== undefined) {
      problems.push(`${where} ${resolved.problem}`);
    } else if (resolved.fragment !== undefined && resolved.target!.endsWith(".html")) {
      fragments += 1;
      if (!links.ids.get(resolved.target!)?.has(resolved.fragment)) problems.push(`${where} names the fragment #${resolved.fragment}, but ${resolved.target} has no element with that id`);
    }
  }
  return { links: internal, fragments };
}

async function readText(file: string): Promise<string | undefined> {
  return fs.readFile(file, "utf8").catch(() => undefined);
}

async function checkRedirects(dir: string, siteUrl: string, files: ReadonlySet<string>, problems: string[]): Promise<number> {
  const text = await readText(path.join(dir, redirectsFile));
  if (text === undefined) return 0;
  let rules;
  try {
    rules = parseRedirects(text);
  } catch (error) {
    problems.push((error as Error).message);
    return 0;
  }
  const sources = new Set(rules.map((rule) => rule.from));
  for (const rule of rules) {
    const where = `${redirectsFile}: ${rule.from} → ${rule.to}:`;
    const target = fileOf(rule.to, siteUrl);
    if (sources.has(rule.to)) problems.push(`${where} the target is itself redirected (a chain); point ${rule.from} at the final page`);
    else if (target === undefined) problems.push(`${where} the target is outside the site ${siteUrl}`);
    else if (!files.has(target)) problems.push(`${where} the target has no file (expected ${target}); the page it names was not built`);
  }
  return rules.length;
}

/**
 * The `<loc>` of every `<item>` under the `<root>` of the XML file `file`, or undefined after
 * naming the problem: missing, not well-formed, or another root.
 */
async function readLocs(dir: string, file: string, root: "sitemapindex" | "urlset", item: "sitemap" | "url", problems: string[]): Promise<string[] | undefined> {
  const xml = await readText(path.join(dir, file));
  if (xml === undefined) {
    problems.push(`${file}: missing`);
    return undefined;
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    problems.push(`${file}: not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
    return undefined;
  }
  const parsed = new XMLParser({ isArray: (_name, jpath) => jpath === `${root}.${item}` }).parse(xml) as Record<string, { [key: string]: { loc?: unknown }[] | undefined } | "" | undefined>;
  const top = parsed[root];
  if (top === undefined) {
    problems.push(`${file}: not a ${root === "sitemapindex" ? "sitemap index" : "sitemap"} (no <${root}> element)`);
    return undefined;
  }
  return (top === "" ? [] : (top[item] ?? [])).map((entry) => String(entry.loc ?? ""));
}

/**
 * sitemap.xml is a sitemap index (src/archive/sitemap.ts): each child it lists must sit beside it,
 * exist, parse and hold at most 50,000 URLs; each URL must have its file; and every page search
 * engines may index must be in some child. Gives the number of page URLs.
 */
async function checkSitemap(dir: string, siteUrl: string, links: SiteLinks, problems: string[]): Promise<number> {
  const index = "sitemap.xml";
  const children = await readLocs(dir, index, "sitemapindex", "sitemap", problems);
  if (children === undefined) return 0;
  if (children.length > 0 && !children.some((loc) => loc.startsWith(siteUrl))) {
    problems.push(`${index}: its URLs start with ${new URL("./", children[0]).origin}…, not with SITE_URL ${siteUrl}; run the check with the SITE_URL and PATH_PREFIX the site was built with`);
    return 0;
  }
  const listed = new Set<string>();
  let urls = 0;
  for (const child of children) {
    const file = fileOf(child, siteUrl);
    // A sitemap may list only URLs at or below its own folder: children sit beside the index.
    if (file === undefined || file.includes("/")) {
      problems.push(`${index}: <loc>${child}</loc> is not at the site root ${siteUrl}, where a sitemap of the whole site must be`);
      continue;
    }
    if (!links.files.has(file)) {
      problems.push(`${index}: <loc>${child}</loc> has no file (expected ${file})`);
      continue;
    }
    const locs = await readLocs(dir, file, "urlset", "url", problems);
    if (locs === undefined) continue;
    urls += locs.length;
    if (locs.length > maxSitemapUrls) problems.push(`${file}: ${locs.length} URLs, more than the ${maxSitemapUrls} a sitemap may hold`);
    for (const loc of locs) {
      const page = fileOf(loc, siteUrl);
      if (page === undefined) problems.push(`${file}: <loc>${loc}</loc> is outside the site ${siteUrl}`);
      else if (!links.files.has(page)) problems.push(`${file}: <loc>${loc}</loc> has no file (expected ${page})`);
      else listed.add(page);
    }
  }
  for (const file of links.htmlFiles) {
    if (listed.has(file) || !file.endsWith("index.html")) continue;
    const html = await readText(path.join(dir, file));
    if (html !== undefined && !noindex.test(html)) problems.push(`${index}: none of its sitemaps lists ${file}, a page search engines may index`);
  }
  return urls;
}

async function checkFeeds(dir: string, siteUrl: string, files: ReadonlySet<string>, problems: string[]): Promise<number> {
  const feeds = [...files].filter((file) => /(^|\/)feed\.(xml|json)$/.test(file)).sort();
  for (const feed of feeds) {
    const text = (await readText(path.join(dir, feed))) ?? "";
    const urls: string[] = [];
    if (feed.endsWith(".xml")) {
      const valid = XMLValidator.validate(text);
      if (valid !== true) {
        problems.push(`${feed}: not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
        continue;
      }
      const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" || name === "link" }).parse(text) as {
        feed?: { id?: unknown; title?: unknown; updated?: unknown; entry?: { id?: unknown; title?: unknown; link?: { "@_href"?: string; "@_rel"?: string }[] }[] };
      };
      if (parsed.feed === undefined) {
        problems.push(`${feed}: not an Atom feed (no <feed> element)`);
        continue;
      }
      for (const field of ["id", "title", "updated"] as const) if (parsed.feed[field] === undefined) problems.push(`${feed}: the feed lacks <${field}>`);
      for (const [index, entry] of (parsed.feed.entry ?? []).entries()) {
        if (entry.id === undefined || entry.title === undefined) problems.push(`${feed}: entry ${index + 1} lacks <id> or <title>`);
        const link = (entry.link ?? []).find((candidate) => (candidate["@_rel"] ?? "alternate") === "alternate")?.["@_href"];
        if (link === undefined) problems.push(`${feed}: entry ${index + 1} has no alternate link`);
        else urls.push(link);
      }
    } else {
      let parsed: { version?: unknown; title?: unknown; items?: { id?: unknown; url?: unknown }[] };
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch (error) {
        problems.push(`${feed}: not valid JSON (${(error as Error).message})`);
        continue;
      }
      if (typeof parsed.version !== "string" || !parsed.version.startsWith("https://jsonfeed.org/version/")) problems.push(`${feed}: "version" is not a JSON Feed version URL`);
      if (typeof parsed.title !== "string") problems.push(`${feed}: lacks "title"`);
      if (!Array.isArray(parsed.items)) problems.push(`${feed}: lacks "items"`);
      for (const [index, item] of (parsed.items ?? []).entries()) {
        if (typeof item.id !== "string") problems.push(`${feed}: item ${index + 1} lacks "id"`);
        if (typeof item.url === "string") urls.push(item.url);
      }
    }
    for (const url of urls) {
      const file = fileOf(url, siteUrl);
      if (file !== undefined && !files.has(file)) problems.push(`${feed}: links ${url}, which has no file (expected ${file})`);
    }
  }
  return feeds.length;
}

/** Checks the output folder `dir` of a site built for `siteUrl` (SITE_URL, with the path prefix). */
export async function checkOutput(dir: string, siteUrl: string): Promise<CheckReport> {
  const problems: string[] = [];
  const links = await readSiteLinks(dir);
  const linkCounts = checkLinks(links, siteUrl, problems);
  const redirects = await checkRedirects(dir, siteUrl, links.files, problems);
  const sitemap = await checkSitemap(dir, siteUrl, links, problems);
  const feeds = await checkFeeds(dir, siteUrl, links.files, problems);
  return { problems, counted: { pages: links.htmlFiles.length, ...linkCounts, redirects, sitemap, feeds } };
}
