/**
 * src/render/render-pool.ts: worker threads render batches with the same `renderWithEleventy` as
 * the main thread, so a page is the same bytes whichever thread writes it; `renderAll` shares the
 * jobs among the renderers and stops cleanly after a failure.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { renderWithEleventy } from "../../src/render/eleventy.ts";
import { startPageWriter } from "../../src/render/page-writer.ts";
import { bundledEntry, renderAll, startRenderPool, type Renderer, type RenderJob } from "../../src/render/render-pool.ts";
import { noPages, renderSetFor, sitePages, type SiteData } from "../../src/render/pages.ts";
import { readSettings } from "../../src/settings.ts";
import { archiveOf, hourlyArticles } from "../helpers/articles.ts";
import { filesIn, makeTempDir, projectRoot } from "../helpers/build.ts";

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

const settings = readSettings({ SITE_URL: "https://contoh.example/arsip/", PATH_PREFIX: "/arsip/" }, process.cwd());
const assets = { "/assets/style.css": "/assets/style.0123456789.css", "/assets/favicon.svg": "/assets/favicon.0123456789.svg", "/assets/search.js": "/assets/search.0123456789.js" };
const site: SiteData = { archive: archiveOf(hourlyArticles(6)), feeds: [], sitemap: [], searchShards: new Map([["2017-08", 6]]) };

async function contents(dir: string): Promise<Map<string, string>> {
  return new Map(await Promise.all((await filesIn(dir)).map(async (file) => [file, await fs.readFile(path.join(dir, file), "utf8")] as const)));
}

describe("startRenderPool", () => {
  test("a worker writes the same bytes as the main thread", async () => {
    const [here, there] = [await makeTempDir("arsip-pool-main-"), await makeTempDir("arsip-pool-worker-")];
    made.push(here, there);
    const set = renderSetFor(sitePages(site));
    const writer = startPageWriter();
    await renderWithEleventy(here, { settings, set, assets }, writer).finally(() => writer.close());
    const pool = startRenderPool(1);
    try {
      expect(pool.renderers).toHaveLength(2);
      await pool.renderers[1]!(there, { settings, set, assets });
    } finally {
      await pool.close();
    }
    const expected = await contents(here);
    expect(expected.size).toBeGreaterThan(10);
    expect(await contents(there)).toEqual(expected);
  });

  test("a failure in a worker rejects with its message", async () => {
    const dir = await makeTempDir("arsip-pool-fail-");
    made.push(dir);
    // The output folder is a file: Eleventy cannot create a page below it.
    const blocked = path.join(dir, "file");
    await fs.writeFile(blocked, "");
    const pool = startRenderPool(1);
    try {
      const set = { ...noPages(), articles: sitePages(site).articles.slice(0, 1) };
      await expect(pool.renderers[1]!(blocked, { settings, set, assets })).rejects.toThrow(/ENOTDIR|not a directory/);
    } finally {
      await pool.close();
    }
  });

  test("run from the bundle of src/ (bin/run.mjs), a worker starts from the bundled file it is given", async () => {
    const dir = await makeTempDir("arsip-pool-bundled-");
    made.push(dir);
    // Stands for the bundled render-worker.mjs: answers every batch with an error naming itself.
    const bundled = path.join(dir, "render-worker.mjs");
    await fs.writeFile(bundled, `import { parentPort } from "node:worker_threads";\nparentPort.on("message", ({ id }) => parentPort.postMessage({ id, error: new Error("dari bundel") }));\n`);
    const key = Symbol.for("arsip-berita.bundled-entries");
    const source = path.join(projectRoot, "src", "render", "render-worker.ts");
    Object.assign(globalThis, { [key]: { [source]: bundled } });
    try {
      expect(bundledEntry(source)).toBe(bundled);
      const pool = startRenderPool(1);
      try {
        await expect(pool.renderers[1]!(dir, { settings, set: noPages(), assets })).rejects.toThrow("dari bundel");
      } finally {
        await pool.close();
      }
    } finally {
      delete (globalThis as Record<symbol, unknown>)[key];
    }
    expect(bundledEntry(source)).toBeUndefined();
  });

  test("none asked: the main thread alone, whose pages are written once its render resolves", async () => {
    const dir = await makeTempDir("arsip-pool-alone-");
    made.push(dir);
    const pool = startRenderPool(0);
    try {
      expect(pool.renderers).toHaveLength(1);
      const set = renderSetFor(sitePages(site));
      await pool.renderers[0]!(dir, { settings, set, assets });
      expect((await filesIn(dir)).length).toBeGreaterThan(10);
      expect(await fs.readFile(path.join(dir, site.archive.articles[0]!.url.slice(1), "index.html"), "utf8")).toContain(site.archive.articles[0]!.title);
    } finally {
      await pool.close();
    }
  });
});

describe("renderAll", () => {
  const input = { settings, set: noPages(), assets };
  const jobs = (count: number, done: string[]): RenderJob[] => Array.from({ length: count }, (_, index) => ({ input, done: () => void done.push(`job ${index}`) }));

  test("gives every job to the first free renderer and calls its `done` once written", async () => {
    const taken: string[][] = [[], []];
    const renderers: Renderer[] = taken.map((list, which) => async () => {
      list.push(`r${which}`);
      await new Promise((resolve) => setTimeout(resolve, which === 0 ? 30 : 5));
    });
    const done: string[] = [];
    await renderAll(renderers, "/nowhere", jobs(6, done));
    expect(done.sort()).toEqual(["job 0", "job 1", "job 2", "job 3", "job 4", "job 5"]);
    // The faster renderer took more of the jobs.
    expect(taken[1]!.length).toBeGreaterThan(taken[0]!.length);
  });

  test("after a failure starts no job, waits for the one under way and rejects with the first failure", async () => {
    let slowEnded = false;
    const renderers: Renderer[] = [
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 40));
        slowEnded = true;
      },
      async () => {
        throw new Error("batch failed");
      },
    ];
    const done: string[] = [];
    await expect(renderAll(renderers, "/nowhere", jobs(5, done))).rejects.toThrow("batch failed");
    expect(slowEnded).toBe(true);
    expect(done).toEqual(["job 0"]);
  });

  test("stops before a job when `beforeEach` throws", async () => {
    let calls = 0;
    const renderers: Renderer[] = [async () => void (calls += 1)];
    await expect(
      renderAll(renderers, "/nowhere", jobs(3, []), () => {
        if (calls === 1) throw new Error("search failed");
      }),
    ).rejects.toThrow("search failed");
    expect(calls).toBe(1);
  });
});
