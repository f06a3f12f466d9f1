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
} from "../src/dates.ts";

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
});

describe("toUtcIso", () => {
  test("gives the same instant in UTC with a Z", () => {
    expect(toUtcIso("2017-08-04T14:54:00+07:00")).toBe("2017-08-04T07:54:00Z");
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

  test("accepts 29 Februari in a leap year only", () => {
    expect(checkArticleDate("2016-02-29T10:00:00+07:00").ok).toBe(true);
    expect(checkArticleDate("2017-02-29T10:00:00+07:00").ok).toBe(false);
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
