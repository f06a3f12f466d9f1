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
// Hours 00–23, minutes and seconds 00–59, offsets up to ±14:59: luxon alone accepts "T24:00" and "+25:00".
const isoWithOffset = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/;

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

/**
 * Caches a string function: the same article dates are formatted on every list they appear in
 * (home, topics, outlet, month...), and luxon's zone conversion is the costly part.
 */
function memoize(format: (iso: string) => string): (iso: string) => string {
  const cache = new Map<string, string>();
  return (iso) => {
    let value = cache.get(iso);
    if (value === undefined) {
      value = format(iso);
      cache.set(iso, value);
    }
    return value;
  };
}

function inJakarta(iso: string): DateTime {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!parsed.isValid) throw new RangeError(`Invalid ISO date: ${iso}`);
  return parsed.setZone(siteZone).setLocale(siteLocale);
}

/** "Jumat, 4 Agustus 2017 14:54 WIB" */
export const formatArticleDate = memoize((iso) => `${inJakarta(iso).toFormat("cccc, d LLLL yyyy HH:mm")} WIB`);

/** "4 Agustus 2017" */
export const formatShortDate = memoize((iso) => inJakarta(iso).toFormat("d LLLL yyyy"));

/** "Agustus 2017" */
export function formatMonthYear(year: number, month: number): string {
  return DateTime.fromObject({ year, month, day: 1 }, { zone: siteZone, locale: siteLocale }).toFormat("LLLL yyyy");
}

/** The moment in Jakarta time with its offset, for `<time datetime>`: "2017-08-04T14:54:00+07:00". */
export const toJakartaIso = memoize((iso) => inJakarta(iso).toISO({ suppressMilliseconds: true }) ?? iso);

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

/** Indonesian month names and the abbreviations outlets print, lowercase, to month numbers. */
const indonesianMonths = new Map(Object.entries({
  januari: 1, jan: 1,
  februari: 2, pebruari: 2, feb: 2, peb: 2,
  maret: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5,
  juni: 6, jun: 6,
  juli: 7, jul: 7,
  agustus: 8, agu: 8, agt: 8, ags: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10,
  november: 11, nov: 11, nop: 11,
  desember: 12, des: 12,
}));

/** Indonesian weekday names to luxon weekdays (1 = Monday); "Minggu" and "Ahad" are both Sunday. */
const indonesianWeekdays = new Map(Object.entries({
  senin: 1, selasa: 2, rabu: 3, kamis: 4, jumat: 5, "jum'at": 5, "jum’at": 5, sabtu: 6, minggu: 7, ahad: 7,
}));

/** Indonesia's three time zones as printed after the time. */
const indonesianZones = new Map(Object.entries({ wib: "UTC+7", wita: "UTC+8", wit: "UTC+9" }));

/**
 * "[Weekday, ]d Month yyyy[, ] HH:mm[:ss] [WIB|WITA|WIT]", with `:` or `.` between hours and
 * minutes and an optional "pukul" before the time, e.g. "Jumat, 4 Agustus 2017 14:54 WIB" or
 * "2 Agustus 2017 10:47".
 */
const indonesianDatePattern =
  /^(?:([\p{L}'’]+),?\s+)?(\d{1,2})\s+([\p{L}]+)\.?\s+(\d{4}),?\s+(?:pukul\s+)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*\(?\s*(WIB|WITA|WIT)\s*\)?)?$/iu;

/**
 * Reads a date and time as Indonesian outlets print them: "Jumat, 4 Agustus 2017 14:54 WIB" →
 * "2017-08-04T14:54:00+07:00". Without a zone the time is taken as WIB (Jakarta), as the outlets
 * in this archive print it. Returns undefined when the text is not such a date: no time (a time is
 * never guessed), an unknown month, an impossible date, or a weekday that does not match the date.
 */
export function parseIndonesianDate(text: string): string | undefined {
  const match = indonesianDatePattern.exec(text.normalize("NFC").trim().replace(/\s+/g, " "));
  if (!match) return undefined;
  const [, weekdayName, day, monthName, year, hour, minute, second, zoneName] = match;
  const month = indonesianMonths.get(monthName!.toLowerCase());
  if (month === undefined) return undefined;
  const zone = indonesianZones.get((zoneName ?? "WIB").toLowerCase())!;
  const date = DateTime.fromObject(
    { year: Number(year), month, day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second ?? 0) },
    { zone },
  );
  if (!date.isValid) return undefined;
  if (weekdayName !== undefined && indonesianWeekdays.get(weekdayName.toLowerCase()) !== date.weekday) return undefined;
  return date.toISO({ suppressMilliseconds: true }) ?? undefined;
}
