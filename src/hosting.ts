/**
 * What a static host is told besides the files: the `_headers` and `_redirects` files that Netlify
 * and Cloudflare Pages read from the output folder, in their shared format, and the policy they
 * carry. The build writes both (templates/headers.njk, templates/redirects.njk); `npm run preview`
 * reads them back and applies them as those hosts do (src/host/preview.ts). Imports nothing.
 *
 *   https://docs.netlify.com/manage/routing/headers/   https://docs.netlify.com/routing/redirects/
 *   https://developers.cloudflare.com/pages/configuration/headers/
 *   https://developers.cloudflare.com/pages/configuration/redirects/
 */

export const headersFile = "_headers";
export const redirectsFile = "_redirects";

/**
 * The Content-Security-Policy every response carries. The site loads nothing from another host
 * and has no inline script or style (the JSON-LD block is data, not script); Pagefind compiles
 * its WebAssembly, which needs `'wasm-unsafe-eval'` (not `'unsafe-eval'`: JavaScript eval stays
 * blocked). `img-src data:` is for Pagefind's UI, which draws with data: URIs.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers of every response: the policy, no MIME sniffing, the referrer only to this origin's pages in full. */
export const securityHeaders: readonly [name: string, value: string][] = [
  ["Content-Security-Policy", contentSecurityPolicy],
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
];

/** Files whose name carries a digest of their bytes: a new version has a new URL, so caches may keep them for good. */
export const immutableCache = "public, max-age=31536000, immutable";

/**
 * What Netlify and Cloudflare Pages send for any file no rule gives a Cache-Control: cached, but
 * revalidated on every use (an unchanged page costs a 304). HTML, feeds, the sitemap and
 * Pagefind's entry files get it. No rule of `_headers` sets it, because Cloudflare joins the values
 * of one header from two matching rules with a comma, so `/*` and `/assets/*` must not both set it.
 */
export const defaultCache = "public, max-age=0, must-revalidate";

export interface HeaderRule {
  /** A URL path with the path prefix; `*` at the end matches the rest. */
  path: string;
  headers: [name: string, value: string][];
}

/**
 * The rules of `_headers` for a site under `pathPrefix` whose search bundles are `shards`: security
 * headers everywhere; long, immutable caching for hashed assets, for article photos (named by
 * content, src/build/photos.ts) and for the content-hashed parts of Pagefind's bundles (fragments,
 * index chunks, filters). Paths that a host matches never overlap in
 * a header they set.
 */
export function headerRules(pathPrefix: string, shards: readonly string[]): HeaderRule[] {
  const immutable = (path: string): HeaderRule => ({ path: `${pathPrefix}${path}`, headers: [["Cache-Control", immutableCache]] });
  return [
    { path: `${pathPrefix}*`, headers: [...securityHeaders] },
    immutable("assets/*"),
    immutable("foto/*"),
    ...[...shards].sort().flatMap((shard) => ["fragment", "index", "filter"].map((part) => immutable(`pagefind/${shard}/${part}/*`))),
  ];
}

/** A permanent redirect from an old URL path to the new one, both with the path prefix. */
export interface RedirectRule {
  from: string;
  to: string;
  status: 301;
}

/** "/old/ /new/ 301" lines, as templates/redirects.njk writes them; comments and blank lines skipped. */
export function parseRedirects(text: string): RedirectRule[] {
  const rules: RedirectRule[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const [from, to, status = "301"] = trimmed.split(/\s+/);
    if (from === undefined || to === undefined || status !== "301") throw new Error(`${redirectsFile}: expected "<from> <to> 301", got "${trimmed}"`);
    rules.push({ from, to, status: 301 });
  }
  return rules;
}

/** The rules of a `_headers` file: a path line, then indented "Name: value" lines. */
export function parseHeaders(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      rules.push({ path: line.trim(), headers: [] });
      continue;
    }
    const rule = rules[rules.length - 1];
    const colon = line.indexOf(":");
    if (rule === undefined || colon < 0) throw new Error(`${headersFile}: expected a path line or an indented "Name: value" line, got "${line}"`);
    rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** Whether a rule's path matches a request path: exactly, or by its trailing `*`. */
export function pathMatches(rulePath: string, requestPath: string): boolean {
  return rulePath.endsWith("*") ? requestPath.startsWith(rulePath.slice(0, -1)) : rulePath === requestPath;
}

/** The headers `rules` give `requestPath`, in order; a later value of one header replaces an earlier one. */
export function headersFor(rules: readonly HeaderRule[], requestPath: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const rule of rules) if (pathMatches(rule.path, requestPath)) for (const [name, value] of rule.headers) headers.set(name, value);
  return headers;
}

/** The redirect for `requestPath`, with or without its trailing slash, as Netlify and Cloudflare match. */
export function redirectFor(rules: readonly RedirectRule[], requestPath: string): RedirectRule | undefined {
  const trimmed = requestPath.replace(/\/+$/, "");
  return rules.find((rule) => rule.from === requestPath || rule.from.replace(/\/+$/, "") === trimmed);
}
