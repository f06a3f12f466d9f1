/** Splits a list into numbered pages with their URLs and neighbours: every index page uses it. */

export const pageSize = 20;

export interface Page<T> {
  /** 1-based. */
  number: number;
  total: number;
  /** Site-relative URL without the path prefix. */
  url: string;
  /** URL of page 1 of this list. */
  firstUrl: string;
  items: T[];
  previousUrl?: string;
  nextUrl?: string;
  /** Numbered navigation: first, last and the pages around this one, `gap` where some are left out. */
  nav: PageLink[];
}

export type PageLink = { number: number; url: string; current: boolean } | { gap: true };

/** Page numbers to show around `current` of `total`: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(current: number, total: number, radius = 2): (number | "gap")[] {
  const shown: (number | "gap")[] = [];
  for (let number = 1; number <= total; number++) {
    if (number === 1 || number === total || Math.abs(number - current) <= radius) shown.push(number);
    else if (shown[shown.length - 1] !== "gap") shown.push("gap");
  }
  return shown;
}

/** "/topik/telegram/" → page 1 "/topik/telegram/", page 2 "/topik/telegram/halaman/2/". */
export function pageUrl(firstUrl: string, number: number): string {
  return number === 1 ? firstUrl : `${firstUrl}halaman/${number}/`;
}

/**
 * Pages of `size` items. An empty list still gets one (empty) page, so that its index page
 * exists and can say there is nothing yet.
 */
export function paginate<T>(items: readonly T[], firstUrl: string, size: number = pageSize): Page<T>[] {
  const total = Math.max(1, Math.ceil(items.length / size));
  const urls = Array.from({ length: total }, (_, index) => pageUrl(firstUrl, index + 1));
  return urls.map((url, index) => ({
    number: index + 1,
    total,
    url,
    firstUrl,
    items: items.slice(index * size, (index + 1) * size),
    previousUrl: index > 0 ? urls[index - 1] : undefined,
    nextUrl: index + 1 < total ? urls[index + 1] : undefined,
    nav: pageWindow(index + 1, total).map((entry) =>
      entry === "gap" ? { gap: true as const } : { number: entry, url: urls[entry - 1]!, current: entry === index + 1 },
    ),
  }));
}
