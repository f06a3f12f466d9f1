/**
 * bench/eleventy-floor.mjs: Eleventy alone rendering N pages of a one-line template, the floor
 * `npm run bench` sets beside Hugo. It must render exactly the pages asked for, or its figure
 * would be the floor of another site.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const run = promisify(execFile);

describe("bench/eleventy-floor.mjs", () => {
  test("renders the number of pages asked for and prints its figures as one JSON line", async () => {
    const { stdout } = await run(process.execPath, ["bench/eleventy-floor.mjs", "7"], { cwd: process.cwd() });
    const figures = JSON.parse(stdout.trim()) as { pages: number; importMs: number; renderMs: number; sinceStartMs: number; setupMs: number; compilations: number };
    expect(figures.pages).toBe(7);
    expect(figures.sinceStartMs).toBeGreaterThanOrEqual(figures.setupMs + figures.importMs + figures.renderMs);
    // As in the build (src/render/nunjucks-compile.ts): the template's source compiles once, not once a page.
    expect(figures.compilations).toBe(1);
  });

  test("refuses a count that is not a whole number of pages", async () => {
    await expect(run(process.execPath, ["bench/eleventy-floor.mjs", "zero"], { cwd: process.cwd() })).rejects.toThrow(/usage: node bench\/eleventy-floor\.mjs <pages>/);
  });
});
