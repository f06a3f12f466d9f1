/**
 * `npm run build`'s memory cap (src/cli/build.ts, src/build/heap.ts): with ARSIP_HEAP_MB a build
 * that renders everything renders in a second Node process whose heap is capped, which hands the
 * search index and the swap back to the first; the site is the same. An update runs in the first
 * process, and loads Eleventy only when its plan has pages to render.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { searchCacheDir } from "../src/build/cache.ts";
import { pagefindBinary } from "../src/search/search-index.ts";
import { filesIn, makeTempDir, projectRoot, runBuild } from "./helpers/build.ts";

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
  test("a capped build writes the same bytes as an uncapped one", async () => {
    const capped = await outputDir();
    const uncapped = await outputDir();
    const withCap = await runBuild({ OUTPUT_DIR: capped, ARSIP_HEAP_MB: "256", BENCH_REPORT: "1" });
    const withoutCap = await runBuild({ OUTPUT_DIR: uncapped, ARSIP_HEAP_MB: "off" });
    expect(withCap.code).toBe(0);
    expect(withoutCap.code).toBe(0);
    expect(withCap.stderr).toBe("");
    expect(withCap.stdout).toMatch(/^Arsip Berita: 2 articles .* in [\d.]+ s$/m);
    const reports = [...withCap.stdout.matchAll(/^bench-report (.*)$/gm)].map((match) => JSON.parse(match[1]!) as Record<string, number>);
    // The capped process renders and hands the rest over; the one that started it indexes and swaps.
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatchObject({ heapLimitMB: expect.any(Number) });
    expect(reports[0]!.heapLimitMB).toBeLessThan(400);
    expect(reports[0]).not.toHaveProperty("searchIndexMs");
    expect(reports[1]).toMatchObject({ searchShards: 1 });
    expect(reports[1]).not.toHaveProperty("heapLimitMB");
    expect(await filesIn(capped)).toEqual(await filesIn(uncapped));
    for (const file of await filesIn(capped)) {
      expect(await fs.readFile(path.join(capped, file)), file).toEqual(await fs.readFile(path.join(uncapped, file)));
    }
    // Nothing left beside the output: no staging folder.
    expect(await fs.readdir(path.dirname(capped))).toEqual(["site"]);
    const again = await runBuild({ OUTPUT_DIR: capped, ARSIP_HEAP_MB: "256" });
    expect(again.stdout).toMatch(/incremental: 0 of \d+ pages rendered/);
  });

  test("a clean build copies the search bundles the cache keeps instead of running Pagefind", async () => {
    const site = await outputDir();
    // Pagefind behind a script that counts its runs.
    const runs = path.join(path.dirname(site), "runs.log");
    const binary = path.join(path.dirname(site), "pagefind-counted");
    await fs.writeFile(binary, `#!/bin/sh\necho run >> "${runs}"\nexec "${pagefindBinary()}" "$@"\n`, { mode: 0o755 });
    const countRuns = () => fs.readFile(runs, "utf8").then((text) => text.split("\n").filter(Boolean).length, () => 0);
    const env = { OUTPUT_DIR: site, ARSIP_HEAP_MB: "256", BENCH_REPORT: "1", PAGEFIND_BINARY_PATH: binary };

    const first = await runBuild(env);
    expect(first.code).toBe(0);
    expect(await countRuns()).toBe(1);
    const before = await Promise.all((await filesIn(site)).map(async (file) => [file, await fs.readFile(path.join(site, file))]));
    await fs.rm(site, { recursive: true });
    const again = await runBuild(env);
    expect(again.code).toBe(0);
    expect(await countRuns()).toBe(1);
    expect(again.stdout).toMatch(/"searchShards":1,"searchRestored":1/);
    expect(await Promise.all((await filesIn(site)).map(async (file) => [file, await fs.readFile(path.join(site, file))]))).toEqual(before);

    // Another address is another index: Pagefind runs, and the cache keeps only the new bundle.
    const moved = await runBuild({ ...env, PATH_PREFIX: "/arsip/", SITE_URL: "https://contoh.test/arsip/" }, ["--full"]);
    expect(moved.code).toBe(0);
    expect(await countRuns()).toBe(2);
    expect(await fs.readdir(searchCacheDir(site))).toHaveLength(1);
  });

  test("a capped build whose search index fails leaves the previous output and nothing else", async () => {
    const site = await outputDir();
    expect((await runBuild({ OUTPUT_DIR: site, ARSIP_HEAP_MB: "off" })).code).toBe(0);
    const before = await filesIn(site);
    const failed = await runBuild({ OUTPUT_DIR: site, ARSIP_HEAP_MB: "256", PAGEFIND_BINARY_PATH: path.join(site, "tidak-ada") }, ["--full"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("Build stopped; nothing was written (the previous output is unchanged).");
    expect(failed.stderr).toContain(`Search index (Pagefind) could not start ${path.join(site, "tidak-ada")}`);
    expect(await filesIn(site)).toEqual(before);
    expect(await fs.readdir(path.dirname(site))).toEqual(["site"]);
  });

  test("an update runs uncapped, also one that restores a page deleted from the output", async () => {
    const site = await outputDir();
    const env = { OUTPUT_DIR: site, ARSIP_HEAP_MB: "256", BENCH_REPORT: "1" };
    const heapLimits = (stdout: string) =>
      [...stdout.matchAll(/^bench-report (.*)$/gm)].map((match) => JSON.parse(match[1]!) as { heapLimitMB?: number; incremental: boolean }).filter((report): report is { heapLimitMB: number; incremental: boolean } => report.heapLimitMB !== undefined);
    const first = await runBuild(env);
    expect(first.code).toBe(0);
    const [full] = heapLimits(first.stdout);
    expect(full).toMatchObject({ incremental: false });
    expect(full!.heapLimitMB).toBeLessThan(400);

    const second = await runBuild(env);
    expect(second.code).toBe(0);
    const [update] = heapLimits(second.stdout);
    expect(update).toMatchObject({ incremental: true });
    expect(update!.heapLimitMB).toBeGreaterThan(full!.heapLimitMB + 200);

    // A page deleted from the output by hand is written again, and only it.
    const before = await filesIn(site);
    await fs.rm(path.join(site, "index.html"));
    const third = await runBuild(env);
    expect(third.code).toBe(0);
    const reports = heapLimits(third.stdout);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ incremental: true, rendered: 1 });
    expect(await filesIn(site)).toEqual(before);
  });

  test("a budget that is not a number of megabytes stops the build with the fix", async () => {
    const site = await outputDir();
    const result = await runBuild({ OUTPUT_DIR: site, ARSIP_HEAP_MB: "banyak" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ARSIP_HEAP_MB must be a whole number of megabytes (64 or more) or "off", not "banyak".');
    await expect(fs.stat(site)).rejects.toThrow(/ENOENT/);
  });
});

describe("npm run build's output", () => {
  test("off a terminal: one line per step, then the summary; no progress line rewritten in place", async () => {
    const result = await runBuild({ OUTPUT_DIR: await outputDir() });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.slice(0, -1).map((line) => line.replace(/[\d.]+ s$/, "N s"))).toEqual(
      ["load", "plan", "stage", "render", "search", "check", "swap"].map((step) => `  ${step} done in N s`),
    );
    expect(lines.at(-1)).toMatch(/^Arsip Berita: 2 articles .* in [\d.]+ s$/);
    expect(result.stdout).not.toMatch(/\r|\u001b/);
  });

  test("on a terminal: progress for reading, rendering and search is rewritten in place", async () => {
    const site = await outputDir();
    // `script` gives the build a pseudo-terminal, as a person running it in one has.
    const command = `node bin/run.mjs src/cli/build.ts`;
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn("script", ["-qec", command, "/dev/null"], { cwd: projectRoot, env: { ...process.env, OUTPUT_DIR: site, ELEVENTY_RUN_MODE: "" } });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("close", (code) => resolve({ code, output }));
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/\r {2}reading 2 of 2 articles\u001b\[K/);
    expect(result.output).toMatch(/\r {2}rendering \d+ of \d+ pages · search \d+ of 1\u001b\[K/);
    expect(result.output).toMatch(/\r\u001b\[K {2}load done in [\d.]+ s/);
    expect(result.output).toMatch(/Arsip Berita: 2 articles/);
  });
});

/**
 * A module for `node --import`: registers a resolve hook that appends each module it resolves in
 * Eleventy's own package to `log`.
 */
async function eleventyRecorder(dir: string, log: string): Promise<string> {
  const hooks = path.join(dir, "hooks.mjs");
  await fs.writeFile(
    hooks,
    [
      `import fs from "node:fs";`,
      `let log;`,
      `export function initialize(data) { log = data.log; }`,
      `export async function resolve(specifier, context, next) {`,
      `  const result = await next(specifier, context);`,
      `  if (result.url.includes("/node_modules/@11ty/eleventy/")) fs.appendFileSync(log, result.url + "\\n");`,
      `  return result;`,
      `}`,
      "",
    ].join("\n"),
  );
  const recorder = path.join(dir, "record.mjs");
  await fs.writeFile(recorder, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: ${JSON.stringify(log)} } });\n`);
  return recorder;
}

describe("npm run build loads Eleventy only to render", () => {
  test("not for an update that finds nothing to write; for a first build and one with an edit", async () => {
    const dir = await makeTempDir("arsip-cli-lazy-");
    dirs.push(dir);
    const articles = path.join(dir, "articles");
    await fs.cp(path.join(projectRoot, "articles"), articles, { recursive: true });
    const log = path.join(dir, "eleventy.log");
    const env = { ARTICLES_DIR: articles, OUTPUT_DIR: path.join(dir, "site"), ARSIP_CACHE_DIR: path.join(dir, "cache"), NODE_OPTIONS: `--import=${pathToFileURL(await eleventyRecorder(dir, log)).href}` };
    const loaded = async () => (await fs.readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean).length;

    const first = await runBuild(env);
    expect(first.code, first.stderr).toBe(0);
    expect(await loaded()).toBeGreaterThan(10);

    await fs.rm(log);
    const again = await runBuild(env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/incremental: 0 of \d+ pages rendered/);
    expect(await loaded()).toBe(0);

    const [file] = (await filesIn(articles)).filter((name) => name.endsWith(".md"));
    const text = await fs.readFile(path.join(articles, file!), "utf8");
    await fs.writeFile(path.join(articles, file!), text.replace(/\n([^\n]+)\n*$/, "\n$1 Ditambah.\n"));
    const edited = await runBuild(env);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toMatch(/incremental: [1-9]\d* of \d+ pages rendered/);
    expect(await loaded()).toBeGreaterThan(10);
  });
});
