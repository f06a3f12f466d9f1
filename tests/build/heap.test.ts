import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { baseHeapMb, countArticleFiles, heapBudgetMb, coresKept, heapPlan, parallelRenderFrom, parallelRenderUpTo, renderWorkers, serverHeap, serverHeapMb, uncappedBelow, type HeapSituation, type RenderSituation, type ServerHeapSituation } from "../../src/build/heap.ts";
import { writeFixture } from "../helpers/build.ts";

describe("heapBudgetMb", () => {
  test("grows with the archive from a fixed base", () => {
    expect(heapBudgetMb(0)).toBe(baseHeapMb);
    expect(heapBudgetMb(10_000)).toBeGreaterThan(heapBudgetMb(1_000));
    expect(heapBudgetMb(5_000) - heapBudgetMb(0)).toBe(5 * (heapBudgetMb(1_000) - heapBudgetMb(0)));
  });

  test("adds less per article past 10,000, keeping a 100,000-article build under 2,400 MB", () => {
    const perArticleTo10k = (heapBudgetMb(10_000) - heapBudgetMb(0)) / 10_000;
    const perArticleAfter = (heapBudgetMb(100_000) - heapBudgetMb(10_000)) / 90_000;
    expect(perArticleAfter).toBeCloseTo(perArticleTo10k / 2, 6);
    expect(heapBudgetMb(100_000)).toBeLessThanOrEqual(2_400);
    expect(heapBudgetMb(200_000) - heapBudgetMb(100_000)).toBe(10 * (heapBudgetMb(20_000) - heapBudgetMb(10_000)));
  });

  test("keeps a 10,000-article build under 600 MB of heap", () => {
    expect(heapBudgetMb(10_000)).toBeLessThanOrEqual(600);
  });

  test("gives whole megabytes", () => {
    expect(Number.isInteger(heapBudgetMb(12_345))).toBe(true);
  });
});

describe("countArticleFiles", () => {
  test("counts Markdown files in every folder and nothing else", async () => {
    const dir = await writeFixture({ "2017/a.md": "", "2017/b.md": "", "c.md": "", "notes.txt": "", "2018/gambar.jpg": "" });
    try {
      expect(await countArticleFiles(dir)).toBe(3);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test("gives 0 for a folder that does not exist", async () => {
    expect(await countArticleFiles(path.join("/nonexistent", "arsip"))).toBe(0);
  });
});

describe("heapPlan", () => {
  const large: HeapSituation = { setting: undefined, capped: false, articles: 10_000 };

  test("builds small archives here, uncapped", () => {
    expect(heapPlan({ ...large, articles: uncappedBelow - 1 })).toEqual({ where: "here" });
    expect(heapPlan({ ...large, articles: uncappedBelow })).toEqual({ where: "capped", budgetMb: heapBudgetMb(uncappedBelow) });
  });

  test("caps a large archive to its budget", () => {
    expect(heapPlan(large)).toEqual({ where: "capped", budgetMb: heapBudgetMb(10_000) });
  });

  test("takes ARSIP_HEAP_MB as the budget at any size, and off as no cap", () => {
    expect(heapPlan({ ...large, articles: 2, setting: "256" })).toEqual({ where: "capped", budgetMb: 256 });
    expect(heapPlan({ ...large, setting: "off" })).toEqual({ where: "here" });
  });

  test("leaves a cap set on the command line alone", () => {
    expect(heapPlan({ ...large, capped: true })).toEqual({ where: "here" });
  });

  test("refuses a budget that is not whole megabytes, 64 or more, saying what to write", () => {
    for (const setting of ["banyak", "12.5", "32"]) {
      expect(() => heapPlan({ ...large, setting })).toThrow(`ARSIP_HEAP_MB must be a whole number of megabytes (64 or more) or "off", not "${setting}".`);
    }
  });
});

describe("serverHeap", () => {
  const large: ServerHeapSituation = { setting: undefined, capped: false, articles: 100_000, limitMb: 2096 };

  test("asks for half as much again as a build's budget", () => {
    expect(serverHeapMb(100_000)).toBe(3528);
    expect(serverHeapMb(10_000)).toBe(Math.ceil(1.5 * heapBudgetMb(10_000)));
  });

  test("restarts with what the archive needs only where Node's own limit is lower", () => {
    expect(serverHeap(large)).toBe(serverHeapMb(100_000));
    expect(serverHeap({ ...large, limitMb: serverHeapMb(100_000) })).toBeUndefined();
    expect(serverHeap({ ...large, limitMb: 4144 })).toBeUndefined();
    expect(serverHeap({ ...large, articles: 10_000 })).toBeUndefined();
  });

  test("takes ARSIP_HEAP_MB as the heap at any size, and off as none; leaves a heap set on the command line alone", () => {
    expect(serverHeap({ ...large, articles: 2, limitMb: 4144, setting: "300" })).toBe(300);
    expect(serverHeap({ ...large, setting: "off" })).toBeUndefined();
    expect(serverHeap({ ...large, capped: true })).toBeUndefined();
    expect(() => serverHeap({ ...large, setting: "32" })).toThrow('ARSIP_HEAP_MB must be a whole number of megabytes (64 or more) or "off", not "32".');
  });
});

describe("renderWorkers", () => {
  const full: RenderSituation = { setting: undefined, articles: 3000, rendersEverything: true, cores: 4 };

  test("one worker per core past those kept, for a build that renders every page of an archive within the limits", () => {
    expect(renderWorkers(full)).toBe(4 - coresKept);
    expect(renderWorkers({ ...full, cores: 8 })).toBe(8 - coresKept);
    expect(renderWorkers({ ...full, articles: parallelRenderUpTo })).toBe(4 - coresKept);
    expect(renderWorkers({ ...full, articles: parallelRenderFrom })).toBe(4 - coresKept);
  });

  test("none for an update, a smaller or larger archive, or a machine with no core to spare", () => {
    expect(renderWorkers({ ...full, rendersEverything: false })).toBe(0);
    expect(renderWorkers({ ...full, articles: parallelRenderUpTo + 1 })).toBe(0);
    expect(renderWorkers({ ...full, articles: parallelRenderFrom - 1 })).toBe(0);
    expect(renderWorkers({ ...full, cores: 2 })).toBe(0);
    expect(renderWorkers({ ...full, cores: 1 })).toBe(0);
  });

  test("ARSIP_RENDER_WORKERS decides when set, and a bad value names the fix", () => {
    expect(renderWorkers({ ...full, setting: "0" })).toBe(0);
    expect(renderWorkers({ ...full, rendersEverything: false, setting: "2" })).toBe(2);
    for (const setting of ["-1", "1.5", "many", "17"]) {
      expect(() => renderWorkers({ ...full, setting })).toThrow(`ARSIP_RENDER_WORKERS must be a whole number from 0 to 16, not "${setting}".`);
    }
  });
});
