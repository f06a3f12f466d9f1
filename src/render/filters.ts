/**
 * Template filters: formatting only, no business logic. Each filter's name is the function it
 * calls; `.eleventy.ts` registers them all from `filters`.
 */
import type { ArticleView } from "../archive/archive.ts";
import { formatArticleDate, formatShortDate, toJakartaIso, toUtcIso } from "../content/dates.ts";
import { toJsonFeed, xmlSafe } from "../archive/feeds.ts";
import { articleJsonLd, type StructuredDataTexts } from "../archive/structured-data.ts";
import { articleCitation, highwireTags } from "../archive/citation.ts";
import { monthKeyOf } from "../archive/coverage.ts";
import { absoluteUrl, withPathPrefix } from "../routes.ts";

// URL building lives in routes.ts; these two are also filters, so they are exported here too.
export { absoluteUrl, withPathPrefix } from "../routes.ts";

/**
 * JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` as unicode escapes, so
 * no "</script>" or "<!--" in any value can end the block early.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** "Topik sama: Telegram, Pavel Durov" style joins: "a, b dan c". */
export function joinIndonesian(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} dan ${items[items.length - 1]}`;
}

/** The article's JSON-LD, ready to sit inside a script element. */
export function articleJsonLdScript(article: ArticleView, siteUrl: string, texts: StructuredDataTexts): string {
  return jsonForScript(articleJsonLd(article, siteUrl, texts));
}

/**
 * The URL of a static asset under its content-hashed name (src/build/assets.ts), with the path
 * prefix: "/assets/style.css" → "/arsip/assets/style.3f2a1b9c0d.css". An asset that does not exist
 * stops the build rather than leave a broken link.
 */
export function assetUrl(sitePath: string, assets: Readonly<Record<string, string>>, pathPrefix: string): string {
  const hashed = assets[sitePath];
  if (hashed === undefined) throw new Error(`assetUrl: no static asset "${sitePath}" in templates/assets/ (known: ${Object.keys(assets).join(", ") || "none"})`);
  return withPathPrefix(hashed, pathPrefix);
}

/** Every filter, with the site settings and the assets' hashed names bound where a filter needs them. */
export function createFilters(settings: { pathPrefix: string }, assets: Readonly<Record<string, string>> = {}) {
  return {
    ...filters,
    withPathPrefix: (sitePath: string) => withPathPrefix(sitePath, settings.pathPrefix),
    assetUrl: (sitePath: string) => assetUrl(sitePath, assets, settings.pathPrefix),
  };
}

export const filters = {
  articleJsonLdScript,
  articleCitation,
  highwireTags,
  monthKeyOf,
  toJsonFeed,
  xmlSafe,
  formatArticleDate,
  formatShortDate,
  toJakartaIso,
  toUtcIso,
  absoluteUrl,
  jsonForScript,
  joinIndonesian,
};
