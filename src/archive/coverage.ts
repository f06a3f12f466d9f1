/**
 * "Liputan dari waktu ke waktu": how many archived articles a list (topic, outlet, reporter) holds
 * per month, or per year when it spans more than `maxMonths` months, as the geometry of a small
 * bar chart (the template draws it as inline SVG, no script) and as the rows of a table with the
 * same numbers. Months or years without articles are bars of height 0, so the time axis is even.
 * Pure: Indonesian labels come from dates.ts.
 */
import { formatMonthYear, jakartaDateParts } from "../content/dates.ts";

export interface CoverageBar {
  /** "Agustus 2017" or "2017". */
  label: string;
  count: number;
  /** Position and size in the chart's viewBox. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Coverage {
  unit: "month" | "year";
  bars: CoverageBar[];
  total: number;
  /** The highest count, and the first bar that has it. */
  max: number;
  peak: string;
  first: string;
  last: string;
  /** The chart's viewBox size. */
  width: number;
  height: number;
}

export interface CoverageOptions {
  /** Longer spans are counted per year. */
  maxMonths: number;
  width: number;
  height: number;
  /** Space between bars, as a share of a bar's slot. */
  gap: number;
  /** Bars are at most this wide: the width divided by this many. */
  minSlots: number;
}

export const defaultCoverageOptions: CoverageOptions = { maxMonths: 48, width: 480, height: 96, gap: 0.2, minSlots: 12 };

/**
 * The calendar month of an ISO date in Jakarta as one number, year · 12 + month − 1, so that a
 * span of months is a subtraction. A list's chart takes these, computed once per article.
 */
export function monthIndexOf(date: string): number {
  const parts = jakartaDateParts(date);
  return Number(parts.year) * 12 + Number(parts.month) - 1;
}

/** The calendar month of an ISO date in Jakarta as "2017-08": the search index's `bulan` filter. */
export function monthKeyOf(date: string): string {
  const { year, month } = jakartaDateParts(date);
  return `${year}-${month}`;
}

/** Counts per month or year of the articles in the months `monthIndexes` (monthIndexOf, any order). */
export function coverageOf(monthIndexes: readonly number[], options: Partial<CoverageOptions> = {}): Coverage | undefined {
  if (monthIndexes.length === 0) return undefined;
  const settings = { ...defaultCoverageOptions, ...options };
  const months = new Map<number, number>();
  let first = Infinity;
  let last = -Infinity;
  for (const month of monthIndexes) {
    months.set(month, (months.get(month) ?? 0) + 1);
    if (month < first) first = month;
    if (month > last) last = month;
  }
  const byYear = last - first + 1 > settings.maxMonths;
  const buckets: { label: string; count: number }[] = [];
  if (byYear) {
    for (let year = Math.floor(first / 12); year <= Math.floor(last / 12); year++) {
      let count = 0;
      for (let month = 0; month < 12; month++) count += months.get(year * 12 + month) ?? 0;
      buckets.push({ label: String(year), count });
    }
  } else {
    for (let month = first; month <= last; month++) {
      buckets.push({ label: formatMonthYear(Math.floor(month / 12), (month % 12) + 1), count: months.get(month) ?? 0 });
    }
  }
  const max = Math.max(...buckets.map((bucket) => bucket.count));
  // At least `minSlots` slots, so that a list of one or two months shows narrow bars, not a block.
  const slot = settings.width / Math.max(buckets.length, settings.minSlots);
  const round = (value: number) => Math.round(value * 100) / 100;
  const bars = buckets.map((bucket, index) => {
    const height = round((bucket.count / max) * settings.height);
    return {
      ...bucket,
      x: round(index * slot + (slot * settings.gap) / 2),
      y: round(settings.height - height),
      width: round(slot * (1 - settings.gap)),
      height,
    };
  });
  return {
    unit: byYear ? "year" : "month",
    bars,
    total: monthIndexes.length,
    max,
    peak: buckets.find((bucket) => bucket.count === max)!.label,
    first: buckets[0]!.label,
    last: buckets[buckets.length - 1]!.label,
    width: settings.width,
    height: settings.height,
  };
}
