import { afterEach, describe, expect, test } from "vitest";
import {
  checkArticleDate,
  formatArticleDate,
  formatMonthYear,
  formatShortDate,
  jakartaDateParts,
  nowInJakarta,
  parseIndonesianDate,
  toJakartaIso,
  toUtcIso,
} from "../../src/content/dates.ts";

const processZone = process.env.TZ;

afterEach(() => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});

describe("formatArticleDate", () => {
  test("shows the seed article's moment the way Tempo printed it", () => {
    expect(formatArticleDate("2017-08-04T14:54:00+07:00")).toBe("Jumat, 4 Agustus 2017 14:54 WIB");
  });

  test.each([
    ["2017-08-06T14:54:00+07:00", "Minggu, 6 Agustus 2017 14:54 WIB"],
    ["2017-08-07T14:54:00+07:00", "Senin, 7 Agustus 2017 14:54 WIB"],
    ["2017-08-08T14:54:00+07:00", "Selasa, 8 Agustus 2017 14:54 WIB"],
    ["2017-08-09T14:54:00+07:00", "Rabu, 9 Agustus 2017 14:54 WIB"],
    ["2017-08-10T14:54:00+07:00", "Kamis, 10 Agustus 2017 14:54 WIB"],
    ["2017-08-11T14:54:00+07:00", "Jumat, 11 Agustus 2017 14:54 WIB"],
    ["2017-08-12T14:54:00+07:00", "Sabtu, 12 Agustus 2017 14:54 WIB"],
  ])("names the weekday in Indonesian: %s → %s", (iso, expected) => {
    expect(formatArticleDate(iso)).toBe(expected);
  });

  test.each([
    ["2017-01-15T09:05:00+07:00", "Minggu, 15 Januari 2017 09:05 WIB"],
    ["2017-02-15T09:05:00+07:00", "Rabu, 15 Februari 2017 09:05 WIB"],
    ["2017-03-15T09:05:00+07:00", "Rabu, 15 Maret 2017 09:05 WIB"],
    ["2017-04-15T09:05:00+07:00", "Sabtu, 15 April 2017 09:05 WIB"],
    ["2017-05-15T09:05:00+07:00", "Senin, 15 Mei 2017 09:05 WIB"],
    ["2017-06-15T09:05:00+07:00", "Kamis, 15 Juni 2017 09:05 WIB"],
    ["2017-07-15T09:05:00+07:00", "Sabtu, 15 Juli 2017 09:05 WIB"],
    ["2017-08-15T09:05:00+07:00", "Selasa, 15 Agustus 2017 09:05 WIB"],
    ["2017-09-15T09:05:00+07:00", "Jumat, 15 September 2017 09:05 WIB"],
    ["2017-10-15T09:05:00+07:00", "Minggu, 15 Oktober 2017 09:05 WIB"],
    ["2017-11-15T09:05:00+07:00", "Rabu, 15 November 2017 09:05 WIB"],
    ["2017-12-15T09:05:00+07:00", "Jumat, 15 Desember 2017 09:05 WIB"],
  ])("names the month in Indonesian: %s → %s", (iso, expected) => {
    expect(formatArticleDate(iso)).toBe(expected);
  });

  test("shows midnight as 00:00 on the day that starts", () => {
    expect(formatArticleDate("2017-08-07T00:00:00+07:00")).toBe("Senin, 7 Agustus 2017 00:00 WIB");
  });

  test("shows a UTC moment in Jakarta time, on the next calendar day when Jakarta is past midnight", () => {
    expect(formatArticleDate("2017-08-06T17:00:00Z")).toBe("Senin, 7 Agustus 2017 00:00 WIB");
  });

  test("shows a moment given with another offset in Jakarta time", () => {
    expect(formatArticleDate("2017-08-04T09:54:00+02:00")).toBe("Jumat, 4 Agustus 2017 14:54 WIB");
    expect(formatArticleDate("2017-08-03T23:30:00-05:00")).toBe("Jumat, 4 Agustus 2017 11:30 WIB");
  });

  test("gives the same text whatever the process time zone is", () => {
    // One spelling of the same instant per zone, so no cached result can stand in for a new one.
    const spellings: [string, string][] = [
      ["UTC", "2017-08-06T17:00:00.001Z"],
      ["America/Los_Angeles", "2017-08-06T10:00:00.001-07:00"],
      ["Asia/Tokyo", "2017-08-07T02:00:00.001+09:00"],
      ["Pacific/Kiritimati", "2017-08-07T07:00:00.001+14:00"],
    ];
    for (const [zone, iso] of spellings) {
      process.env.TZ = zone;
      // The change reached the process: otherwise this test would prove nothing.
      expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
      expect(formatArticleDate(iso)).toBe("Senin, 7 Agustus 2017 00:00 WIB");
      expect(toJakartaIso(iso)).toBe("2017-08-07T00:00:00.001+07:00");
    }
  });

  test("refuses text that is not an ISO date", () => {
    expect(() => formatArticleDate("4 Agustus 2017")).toThrow(RangeError);
  });

  test("refuses an impossible date in the right format", () => {
    expect(() => formatArticleDate("2017-02-31T10:00:00+07:00")).toThrow(RangeError);
  });

  test("shows a moment before 1964 with the offset Jakarta had then (+07:30 in 1963)", () => {
    expect(formatArticleDate("1963-06-01T12:00:00+07:00")).toBe("Sabtu, 1 Juni 1963 12:30 WIB");
  });

  test("shows the moments around 1 January 1964, when Jakarta moved from +07:30 to +07:00", () => {
    expect(formatArticleDate("1963-12-31T16:15:00Z")).toBe("Selasa, 31 Desember 1963 23:45 WIB");
    expect(formatArticleDate("1963-12-31T16:45:00Z")).toBe("Selasa, 31 Desember 1963 23:45 WIB");
    expect(formatArticleDate("1964-01-01T00:00:00+07:00")).toBe("Rabu, 1 Januari 1964 00:00 WIB");
  });

  test("shows the last minute of year 9999 and the first of year 10000 in Jakarta", () => {
    expect(formatArticleDate("9999-12-31T16:59:00Z")).toBe("Jumat, 31 Desember 9999 23:59 WIB");
    expect(formatArticleDate("9999-12-31T17:00:00Z")).toBe("Sabtu, 1 Januari 10000 00:00 WIB");
  });
});

describe("formatShortDate", () => {
  test("shows the Jakarta calendar day without the time", () => {
    expect(formatShortDate("2017-08-04T14:54:00+07:00")).toBe("4 Agustus 2017");
    expect(formatShortDate("2017-08-06T17:00:00Z")).toBe("7 Agustus 2017");
  });
});

describe("formatMonthYear", () => {
  test("names the month and year in Indonesian", () => {
    expect(formatMonthYear(2017, 8)).toBe("Agustus 2017");
    expect(formatMonthYear(2018, 1)).toBe("Januari 2018");
  });

  test("names every month, in any year", () => {
    const names = Array.from({ length: 12 }, (_, index) => formatMonthYear(2024, index + 1));
    expect(names.join(", ")).toBe("Januari 2024, Februari 2024, Maret 2024, April 2024, Mei 2024, Juni 2024, Juli 2024, Agustus 2024, September 2024, Oktober 2024, November 2024, Desember 2024");
    expect(formatMonthYear(1950, 5)).toBe("Mei 1950");
    expect(formatMonthYear(9999, 12)).toBe("Desember 9999");
  });
});

describe("toJakartaIso", () => {
  test("keeps a Jakarta moment as it was written", () => {
    expect(toJakartaIso("2017-08-04T14:54:00+07:00")).toBe("2017-08-04T14:54:00+07:00");
  });

  test("moves a UTC moment to Jakarta time with a +07:00 offset", () => {
    expect(toJakartaIso("2017-08-06T17:00:00Z")).toBe("2017-08-07T00:00:00+07:00");
  });

  test("moves a moment with another offset to Jakarta time", () => {
    expect(toJakartaIso("2017-08-04T09:54:00+02:00")).toBe("2017-08-04T14:54:00+07:00");
  });

  test("adds the seconds that the input left out", () => {
    expect(toJakartaIso("2017-08-04T14:54+07:00")).toBe("2017-08-04T14:54:00+07:00");
  });

  test("keeps milliseconds, as three digits", () => {
    expect(toJakartaIso("2017-08-04T14:54:00.5+07:00")).toBe("2017-08-04T14:54:00.500+07:00");
    expect(toJakartaIso("2017-08-04T07:54:00.012Z")).toBe("2017-08-04T14:54:00.012+07:00");
  });

  test("gives the offset Jakarta had before 1964", () => {
    expect(toJakartaIso("1950-04-30T12:00:00+07:00")).toBe("1950-04-30T13:00:00+08:00");
    expect(toJakartaIso("1963-12-31T16:15:00Z")).toBe("1963-12-31T23:45:00+07:30");
    expect(toJakartaIso("1963-12-31T16:45:00Z")).toBe("1963-12-31T23:45:00+07:00");
  });

  test("writes a year past 9999 with a sign and six digits", () => {
    expect(toJakartaIso("9999-12-31T17:00:00Z")).toBe("+010000-01-01T00:00:00+07:00");
  });
});

describe("toUtcIso", () => {
  test("gives the same instant in UTC with a Z", () => {
    expect(toUtcIso("2017-08-04T14:54:00+07:00")).toBe("2017-08-04T07:54:00Z");
  });

  test("keeps milliseconds and crosses into the previous UTC day", () => {
    expect(toUtcIso("2017-08-04T02:54:00.120+07:00")).toBe("2017-08-03T19:54:00.120Z");
  });

  test("gives instants before 1964 and before 1900 too", () => {
    expect(toUtcIso("1963-06-01T12:00:00+07:00")).toBe("1963-06-01T05:00:00Z");
    expect(toUtcIso("1899-12-31T23:59:59+07:00")).toBe("1899-12-31T16:59:59Z");
  });
});

describe("jakartaDateParts", () => {
  test("gives zero-padded year, month and day of the Jakarta calendar", () => {
    expect(jakartaDateParts("2017-08-04T14:54:00+07:00")).toEqual({ year: "2017", month: "08", day: "04" });
  });

  test("uses the Jakarta day for a UTC moment late in the evening", () => {
    expect(jakartaDateParts("2017-08-06T17:00:00Z")).toEqual({ year: "2017", month: "08", day: "07" });
  });

  test("uses the Jakarta year on New Year's Eve in UTC", () => {
    expect(jakartaDateParts("2017-12-31T18:00:00Z")).toEqual({ year: "2018", month: "01", day: "01" });
  });

  test("uses the offset Jakarta had before 1964 (+07:30 in 1955), which can change the day", () => {
    expect(jakartaDateParts("1955-03-10T16:45:00Z")).toEqual({ year: "1955", month: "03", day: "11" });
  });

  test("pads a year before 1000 to four digits", () => {
    expect(jakartaDateParts("0050-06-01T10:00:00Z")).toEqual({ year: "0050", month: "06", day: "01" });
  });
});

describe("nowInJakarta", () => {
  test("gives the passed moment in Jakarta time without milliseconds", () => {
    expect(nowInJakarta(new Date(Date.UTC(2017, 7, 4, 7, 54, 0, 500)))).toBe("2017-08-04T14:54:00+07:00");
  });
});

describe("checkArticleDate", () => {
  test("accepts a date-time with a +07:00 offset and gives its instant", () => {
    expect(checkArticleDate("2017-08-04T14:54:00+07:00")).toEqual({ ok: true, epochMs: Date.UTC(2017, 7, 4, 7, 54) });
  });

  test("accepts Z as the offset", () => {
    expect(checkArticleDate("2017-08-04T07:54:00Z")).toEqual({ ok: true, epochMs: Date.UTC(2017, 7, 4, 7, 54) });
  });

  test("accepts minutes without seconds and seconds with milliseconds", () => {
    expect(checkArticleDate("2017-08-04T14:54+07:00")).toEqual({ ok: true, epochMs: Date.UTC(2017, 7, 4, 7, 54) });
    expect(checkArticleDate("2017-08-04T14:54:00.123+05:30")).toEqual({ ok: true, epochMs: Date.UTC(2017, 7, 4, 9, 24, 0, 123) });
  });

  test("requires an offset", () => {
    expect(checkArticleDate("2017-08-04T14:54:00")).toMatchInlineSnapshot(`
      {
        "ok": false,
        "reason": "expected an ISO 8601 date-time with offset such as "2017-08-04T14:54:00+07:00"",
      }
    `);
  });

  test("refuses a date without a time and an Indonesian date", () => {
    expect(checkArticleDate("2017-08-04").ok).toBe(false);
    expect(checkArticleDate("4 Agustus 2017").ok).toBe(false);
    expect(checkArticleDate("2017-08-04 14:54:00+07:00").ok).toBe(false);
  });

  test("refuses 31 Februari", () => {
    expect(checkArticleDate("2017-02-31T10:00:00+07:00")).toMatchInlineSnapshot(`
      {
        "ok": false,
        "reason": "not a real date or time (you specified 31 (of type number) as a day, which is invalid)",
      }
    `);
  });

  test("refuses hour 25", () => {
    expect(checkArticleDate("2017-08-04T25:00:00+07:00").ok).toBe(false);
  });

  test("gives the instant of a date with a fraction of a second or an offset in minutes", () => {
    expect(checkArticleDate("2017-08-04T14:54:00.5+07:00")).toEqual({ ok: true, epochMs: Date.UTC(2017, 7, 4, 7, 54, 0, 500) });
    expect(checkArticleDate("2017-08-04T14:54:00-00:30")).toEqual({ ok: true, epochMs: Date.UTC(2017, 7, 4, 15, 24) });
  });

  test("gives the instant of a year before 100, not of 19xx", () => {
    expect(checkArticleDate("0050-06-01T10:00:00Z")).toEqual({ ok: true, epochMs: -60576213600000 });
  });

  test("accepts 29 Februari in a leap year only", () => {
    expect(checkArticleDate("2016-02-29T10:00:00+07:00").ok).toBe(true);
    expect(checkArticleDate("2017-02-29T10:00:00+07:00").ok).toBe(false);
  });

  test("knows that 2000 was a leap year and 1900 and 2100 are not", () => {
    expect(checkArticleDate("2000-02-29T10:00:00+07:00").ok).toBe(true);
    expect(checkArticleDate("1900-02-29T10:00:00+07:00").ok).toBe(false);
    expect(checkArticleDate("2100-02-29T10:00:00+07:00").ok).toBe(false);
    expect(checkArticleDate("2017-04-31T10:00:00+07:00").ok).toBe(false);
  });
});

describe("parseIndonesianDate", () => {
  test("reads Tempo's dateline with weekday and WIB", () => {
    expect(parseIndonesianDate("Jumat, 4 Agustus 2017 14:54 WIB")).toBe("2017-08-04T14:54:00+07:00");
  });

  test("reads Merdeka's date without weekday or zone as Jakarta time", () => {
    expect(parseIndonesianDate("2 Agustus 2017 10:47")).toBe("2017-08-02T10:47:00+07:00");
  });

  test.each([
    ["1 Januari 2017 09:05", "2017-01-01T09:05:00+07:00"],
    ["1 Februari 2017 09:05", "2017-02-01T09:05:00+07:00"],
    ["1 Maret 2017 09:05", "2017-03-01T09:05:00+07:00"],
    ["1 April 2017 09:05", "2017-04-01T09:05:00+07:00"],
    ["1 Mei 2017 09:05", "2017-05-01T09:05:00+07:00"],
    ["1 Juni 2017 09:05", "2017-06-01T09:05:00+07:00"],
    ["1 Juli 2017 09:05", "2017-07-01T09:05:00+07:00"],
    ["1 Agustus 2017 09:05", "2017-08-01T09:05:00+07:00"],
    ["1 September 2017 09:05", "2017-09-01T09:05:00+07:00"],
    ["1 Oktober 2017 09:05", "2017-10-01T09:05:00+07:00"],
    ["1 November 2017 09:05", "2017-11-01T09:05:00+07:00"],
    ["1 Desember 2017 09:05", "2017-12-01T09:05:00+07:00"],
  ])("knows every Indonesian month: %s → %s", (text, iso) => {
    expect(parseIndonesianDate(text)).toBe(iso);
  });

  test("reads abbreviated months, a dot between hours and minutes and 'pukul'", () => {
    expect(parseIndonesianDate("Jum'at, 4 Agt. 2017 pukul 14.54 WIB")).toBe("2017-08-04T14:54:00+07:00");
    expect(parseIndonesianDate("4 Des 2017, 08:30:15")).toBe("2017-12-04T08:30:15+07:00");
  });

  test("uses the offset of WITA and WIT", () => {
    expect(parseIndonesianDate("4 Agustus 2017 14:54 WITA")).toBe("2017-08-04T14:54:00+08:00");
    expect(parseIndonesianDate("4 Agustus 2017 14:54 WIT")).toBe("2017-08-04T14:54:00+09:00");
  });

  test("gives the same moment whatever the process time zone is", () => {
    process.env.TZ = "America/Los_Angeles";
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe("America/Los_Angeles");
    expect(parseIndonesianDate("2 Agustus 2017 10:47")).toBe("2017-08-02T10:47:00+07:00");
  });

  test.each([
    ["a date without a time", "2 Agustus 2017"],
    ["an unknown month", "2 Agustos 2017 10:47"],
    ["an impossible day", "31 Februari 2017 10:47"],
    ["an impossible hour", "2 Agustus 2017 24:10"],
    ["a weekday that does not match the date", "Kamis, 4 Agustus 2017 14:54 WIB"],
    ["a relative date", "32 hari lalu"],
    ["extra text around the date", "Diperbarui 2 Agustus 2017 10:47"],
  ])("returns undefined for %s", (_, text) => {
    expect(parseIndonesianDate(text)).toBeUndefined();
  });
});

describe("checkArticleDate bounds", () => {
  test("rejects hour 24, minute 60 and offsets beyond ±14:59", () => {
    for (const value of ["2017-08-04T24:00:00+07:00", "2017-08-04T14:60:00+07:00", "2017-08-04T14:54:00+25:00", "2017-08-04T14:54:00+07:99"]) {
      expect(checkArticleDate(value).ok, value).toBe(false);
    }
    expect(checkArticleDate("2017-08-04T23:59:59-12:00").ok).toBe(true);
  });
});
