import { describe, expect, test } from "vitest";
import { jsonEqual } from "../../src/build/json-equal.ts";

/** What jsonEqual promises: true only when the JSON is the same. */
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

describe("jsonEqual", () => {
  test("is true for values that serialise alike, however they were made", () => {
    const pairs: [unknown, unknown][] = [
      [1, 1],
      ["a", "a"],
      [null, null],
      [true, true],
      [0, -0],
      [{ a: 1, b: [1, "x", { c: null }] }, { a: 1, b: [1, "x", { c: null }] }],
      [{ a: 1, b: undefined }, { a: 1 }],
      [{ a: 1 }, { a: 1, b: () => 2 }],
      [[undefined, 1], [null, 1]],
      [[() => 1], [Symbol("x")]],
      [Object.assign(Object.create(null) as object, { a: 1 }), { a: 1 }],
      [[], []],
      [{}, {}],
    ];
    for (const [a, b] of pairs) {
      expect(sameJson(a, b), JSON.stringify([a, b])).toBe(true);
      expect(jsonEqual(a, b), JSON.stringify([a, b])).toBe(true);
    }
  });

  test("is false whenever the JSON differs: values, key order, lengths, kinds", () => {
    const pairs: [unknown, unknown][] = [
      [1, 2],
      ["a", "b"],
      [1, "1"],
      [null, 0],
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      [{ a: 1 }, { a: 1, b: 2 }],
      [{ a: undefined }, { a: null }],
      [[1, 2], [1, 2, 3]],
      [[1], { 0: 1 }],
      [{ a: [1, { b: "x" }] }, { a: [1, { b: "y" }] }],
      [[undefined], []],
    ];
    for (const [a, b] of pairs) {
      expect(sameJson(a, b), JSON.stringify([a, b])).toBe(false);
      expect(jsonEqual(a, b), JSON.stringify([a, b])).toBe(false);
      expect(jsonEqual(b, a), JSON.stringify([b, a])).toBe(false);
    }
  });

  test("says false where it cannot tell cheaply: toJSON, Dates, Maps, class instances, NaN", () => {
    class Point {
      constructor(readonly x: number) {}
    }
    expect(jsonEqual(new Date(0), new Date(0))).toBe(false);
    expect(jsonEqual({ toJSON: () => 1 }, { toJSON: () => 1 })).toBe(false);
    expect(jsonEqual(new Map([[1, 2]]), new Map([[1, 2]]))).toBe(false);
    expect(jsonEqual(new Point(1), new Point(1))).toBe(false);
    expect(jsonEqual(Number.NaN, Number.NaN)).toBe(false);
  });

  test("leaves the `skip` keys out at the top level only, as if deleted from both", () => {
    expect(jsonEqual({ a: 1, related: [1] }, { a: 1, related: [2] }, new Set(["related"]))).toBe(true);
    expect(jsonEqual({ a: 1, related: [1] }, { a: 1 }, new Set(["related"]))).toBe(true);
    expect(jsonEqual({ a: 2, related: [1] }, { a: 1, related: [1] }, new Set(["related"]))).toBe(false);
    expect(jsonEqual({ x: { related: 1 } }, { x: { related: 2 } }, new Set(["related"]))).toBe(false);
  });

  test("agrees with JSON.stringify on many random values", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const leaves = [0, 1, -0, "a", "b", "", null, undefined, true, false];
    const make = (depth: number): unknown => {
      const pick = random();
      if (depth === 0 || pick < 0.4) return leaves[Math.floor(random() * leaves.length)];
      if (pick < 0.7) return Array.from({ length: Math.floor(random() * 3) }, () => make(depth - 1));
      const object: Record<string, unknown> = {};
      for (const key of ["a", "b", "c"]) if (random() < 0.6) object[key] = make(depth - 1);
      return object;
    };
    for (let round = 0; round < 3000; round++) {
      const a = make(3);
      const b = random() < 0.5 ? structuredClone(a) : make(3);
      expect(jsonEqual(a, b), JSON.stringify([a, b])).toBe(sameJson(a, b));
    }
  });
});
