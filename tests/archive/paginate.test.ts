import { describe, expect, test } from "vitest";
import { pageSize, pageWindow, paginate } from "../../src/archive/paginate.ts";

/** `count` items, newest first: the newest is `count`, the oldest 1, as articles added one by one. */
const newestFirst = (count: number) => Array.from({ length: count }, (_, index) => count - index);
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, index) => from - index);

describe("paginate", () => {
  test("gives an empty list one empty newest page at the first URL, without navigation", () => {
    const pages = paginate([], "/x/");
    expect(pages).toEqual([{ url: "/x/", firstUrl: "/x/", items: [], newerUrl: undefined, olderUrl: undefined, nav: [] }]);
  });

  test("keeps up to 39 items on the newest page", () => {
    expect(pageSize).toBe(20);
    for (const count of [1, 20, 39]) {
      const pages = paginate(newestFirst(count), "/x/");
      expect(pages).toHaveLength(1);
      expect(pages[0]).toMatchObject({ url: "/x/", items: newestFirst(count), nav: [] });
      expect(pages[0]!.number).toBeUndefined();
      expect(pages[0]!.olderUrl).toBeUndefined();
    }
  });

  test("moves the oldest 20 of 40 items to page 1 at /halaman/1/", () => {
    const [newest, first, ...rest] = paginate(newestFirst(40), "/x/");
    expect(rest).toEqual([]);
    expect(newest).toMatchObject({ url: "/x/", items: range(40, 21), olderUrl: "/x/halaman/1/" });
    expect(newest!.newerUrl).toBeUndefined();
    expect(first).toMatchObject({ number: 1, url: "/x/halaman/1/", items: range(20, 1), newerUrl: "/x/" });
    expect(first!.olderUrl).toBeUndefined();
  });

  test("numbers pages from the oldest and links each to its newer and older neighbour", () => {
    const pages = paginate(newestFirst(85), "/topik/telegram/");
    expect(pages.map((page) => [page.newerUrl, page.url, page.olderUrl, page.items.length])).toEqual([
      [undefined, "/topik/telegram/", "/topik/telegram/halaman/3/", 25],
      ["/topik/telegram/", "/topik/telegram/halaman/3/", "/topik/telegram/halaman/2/", 20],
      ["/topik/telegram/halaman/3/", "/topik/telegram/halaman/2/", "/topik/telegram/halaman/1/", 20],
      ["/topik/telegram/halaman/2/", "/topik/telegram/halaman/1/", undefined, 20],
    ]);
    expect(pages[3]!.items).toEqual(range(20, 1));
  });

  test("gives every page the list's first URL", () => {
    expect(paginate(newestFirst(85), "/x/").map((page) => page.firstUrl)).toEqual(["/x/", "/x/", "/x/", "/x/"]);
  });

  test("shows every item exactly once, newest first, newest page first", () => {
    for (const count of [0, 1, 19, 20, 21, 39, 40, 41, 59, 60, 61, 200, 219]) {
      expect(paginate(newestFirst(count), "/x/").flatMap((page) => page.items)).toEqual(newestFirst(count));
    }
  });

  test("holds `size` items on numbered pages and `size` to 2 × `size` − 1 on the newest", () => {
    expect(paginate(newestFirst(7), "/x/", 3).map((page) => page.items)).toEqual([[7, 6, 5, 4], [3, 2, 1]]);
    for (let count = 20; count <= 120; count++) {
      const [newest, ...numbered] = paginate(newestFirst(count), "/x/");
      expect(newest!.items.length).toBeGreaterThanOrEqual(20);
      expect(newest!.items.length).toBeLessThan(40);
      for (const page of numbered) expect(page.items).toHaveLength(20);
    }
  });

  test("never changes a numbered page's items when a newer item is added", () => {
    for (let count = 0; count <= 130; count++) {
      const before = paginate(newestFirst(count), "/x/").filter((page) => page.number !== undefined);
      const after = new Map(paginate(newestFirst(count + 1), "/x/").map((page) => [page.url, page]));
      for (const page of before) expect(after.get(page.url)?.items).toEqual(page.items);
    }
  });

  test("changes only the newest page and the few pages next to it when an item is added", () => {
    const changed = (count: number) => {
      const after = new Map(paginate(newestFirst(count + 1), "/x/").map((page) => [page.url, page]));
      return paginate(newestFirst(count), "/x/")
        .filter((page) => JSON.stringify(page) !== JSON.stringify(after.get(page.url)))
        .map((page) => page.number ?? "newest");
    };
    // Within a group of 20: the newest page only.
    expect(changed(205)).toEqual(["newest"]);
    // When the newest page passes 39 items: it gives 20 to the new page 10, whose neighbours'
    // navigation changes (pages 9, 8 and 7 now show it, or the gap before the newest page).
    expect(changed(219)).toEqual(["newest", 9, 8, 7]);
    const added = (count: number) => paginate(newestFirst(count + 1), "/x/").length - paginate(newestFirst(count), "/x/").length;
    expect(added(219)).toBe(1);
    expect(added(205)).toBe(0);
  });

  test("navigates newest first: the newest page, two pages either side of the current one, page 1", () => {
    const pages = paginate(newestFirst(200), "/x/");
    const page5 = pages.find((page) => page.number === 5)!;
    expect(page5.nav).toEqual([
      { url: "/x/", current: false },
      { gap: true },
      { number: 7, url: "/x/halaman/7/", current: false },
      { number: 6, url: "/x/halaman/6/", current: false },
      { number: 5, url: "/x/halaman/5/", current: true },
      { number: 4, url: "/x/halaman/4/", current: false },
      { number: 3, url: "/x/halaman/3/", current: false },
      { gap: true },
      { number: 1, url: "/x/halaman/1/", current: false },
    ]);
    expect(pages[0]!.nav).toEqual([
      { url: "/x/", current: true },
      { number: 9, url: "/x/halaman/9/", current: false },
      { number: 8, url: "/x/halaman/8/", current: false },
      { gap: true },
      { number: 1, url: "/x/halaman/1/", current: false },
    ]);
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
