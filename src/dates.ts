/**
 * Dates: the one module that imports luxon. Articles store ISO 8601 with an offset; pages show
 * them in Asia/Jakarta time the way Indonesian outlets do, "Jumat, 4 Agustus 2017 14:54 WIB".
 * Zone and locale are always explicit; formats use explicit tokens
 * (https://moment.github.io/luxon/#/formatting?id=table-of-tokens), never presets.
 */
import { DateTime } from "luxon";

export const siteZone = "Asia/Jakarta";
export const siteLocale = "id";

/** `YYYY-MM-DDTHH:mm[:ss[.sss]]` followed by `Z` or `±HH:mm`. */
const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export type DateCheck = { ok: true; epochMs: number } | { ok: false; reason: string };

/** Checks an article date: ISO 8601 with an explicit offset, and a real calendar moment. */
export function checkArticleDate(value: string): DateCheck {
  if (!isoWithOffset.test(value)) {
    return {
      ok: false,
      reason: 'expected an ISO 8601 date-time with offset such as "2017-08-04T14:54:00+07:00"',
    };
  }
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) {
    return { ok: false, reason: `not a real date or time (${parsed.invalidExplanation ?? "invalid"})` };
  }
  return { ok: true, epochMs: parsed.toMillis() };
}

function inJakarta(iso: string): DateTime {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!parsed.isValid) throw new RangeError(`Invalid ISO date: ${iso}`);
  return parsed.setZone(siteZone).setLocale(siteLocale);
}

/** "Jumat, 4 Agustus 2017 14:54 WIB" */
export function formatArticleDate(iso: string): string {
  return `${inJakarta(iso).toFormat("cccc, d LLLL yyyy HH:mm")} WIB`;
}

/** "4 Agustus 2017" */
export function formatShortDate(iso: string): string {
  return inJakarta(iso).toFormat("d LLLL yyyy");
}

/** "Agustus 2017" */
export function formatMonthYear(year: number, month: number): string {
  return DateTime.fromObject({ year, month, day: 1 }, { zone: siteZone, locale: siteLocale }).toFormat("LLLL yyyy");
}

/** The moment in Jakarta time with its offset, for `<time datetime>`: "2017-08-04T14:54:00+07:00". */
export function toJakartaIso(iso: string): string {
  return inJakarta(iso).toISO({ suppressMilliseconds: true }) ?? iso;
}

/** The instant in UTC, for feeds and sitemaps: "2017-08-04T07:54:00Z". */
export function toUtcIso(iso: string): string {
  return DateTime.fromISO(iso, { setZone: true }).toUTC().toISO({ suppressMilliseconds: true }) ?? iso;
}

/** Calendar parts of the moment in Jakarta, for URLs and the date index. */
export function jakartaDateParts(iso: string): { year: string; month: string; day: string } {
  const date = inJakarta(iso);
  return { year: date.toFormat("yyyy"), month: date.toFormat("LL"), day: date.toFormat("dd") };
}

/** The current moment as an ISO string in Jakarta time, e.g. for a new draft. */
export function nowInJakarta(now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(siteZone).set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) ?? "";
}
