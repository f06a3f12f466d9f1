import { describe, expect, test } from "vitest";
import { coverageOf as coverageOfMonths, monthIndexOf, monthKeyOf } from "../../src/archive/coverage.ts";

const coverageOf = (dates: string[], options?: Parameters<typeof coverageOfMonths>[1]) => coverageOfMonths(dates.map(monthIndexOf), options);

describe("coverageOf", () => {
  test("counts articles per month in Jakarta time, with empty months between, and Indonesian labels", () => {
    const coverage = coverageOf([
      "2017-08-02T10:47:00+07:00",
      "2017-08-04T14:54:00+07:00",
      // 31 October 20:00 UTC is 1 November in Jakarta.
      "2017-10-31T20:00:00Z",
    ])!;
    expect(coverage.unit).toBe("month");
    expect(coverage.bars.map((bar) => [bar.label, bar.count])).toEqual([
      ["Agustus 2017", 2],
      ["September 2017", 0],
      ["Oktober 2017", 0],
      ["November 2017", 1],
    ]);
    expect(coverage).toMatchObject({ total: 3, max: 2, peak: "Agustus 2017", first: "Agustus 2017", last: "November 2017" });
  });

  test("draws the highest bar the full height and an empty month as no bar, side by side across the width", () => {
    const coverage = coverageOf(["2017-08-02T10:47:00+07:00", "2017-08-04T14:54:00+07:00", "2017-10-01T10:00:00+07:00"], { width: 300, height: 100, gap: 0, minSlots: 1 })!;
    expect(coverage.bars.map(({ x, y, width, height }) => ({ x, y, width, height }))).toEqual([
      { x: 0, y: 0, width: 100, height: 100 },
      { x: 100, y: 100, width: 100, height: 0 },
      { x: 200, y: 50, width: 100, height: 50 },
    ]);
  });

  test("keeps bars narrow when there are only a few months", () => {
    const [bar] = coverageOf(["2017-08-02T10:47:00+07:00"], { width: 480, gap: 0, minSlots: 12 })!.bars;
    expect(bar).toMatchObject({ x: 0, width: 40 });
  });

  test("counts per year when the span is longer than four years", () => {
    const coverage = coverageOf(["2012-01-05T10:00:00+07:00", "2012-06-05T10:00:00+07:00", "2017-08-02T10:47:00+07:00"])!;
    expect(coverage.unit).toBe("year");
    expect(coverage.bars.map((bar) => [bar.label, bar.count])).toEqual([
      ["2012", 2],
      ["2013", 0],
      ["2014", 0],
      ["2015", 0],
      ["2016", 0],
      ["2017", 1],
    ]);
  });

  test("has nothing to show for an empty list", () => {
    expect(coverageOf([])).toBeUndefined();
  });
});

describe("monthKeyOf", () => {
  test("names the month in Jakarta time, as the search index's filter values", () => {
    expect(monthKeyOf("2017-08-02T10:47:00+07:00")).toBe("2017-08");
    expect(monthKeyOf("2017-10-31T20:00:00Z")).toBe("2017-11");
  });
});
