/**
 * Dates: the one module that imports luxon. Articles store ISO 8601 with an offset; pages show
 * them in Asia/Jakarta time the way Indonesian outlets do, "Jumat, 4 Agustus 2017 14:54 WIB".
 * Zone and locale are always explicit; formats use explicit tokens
 * (https://moment.github.io/luxon/#/formatting?id=table-of-tokens), never presets. Moments since
 * 1964, when Jakarta's offset became a fixed +07:00, are computed with plain `Date` arithmetic
 * that gives exactly luxon's output (see `plainJakartaFrom`): the build formats tens of
 * thousands of dates.
 */
import { DateTime } from "luxon";

export const siteZone = "Asia/Jakarta";
export const siteLocale = "id";

/** `YYYY-MM-DDTHH:mm[:ss[.sss]]` followed by `Z` or `±HH:mm`. */
// Hours 00–23, minutes and seconds 00–59, offsets up to ±14:59: luxon alone accepts "T24:00" and "+25:00".
const isoWithOffset = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/;

/** The shape of `isoWithOffset` with its parts captured (date, time, fraction, offset sign, hours, minutes); ranges are checked in code. */
const isoParts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const hourMs = 3_600_000;
/**
 * Asia/Jakarta has been UTC+7 without daylight saving since 1964-01-01 (IANA tz database; before
 * that it was +07:30, +08:00, +09:00 in the war and local mean time). From that instant to the end
 * of year 9999 the calendar parts in Jakarta are those of the instant + 7 h read in UTC, which
 * plain `Date` gives many times faster than luxon's zone conversion. Other instants go to luxon.
 */
const jakartaOffsetMs = 7 * hourMs;
const plainJakartaFrom = Date.UTC(1964, 0, 1) - jakartaOffsetMs;
const plainJakartaUntil = Date.UTC(10000, 0, 1) - jakartaOffsetMs;
/** Years from 1900 to 9999: `Date.UTC` reads years below 100 as 19xx, luxon writes years past 9999 with a sign. */
const plainUtcFrom = Date.UTC(1900, 0, 1);
const plainUtcUntil = Date.UTC(10000, 0, 1);

/** Indonesian names as luxon gives them for locale "id" (tokens `cccc` and `LLLL`); Sunday first, as `getUTCDay`. */
const weekdayNames = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
const monthNames = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The instant of an ISO date-time with offset, as luxon's `fromISO(iso, { setZone: true })`
 * gives it, for real dates from 1900 on; undefined for anything else (not this format, an
 * impossible date, an earlier year), which the callers hand to luxon.
 */
function parseIsoQuickly(iso: string): number | undefined {
  const match = isoParts.exec(iso);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes] = match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const min = Number(minute);
  const sec = Number(second ?? 0);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || h > 23 || min > 59 || sec > 59) return undefined;
  if (sign !== undefined && (Number(offsetHours) > 14 || Number(offsetMinutes) > 59)) return undefined;
  // Milliseconds and offset exactly as luxon computes them (parseMillis, signedOffset).
  const ms = fraction === undefined ? 0 : Math.floor(parseFloat(`0.${fraction}`) * 1000);
  const offset = sign === undefined ? 0 : (sign === "-" ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  return Date.UTC(y, m - 1, d, h, min, sec, ms) - offset * 60_000;
}

interface CalendarParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Calendar parts of `epochMs` shifted by `offsetMs`, read with the UTC getters. */
function partsAt(epochMs: number, offsetMs: number): CalendarParts {
  const date = new Date(epochMs + offsetMs);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
  };
}

/** The Jakarta calendar parts of an ISO date-time, or undefined when luxon must do it (see `plainJakartaFrom`). */
function jakartaPartsQuickly(iso: string): CalendarParts | undefined {
  const epochMs = parseIsoQuickly(iso);
  if (epochMs === undefined || epochMs < plainJakartaFrom || epochMs >= plainJakartaUntil) return undefined;
  return partsAt(epochMs, jakartaOffsetMs);
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** `yyyy-MM-ddTHH:mm:ss[.SSS]` as luxon's toISO({ suppressMilliseconds: true }) writes it, before the offset. */
function isoLocal(parts: CalendarParts): string {
  const time = `${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}${parts.millisecond === 0 ? "" : `.${pad(parts.millisecond, 3)}`}`;
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}T${time}`;
}

export type DateCheck = { ok: true; epochMs: number } | { ok: false; reason: string };

/** Checks an article date: ISO 8601 with an explicit offset, and a real calendar moment. */
export function checkArticleDate(value: string): DateCheck {
  if (!isoWithOffset.test(value)) {
    return {
      ok: false,
      reason: 'expected an ISO 8601 date-time with offset such as "2017-08-04T14:54:00+07:00"',
    };
  }
  const epochMs = parseIsoQuickly(value);
  if (epochMs !== undefined) return { ok: true, epochMs };
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) {
    return { ok: false, reason: `not a real date or time (${parsed.invalidExplanation ?? "invalid"})` };
  }
  return { ok: true, epochMs: parsed.toMillis() };
}

/**
 * Caches a string function: the same article dates are formatted on every list they appear in
 * (home, topics, outlet, month...); a lookup is cheaper than parsing and formatting again.
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
export const formatArticleDate = memoize((iso) => {
  const parts = jakartaPartsQuickly(iso);
  if (parts === undefined) return `${inJakarta(iso).toFormat("cccc, d LLLL yyyy HH:mm")} WIB`;
  return `${weekdayNames[parts.weekday]}, ${parts.day} ${monthNames[parts.month - 1]} ${pad(parts.year, 4)} ${pad(parts.hour)}:${pad(parts.minute)} WIB`;
});

/** "4 Agustus 2017" */
export const formatShortDate = memoize((iso) => {
  const parts = jakartaPartsQuickly(iso);
  if (parts === undefined) return inJakarta(iso).toFormat("d LLLL yyyy");
  return `${parts.day} ${monthNames[parts.month - 1]} ${pad(parts.year, 4)}`;
});

/** "Agustus 2017" */
export function formatMonthYear(year: number, month: number): string {
  if (Number.isInteger(year) && year >= 1964 && year <= 9999 && Number.isInteger(month) && month >= 1 && month <= 12) {
    return `${monthNames[month - 1]} ${year}`;
  }
  return DateTime.fromObject({ year, month, day: 1 }, { zone: siteZone, locale: siteLocale }).toFormat("LLLL yyyy");
}

/** The moment in Jakarta time with its offset, for `<time datetime>`: "2017-08-04T14:54:00+07:00". */
export const toJakartaIso = memoize((iso) => {
  const parts = jakartaPartsQuickly(iso);
  if (parts === undefined) return inJakarta(iso).toISO({ suppressMilliseconds: true }) ?? iso;
  return `${isoLocal(parts)}+07:00`;
});

/** The instant in UTC, for feeds and sitemaps: "2017-08-04T07:54:00Z". */
export function toUtcIso(iso: string): string {
  const epochMs = parseIsoQuickly(iso);
  if (epochMs !== undefined && epochMs >= plainUtcFrom && epochMs < plainUtcUntil) return `${isoLocal(partsAt(epochMs, 0))}Z`;
  return DateTime.fromISO(iso, { setZone: true }).toUTC().toISO({ suppressMilliseconds: true }) ?? iso;
}

/** Calendar parts of the moment in Jakarta, for URLs and the date index. */
export function jakartaDateParts(iso: string): { year: string; month: string; day: string } {
  const parts = jakartaPartsQuickly(iso);
  if (parts !== undefined) return { year: pad(parts.year, 4), month: pad(parts.month), day: pad(parts.day) };
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
