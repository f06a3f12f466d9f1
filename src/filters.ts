/**
 * Template filters: formatting only, no business logic. Each filter's name is the function it
 * calls; `.eleventy.ts` registers them all from `filters`.
 */
import { formatArticleDate, formatShortDate, toJakartaIso, toUtcIso } from "./dates.ts";

/** Absolute URL of a site path ("/2017/08/04/x/") under `siteUrl` (which carries the prefix). */
export function absoluteUrl(sitePath: string, siteUrl: string): string {
  return new URL(sitePath.replace(/^\//, ""), siteUrl).href;
}

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

export const filters = {
  formatArticleDate,
  formatShortDate,
  toJakartaIso,
  toUtcIso,
  absoluteUrl,
  jsonForScript,
  joinIndonesian,
};
