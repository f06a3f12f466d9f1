/**
 * A built site's links, for `npm run check` (src/host/check.ts) and tests/links.test.ts: every
 * href and src of every HTML file, and how each resolves when the site is served at its SITE_URL.
 */
import fs from "node:fs/promises";
import path from "node:path";

/** Every file below `dir` whose name ends in `.html`, relative with "/" separators, sorted. */
export async function listHtmlFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

export interface Link {
  /** Site file the link is in, e.g. "topik/index.html". */
  from: string;
  tag: string;
  attribute: string;
  value: string;
}

export interface SiteLinks {
  files: Set<string>;
  htmlFiles: string[];
  links: Link[];
  /** Element ids per HTML file, for fragment links. */
  ids: Map<string, Set<string>>;
}

const entities: Record<string, string> = { "&amp;": "&", "&quot;": '"', "&#39;": "'", "&lt;": "<", "&gt;": ">" };

function decodeAttribute(value: string): string {
  return value.replace(/&(?:amp|quot|#39|lt|gt);/g, (entity) => entities[entity]!);
}

/** The href and src attributes of the tags of `html` (scripts' and comments' contents skipped). */
export function extractLinks(html: string, from: string): Link[] {
  const markup = html.replace(/<!--[\s\S]*?-->/g, "").replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, "$1</script>");
  const links: Link[] = [];
  for (const tag of markup.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    for (const attribute of tag[2]!.matchAll(/\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
      const value = attribute[2] ?? attribute[3] ?? attribute[4] ?? "";
      links.push({ from, tag: tag[1]!.toLowerCase(), attribute: attribute[1]!.toLowerCase(), value: decodeAttribute(value) });
    }
  }
  return links;
}

export function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => decodeAttribute(match[1]!)));
}

/** "topik/index.html" → "topik/", "404.html" → "404.html". */
export function sitePathOf(file: string): string {
  return file === "index.html" ? "" : file.endsWith("/index.html") ? file.slice(0, -"index.html".length) : file;
}

export async function readSiteLinks(dir: string): Promise<SiteLinks> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Set(
    entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")),
  );
  const htmlFiles = await listHtmlFiles(dir);
  const links: Link[] = [];
  const ids = new Map<string, Set<string>>();
  for (const file of htmlFiles) {
    const html = await fs.readFile(path.join(dir, file), "utf8");
    links.push(...extractLinks(html, file));
    ids.set(file, idsOf(html));
  }
  return { files, htmlFiles, links, ids };
}

export interface Resolved {
  link: Link;
  /** Site file the link points to, or undefined when the link leaves the site. */
  target?: string;
  fragment?: string;
  problem?: string;
}

/** Resolves a link the way a browser would, with its page served at its URL below `siteUrl`. */
export function resolveLink(link: Link, siteUrl: string, files: ReadonlySet<string>): Resolved {
  const base = new URL(siteUrl);
  const pageUrl = new URL(sitePathOf(link.from), base);
  let url: URL;
  try {
    url = new URL(link.value, pageUrl);
  } catch {
    return { link, problem: "is not a valid URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { link };
  if (url.host !== base.host) return { link };
  if (!url.pathname.startsWith(base.pathname)) return { link, problem: `is outside the path prefix ${base.pathname}` };
  const relative = decodeURIComponent(url.pathname.slice(base.pathname.length));
  const target = relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative;
  const fragment = url.hash === "" ? undefined : decodeURIComponent(url.hash.slice(1));
  if (!files.has(target)) {
    const isFolder = [...files].some((file) => file.startsWith(`${relative}/`));
    return { link, target, problem: isFolder ? "names a folder without the trailing slash" : `points to ${target}, which was not built` };
  }
  return { link, target, fragment };
}
