import { describe, expect, test } from "vitest";
import { pageSize, pageUrl, pageWindow, paginate } from "../src/paginate.ts";

const numbers = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

describe("paginate", () => {
  test("gives an empty list one empty page at the first URL", () => {
    const pages = paginate([], "/x/");
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ number: 1, total: 1, url: "/x/", items: [], nav: [{ number: 1, url: "/x/", current: true }] });
    expect(pages[0]!.previousUrl).toBeUndefined();
    expect(pages[0]!.nextUrl).toBeUndefined();
  });

  test("puts one item on one page without neighbours", () => {
    const pages = paginate(["a"], "/x/");
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ number: 1, total: 1, url: "/x/", items: ["a"] });
    expect(pages[0]!.previousUrl).toBeUndefined();
    expect(pages[0]!.nextUrl).toBeUndefined();
  });

  test("puts exactly 20 items on one page", () => {
    expect(pageSize).toBe(20);
    const pages = paginate(numbers(20), "/x/");
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items).toEqual(numbers(20));
    expect(pages[0]!.nextUrl).toBeUndefined();
  });

  test("puts the 21st item on a second page at /halaman/2/", () => {
    const [first, second, ...rest] = paginate(numbers(21), "/x/");
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ number: 1, total: 2, url: "/x/", items: numbers(20), nextUrl: "/x/halaman/2/" });
    expect(first!.previousUrl).toBeUndefined();
    expect(second).toMatchObject({ number: 2, total: 2, url: "/x/halaman/2/", items: [21], previousUrl: "/x/" });
    expect(second!.nextUrl).toBeUndefined();
  });

  test("links each middle page to the pages before and after it", () => {
    const pages = paginate(numbers(45), "/topik/telegram/");
    expect(pages.map((page) => [page.previousUrl, page.url, page.nextUrl])).toEqual([
      [undefined, "/topik/telegram/", "/topik/telegram/halaman/2/"],
      ["/topik/telegram/", "/topik/telegram/halaman/2/", "/topik/telegram/halaman/3/"],
      ["/topik/telegram/halaman/2/", "/topik/telegram/halaman/3/", undefined],
    ]);
    expect(pages.map((page) => page.items.length)).toEqual([20, 20, 5]);
  });

  test("tells every page the URL of page 1", () => {
    expect(paginate(numbers(45), "/x/").map((page) => page.firstUrl)).toEqual(["/x/", "/x/", "/x/"]);
  });

  test("keeps every item once, in order", () => {
    expect(paginate(numbers(61), "/x/").flatMap((page) => page.items)).toEqual(numbers(61));
  });

  test("honours another page size", () => {
    expect(paginate(numbers(7), "/x/", 3).map((page) => page.items)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  test("marks the current page in the numbered navigation and leaves gaps", () => {
    const pages = paginate(numbers(200), "/x/");
    expect(pages[5]!.nav).toEqual([
      { number: 1, url: "/x/", current: false },
      { gap: true },
      { number: 4, url: "/x/halaman/4/", current: false },
      { number: 5, url: "/x/halaman/5/", current: false },
      { number: 6, url: "/x/halaman/6/", current: true },
      { number: 7, url: "/x/halaman/7/", current: false },
      { number: 8, url: "/x/halaman/8/", current: false },
      { gap: true },
      { number: 10, url: "/x/halaman/10/", current: false },
    ]);
  });
});

describe("pageUrl", () => {
  test("gives page 1 the first URL and later pages /halaman/<n>/", () => {
    expect(pageUrl("/x/", 1)).toBe("/x/");
    expect(pageUrl("/x/", 2)).toBe("/x/halaman/2/");
    expect(pageUrl("/", 3)).toBe("/halaman/3/");
  });
});

describe("pageWindow", () => {
  test("shows every page when there are few", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(3, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  test("shows the first and last page and two on each side of the current one", () => {
    expect(pageWindow(6, 20)).toEqual([1, "gap", 4, 5, 6, 7, 8, "gap", 20]);
  });

  test("leaves no gap at the start near the first page", () => {
    expect(pageWindow(1, 20)).toEqual([1, 2, 3, "gap", 20]);
    expect(pageWindow(4, 20)).toEqual([1, 2, 3, 4, 5, 6, "gap", 20]);
  });

  test("leaves no gap at the end near the last page", () => {
    expect(pageWindow(20, 20)).toEqual([1, "gap", 18, 19, 20]);
    expect(pageWindow(17, 20)).toEqual([1, "gap", 15, 16, 17, 18, 19, 20]);
  });

  test("marks a gap of a single page as a gap too", () => {
    expect(pageWindow(5, 20)).toEqual([1, "gap", 3, 4, 5, 6, 7, "gap", 20]);
  });

  test("honours another radius", () => {
    expect(pageWindow(10, 20, 1)).toEqual([1, "gap", 9, 10, 11, "gap", 20]);
  });
});
