/**
 * Template filters: formatting only, no business logic. Each filter's name is the function it
 * calls; `.eleventy.ts` registers them all from `filters`.
 */
import type { ArticleView } from "./archive.ts";
import { formatArticleDate, formatShortDate, toJakartaIso, toUtcIso } from "./dates.ts";
import { toJsonFeed, xmlSafe } from "./feeds.ts";
import { articleJsonLd, type StructuredDataTexts } from "./structured-data.ts";
import { absoluteUrl } from "./urls.ts";

export { absoluteUrl } from "./urls.ts";


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

export const filters = {
  articleJsonLdScript,
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
