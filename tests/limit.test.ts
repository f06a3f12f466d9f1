import { describe, expect, test } from "vitest";
import { mapLimit } from "../src/limit.ts";

/** Resolves after `ms` milliseconds. */
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("mapLimit", () => {
  test("gives the results in the order of the items, whatever order the calls end in", async () => {
    const results = await mapLimit([30, 10, 20, 0], 2, async (ms, index) => {
      await delay(ms);
      return `${index}:${ms}`;
    });
    expect(results).toEqual(["0:30", "1:10", "2:20", "3:0"]);
  });

  test("never has more than `limit` calls in flight, and keeps that many busy", async () => {
    let inFlight = 0;
    let most = 0;
    await mapLimit(Array.from({ length: 50 }, (_, index) => index), 7, async (index) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await delay(index % 3);
      inFlight -= 1;
    });
    expect(most).toBe(7);
  });

  test("rejects with the first failure once the calls under way have ended, and starts no more", async () => {
    const started: number[] = [];
    const ended: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4, 5], 2, async (index) => {
      started.push(index);
      await delay(index === 1 ? 20 : 5);
      if (index === 0) throw new Error("gagal 0");
      if (index === 2) throw new Error("gagal 2");
      ended.push(index);
    });
    await expect(run).rejects.toThrow("gagal 0");
    // 1 was under way when 0 failed: it ended before the rejection. 3 and later never started.
    expect(ended).toEqual([1]);
    expect(started).toEqual([0, 1]);
  });

  test("handles no items, a limit above the count, and a limit below one", async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    expect(await mapLimit([1, 2], 100, async (item) => item * 2)).toEqual([2, 4]);
    expect(await mapLimit([1, 2], 0, async (item) => item * 2)).toEqual([2, 4]);
  });
});
