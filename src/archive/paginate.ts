/**
 * Splits a newest-first list into pages whose URLs keep their content, for every index page.
 *
 * Numbered pages hold the archive: page 1 has the oldest `size` items, page 2 the next `size`, and
 * so on, each listed newest first. The list's own URL (the newest page) holds everything newer
 * than the highest numbered page: between `size` and 2 × `size` − 1 items once the list has
 * `size` items or more. So a new article changes the newest page of each list it is on and,
 * once every `size` articles, turns the oldest `size` items of the newest page into a new
 * numbered page; it never moves items from one numbered page to another. A numbered page can be
 * cited, cached and re-built incrementally: only the few pages next to the newest change with it.
 */
import { pageUrl } from "../routes.ts";

export const pageSize = 20;

export interface Page<T> {
  /** Undefined for the newest page (the list's own URL); 1 for the page of the oldest items. */
  number?: number;
  /** Site-relative URL without the path prefix. */
  url: string;
  /** URL of the newest page of this list. */
  firstUrl: string;
  items: T[];
  /** The page of the next newer items: the next higher number, or the newest page. */
  newerUrl?: string;
  /** The page of the next older items: the next lower number. */
  olderUrl?: string;
  /**
   * Navigation, newest first: the newest page, the pages around this one and page 1, `gap` where
   * some are left out. Empty when the list has one page.
   */
  nav: PageLink[];
}

/** A page in the navigation; without `number` it is the newest page. */
export type PageLink = { number?: number; url: string; current: boolean } | { gap: true };

/** Positions to show around `current` of `total`: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(current: number, total: number, radius = 2): (number | "gap")[] {
  const shown: (number | "gap")[] = [];
  for (let number = 1; number <= total; number++) {
    if (number === 1 || number === total || Math.abs(number - current) <= radius) shown.push(number);
    else if (shown[shown.length - 1] !== "gap") shown.push("gap");
  }
  return shown;
}

/**
 * The pages of `items` (newest first), newest page first and then numbered pages from the
 * highest down to 1. An empty list still gets its (empty) newest page, so that its index page
 * exists and can say there is nothing yet.
 */
export function paginate<T>(items: readonly T[], firstUrl: string, size: number = pageSize): Page<T>[] {
  const count = items.length;
  // Numbered pages: every full group of `size` from the oldest but the newest full one, which
  // stays on the newest page so that it never shows fewer than `size` items.
  const numbered = Math.max(0, Math.floor(count / size) - 1);
  // Navigation positions: 1..numbered for numbered pages, numbered + 1 for the newest page.
  const newest = numbered + 1;
  const urlAt = (position: number) => pageUrl(firstUrl, position === newest ? undefined : position);
  const navFor = (current: number): PageLink[] =>
    numbered === 0
      ? []
      : pageWindow(current, newest)
          .reverse()
          .map((entry) =>
            entry === "gap"
              ? { gap: true as const }
              : { ...(entry === newest ? {} : { number: entry }), url: urlAt(entry), current: entry === current },
          );
  const pages: Page<T>[] = [];
  for (let position = newest; position >= 1; position--) {
    const end = count - (position - 1) * size;
    pages.push({
      ...(position === newest ? {} : { number: position }),
      url: urlAt(position),
      firstUrl,
      items: items.slice(position === newest ? 0 : end - size, end),
      newerUrl: position < newest ? urlAt(position + 1) : undefined,
      olderUrl: position > 1 ? urlAt(position - 1) : undefined,
      nav: navFor(position),
    });
  }
  return pages;
}
