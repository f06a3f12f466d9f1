/**
 * `npm run build`'s memory cap (src/cli/build.ts, src/heap.ts): with ARSIP_HEAP_MB the build runs
 * in a second Node process whose heap is capped, and gives the same site.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { filesIn, makeTempDir, runBuild } from "./helpers/build.ts";

const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function outputDir(): Promise<string> {
  const dir = await makeTempDir("arsip-cli-build-");
  dirs.push(dir);
  return path.join(dir, "site");
}

describe("npm run build with ARSIP_HEAP_MB", () => {
  test("a capped build writes the same files as an uncapped one", async () => {
    const capped = await outputDir();
    const uncapped = await outputDir();
    const withCap = await runBuild({ OUTPUT_DIR: capped, ARSIP_HEAP_MB: "256" });
    const withoutCap = await runBuild({ OUTPUT_DIR: uncapped, ARSIP_HEAP_MB: "off" });
    expect(withCap.code).toBe(0);
    expect(withoutCap.code).toBe(0);
    expect(withCap.stdout).toMatch(/^Arsip Berita: 2 articles/m);
    expect(await filesIn(capped)).toEqual(await filesIn(uncapped));
    expect(await fs.readFile(path.join(capped, "index.html"), "utf8")).toBe(await fs.readFile(path.join(uncapped, "index.html"), "utf8"));
  });

  test("a budget that is not a number of megabytes stops the build with the fix", async () => {
    const site = await outputDir();
    const result = await runBuild({ OUTPUT_DIR: site, ARSIP_HEAP_MB: "banyak" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ARSIP_HEAP_MB must be a whole number of megabytes (64 or more) or "off", not "banyak".');
    await expect(fs.stat(site)).rejects.toThrow(/ENOENT/);
  });
});
