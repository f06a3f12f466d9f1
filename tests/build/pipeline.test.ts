/**
 * `build` with `deferSearch` (src/build/pipeline.ts), as the dev server runs it: the pages of an
 * update are swapped in while the search shards it touches keep their older bundles, then those
 * are indexed and swapped in; each swap is whole, a failure of the second leaves the first's site
 * served, and the end is byte-identical to a clean build. And `build` over a spare that lacks a
 * file, with and without the look at the spare (src/build/look-ahead.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { generateCorpus } from "../../bench/corpus.ts";
import { manifestDir } from "../../src/build/manifest.ts";
import { build, DeferredSearchError, type BuildOptions } from "../../src/build/pipeline.ts";
import { readSettings, type Settings } from "../../src/settings.ts";
import { makeTempDir, projectRoot, runBuild } from "../helpers/build.ts";
import { differences, snapshot } from "../helpers/trust.ts";

let articles: string;
let cacheDir: string;
let settings: Settings;

const article = (title: string, date: string) => `---\ntitle: "${title}"\ndate: "${date}"\nsource: tempo\ntags: [Nasional]\n---\n\nParagraf sintetis untuk uji, bukan berita.\n`;

/** The inode of each search shard's entry file: a shard indexed again has a new file. */
async function shardEntries(dir: string): Promise<Map<string, number>> {
  const names = (await fs.readdir(path.join(dir, "pagefind"))).filter((name) => /^\d{4}(-\d\d)?$/.test(name));
  return new Map(await Promise.all(names.map(async (name) => [name, (await fs.stat(path.join(dir, "pagefind", name, "pagefind-entry.json"))).ino] as const)));
}

/** What is served right now: the page added in `year`, the record the marker names, each shard's entry file. */
function servedNow(year: string): { page: boolean; record: boolean; entries: Map<string, number> } {
  const dir = settings.outputDir;
  const marker = JSON.parse(readFileSync(path.join(dir, ".arsip-output.json"), "utf8")) as { build: string };
  const names = readdirSync(path.join(dir, "pagefind")).filter((name) => /^\d{4}(-\d\d)?$/.test(name));
  return {
    page: existsSync(path.join(dir, year, "06", "15", "artikel-uji-indeks-yang-ditunda", "index.html")),
    record: existsSync(path.join(manifestDir(cacheDir, dir), `${marker.build}.json`)),
    entries: new Map(names.map((name) => [name, statSync(path.join(dir, "pagefind", name, "pagefind-entry.json")).ino])),
  };
}

/** Every file of `dir` but the marker (which names the mode) equals a clean `--full` build of the articles. */
async function expectCleanBuild(dir: string): Promise<void> {
  const clean = path.join(await makeTempDir("arsip-defer-clean-"), "site");
  const result = await runBuild({ ARTICLES_DIR: articles, OUTPUT_DIR: clean, ARSIP_CACHE_DIR: await makeTempDir("arsip-defer-clean-cache-") }, ["--full"]);
  expect(result.code, result.stderr).toBe(0);
  expect(differences(await snapshot(dir), await snapshot(clean)).filter((file) => file !== ".arsip-output.json")).toEqual([]);
}

const options = (extra: BuildOptions = {}): BuildOptions => ({ cacheDir, projectDir: projectRoot, deferSearch: true, ...extra });

beforeAll(async () => {
  articles = await makeTempDir("arsip-defer-articles-");
  await generateCorpus({ n: 24, seed: 23, dir: articles });
  cacheDir = await makeTempDir("arsip-defer-cache-");
  settings = readSettings({ ARTICLES_DIR: articles, OUTPUT_DIR: path.join(await makeTempDir("arsip-defer-out-"), "site") }, projectRoot, "development");
  await build(settings, options());
});

const binaryVariable = "PAGEFIND_EXTENDED_BINARY_PATH";
const binaryBefore = process.env[binaryVariable];
afterEach(() => {
  if (binaryBefore === undefined) delete process.env[binaryVariable];
  else process.env[binaryVariable] = binaryBefore;
});

describe("build with deferSearch", () => {
  test("serves the new page with the shard's older bundle after the first swap, then the new bundle, and ends as a clean build", async () => {
    const year = (await fs.readdir(articles)).filter((name) => /^\d{4}$/.test(name)).sort()[1]!;
    const before = await shardEntries(settings.outputDir);
    let served: { page: boolean; entries: Map<string, number>; record: boolean } | undefined;
    const steps: string[] = [];
    await fs.writeFile(path.join(articles, year, "uji-tunda.md"), article("Artikel uji indeks yang ditunda", `${year}-06-15T09:00:00+07:00`));
    const report = await build(settings, {
      ...options(),
      onStep: (name) => {
        steps.push(name);
        // At the first swap, synchronously, before the build goes on: what a reader sees between the two.
        if (name === "swap") served = servedNow(year);
      },
    });
    expect(steps).toEqual(["load", "plan", "stage", "render", "search", "check", "swap", "restage", "reindex", "recheck", "reswap"]);
    expect(report.indexed).toBe(1);
    // At the first swap: the page and the record of that site were in place, every shard as before.
    expect(served).toEqual({ page: true, record: true, entries: before });
    // At the end: the year's shard is new, the others are the same files.
    const after = await shardEntries(settings.outputDir);
    expect(after.get(year)).not.toBe(before.get(year));
    for (const [shard, ino] of before) if (shard !== year) expect(after.get(shard), shard).toBe(ino);
    await expectCleanBuild(settings.outputDir);
  });

  test("a failure to index after the first swap leaves the new pages served with the older index, and the next build indexes it", async () => {
    const year = (await fs.readdir(articles)).filter((name) => /^\d{4}$/.test(name)).sort()[2]!;
    const before = await shardEntries(settings.outputDir);
    const failing = path.join(await makeTempDir("arsip-defer-pagefind-"), "pagefind");
    await fs.writeFile(failing, "#!/bin/sh\necho 'pagefind sintetis gagal' >&2\nexit 1\n", { mode: 0o755 });
    await fs.writeFile(path.join(articles, year, "uji-gagal.md"), article("Artikel uji indeks yang gagal", `${year}-03-10T09:00:00+07:00`));
    const failed = build(settings, {
      ...options(),
      // Pagefind fails from the first swap on.
      onStep: (name) => void (name === "swap" && (process.env[binaryVariable] = failing)),
    });
    await expect(failed).rejects.toThrow(DeferredSearchError);
    await expect(failed).rejects.toThrow(/pages are in place/);
    await fs.stat(path.join(settings.outputDir, year, "03", "10", "artikel-uji-indeks-yang-gagal", "index.html"));
    expect(await shardEntries(settings.outputDir)).toEqual(before);

    process.env[binaryVariable] = binaryBefore ?? "";
    if (binaryBefore === undefined) delete process.env[binaryVariable];
    const next = await build(settings, options());
    expect(next.rendered).toBe(0);
    expect(next.indexed).toBe(1);
    await expectCleanBuild(settings.outputDir);
  });
});

describe("build over a spare that lacks a file", () => {
  test("with a look at the spare (one-shot) the update takes the file from the output and says so; without one (the dev server) the check before the swap refuses the site", async () => {
    const ownArticles = await makeTempDir("arsip-look-articles-");
    await generateCorpus({ n: 6, seed: 31, dir: ownArticles });
    const ownCache = await makeTempDir("arsip-look-cache-");
    const own = readSettings({ ARTICLES_DIR: ownArticles, OUTPUT_DIR: path.join(await makeTempDir("arsip-look-out-"), "site") }, projectRoot, "development");
    const spare = path.join(path.dirname(own.outputDir), ".site.arsip-spare");
    const year = (await fs.readdir(ownArticles)).filter((name) => /^\d{4}$/.test(name)).sort()[0]!;
    let added = 0;
    /** Adds an article, so that the next build is an update that stages in the spare. */
    const addArticle = () => fs.writeFile(path.join(ownArticles, year, `uji-cadangan-${++added}.md`), article(`Artikel uji cadangan ${added}`, `${year}-02-0${added}T09:00:00+07:00`));
    /** Deletes the favicon (an asset no update rewrites) from the spare; its path below the site. */
    const damageSpare = async () => {
      const name = (await fs.readdir(path.join(spare, "assets"))).find((file) => file.startsWith("favicon."))!;
      await fs.rm(path.join(spare, "assets", name));
      return `assets/${name}`;
    };
    const ownOptions = (extra: BuildOptions = {}): BuildOptions => ({ cacheDir: ownCache, projectDir: projectRoot, ...extra });
    await build(own, ownOptions());
    await addArticle();
    await build(own, ownOptions());

    const lacked = await damageSpare();
    await addArticle();
    const repaired = await build(own, ownOptions());
    expect(repaired.site.notices).toContain(`${spare} lacked 1 files of its record (deleted by hand?), e.g. ${lacked}; this build took them from the current output or wrote them again.`);
    await fs.access(path.join(own.outputDir, lacked));

    const missing = await damageSpare();
    await addArticle();
    const before = await snapshot(own.outputDir);
    await expect(build(own, ownOptions({ lookAhead: false }))).rejects.toThrow(`The staged site lacks 1 files it should hold, e.g. ${missing}; nothing was put in place.`);
    expect(differences(await snapshot(own.outputDir), before)).toEqual([]);

    await build(own, ownOptions());
    const clean = path.join(await makeTempDir("arsip-look-clean-"), "site");
    const result = await runBuild({ ARTICLES_DIR: ownArticles, OUTPUT_DIR: clean, ARSIP_CACHE_DIR: await makeTempDir("arsip-look-clean-cache-") }, ["--full"]);
    expect(result.code, result.stderr).toBe(0);
    expect(differences(await snapshot(own.outputDir), await snapshot(clean)).filter((file) => file !== ".arsip-output.json")).toEqual([]);
  });
});
