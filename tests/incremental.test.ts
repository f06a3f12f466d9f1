/**
 * Incremental builds (src/build/pipeline.ts) give the same bytes as clean builds: after adding, editing
 * and deleting articles, every file of an incrementally updated output equals the file of a
 * `--full` build of the same input, and no page is missing or left over.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { generateCorpus } from "../bench/corpus.ts";
import { makeTempDir, projectRoot, runBuild } from "./helpers/build.ts";

async function snapshot(dir: string): Promise<Map<string, string>> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries.filter((item) => item.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), createHash("sha256").update(await fs.readFile(file)).digest("hex"));
  }
  return files;
}

function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => a.get(name) !== b.get(name)).sort();
}

let articles: string;
let output: string;
const env = () => ({ ARTICLES_DIR: articles, OUTPUT_DIR: output, SITE_URL: "https://arsip.example/" });

beforeAll(async () => {
  articles = await makeTempDir("arsip-inc-articles-");
  output = path.join(await makeTempDir("arsip-inc-out-"), "site");
  await generateCorpus({ n: 45, seed: 11, dir: articles });
  await fs.cp(path.join(projectRoot, "articles"), articles, { recursive: true });
  const first = await runBuild(env());
  expect(first.stderr).toBe("");
  expect(first.stdout).toMatch(/full: \d+ pages rendered/);
});

describe("buildSite", () => {
  test("a second build of unchanged input renders nothing and changes no file", async () => {
    const before = await snapshot(output);
    const again = await runBuild(env());
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/incremental: 0 of \d+ pages rendered, 0 removed/);
    expect(differences(before, await snapshot(output))).toEqual([]);
  });

  test("after adding, editing and deleting articles the output equals a clean build", async () => {
    const files = (await fs.readdir(articles, { recursive: true })).filter((name) => name.endsWith(".md")).sort();
    // Delete one generated article, retitle another, add a new one that shares the seeds' topics.
    await fs.rm(path.join(articles, files[0]!));
    const edited = path.join(articles, files[5]!);
    await fs.writeFile(edited, (await fs.readFile(edited, "utf8")).replace(/^title: .*$/m, 'title: "Judul yang diubah untuk uji"'));
    await fs.writeFile(
      path.join(articles, "2017", "uji-tambah.md"),
      '---\ntitle: "Artikel uji tentang Telegram dan Pavel Durov"\ndate: "2017-08-05T09:00:00+07:00"\nsource: tempo\ntags: [Telegram, Pavel Durov]\n---\n\nParagraf uji tentang Telegram.\n',
    );
    const shardsBefore = await shardInodes(output);
    const sitemapsBefore = await sitemapInodes(output);
    const update = await runBuild(env());
    expect(update.code).toBe(0);
    const counts = update.stdout.match(/incremental: (\d+) of (\d+) pages rendered, (\d+) removed/);
    expect(counts).not.toBeNull();
    const [rendered, total, removed] = counts!.slice(1).map(Number) as [number, number, number];
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(total);
    expect(removed).toBeGreaterThan(0);

    const clean = path.join(await makeTempDir("arsip-inc-clean-"), "site");
    const full = await runBuild({ ...env(), OUTPUT_DIR: clean }, ["--full"]);
    expect(full.code).toBe(0);
    expect(differences(await snapshot(output), await snapshot(clean))).toEqual([]);
    expect(await emptyFolders(output)).toEqual([]);

    // Only the search shards of years whose articles changed were indexed again: 2017 (the new
    // article) is new, the shards of years nobody edited are the same files as before.
    const shardsAfter = await shardInodes(output);
    expect(shardsAfter.get("2017")).not.toBe(shardsBefore.get("2017"));
    const touched = new Set(["2017", files[0]!.slice(0, 4), files[5]!.slice(0, 4)]);
    const untouched = [...shardsBefore.keys()].filter((year) => !touched.has(year));
    expect(untouched.length).toBeGreaterThan(0);
    for (const year of untouched) expect(shardsAfter.get(year), year).toBe(shardsBefore.get(year));

    // The same for the sitemap: the pages file (the new article is the newest of its topics) and
    // the files of the years edited are written again, the other years' files are carried over.
    // The index too: it shows each file's newest date, and the corpus has articles newer than
    // each change, in 2017 and in later years.
    const sitemapsAfter = await sitemapInodes(output);
    expect([...sitemapsAfter.keys()].sort()).toEqual([...sitemapsBefore.keys()].sort());
    const rewritten = [...sitemapsAfter.keys()].filter((file) => sitemapsAfter.get(file) !== sitemapsBefore.get(file)).sort();
    expect(rewritten).toEqual(["sitemap-halaman.xml", ...[...touched].map((year) => `sitemap-${year}.xml`)].sort());
    const carried = untouched.filter((shard) => /^\d{4}$/.test(shard)).map((year) => `sitemap-${year}.xml`);
    expect(carried.length).toBeGreaterThan(0);
    for (const file of carried) {
      expect(sitemapsAfter.get(file), file).toBeTypeOf("number");
      expect(sitemapsAfter.get(file), file).toBe(sitemapsBefore.get(file));
    }
  });

  test("a new month gets its own search shard; the month before joins its year's shard once", async () => {
    const before = await shardInodes(output);
    const oldMonth = [...before.keys()].find((shard) => shard.includes("-"))!;
    expect(oldMonth).toMatch(/^\d{4}-\d\d$/);
    const newMonth = `${Number(oldMonth.slice(0, 4)) + 1}-01`;
    const add = async (day: string) => {
      await fs.writeFile(
        path.join(articles, `uji-bulan-baru-${day}.md`),
        `---\ntitle: "Artikel uji bulan baru ${day}"\ndate: "${newMonth}-${day}T09:00:00+07:00"\nsource: merdeka\ntags: [Telegram]\n---\n\nParagraf uji.\n`,
      );
      expect((await runBuild(env())).code).toBe(0);
      return shardInodes(output);
    };
    const first = await add("10");
    expect(first.has(newMonth)).toBe(true);
    expect(first.has(oldMonth)).toBe(false);
    const oldYear = oldMonth.slice(0, 4);
    expect(first.get(oldYear)).not.toBe(before.get(oldYear));
    for (const year of [...before.keys()].filter((shard) => shard !== oldMonth && shard !== oldYear)) expect(first.get(year), year).toBe(before.get(year));

    // A second article in the same month re-indexes that month only.
    const second = await add("20");
    expect([...second.keys()].filter((shard) => second.get(shard) !== first.get(shard))).toEqual([newMonth]);

    const clean = path.join(await makeTempDir("arsip-inc-clean-"), "site");
    expect((await runBuild({ ...env(), OUTPUT_DIR: clean }, ["--full"])).code).toBe(0);
    expect(differences(await snapshot(output), await snapshot(clean))).toEqual([]);
  });
});

/** Inode of each search shard folder (pagefind/<year> or <year-month>): a shard indexed again is a new folder. */
/**
 * Per search shard, the inode of its entry file: a shard carried over is a hard link to the same
 * file (src/build/output.ts), a shard indexed again is a new file.
 */
async function shardInodes(dir: string): Promise<Map<string, number>> {
  const years = (await fs.readdir(path.join(dir, "pagefind"))).filter((name) => /^\d{4}(-\d\d)?$/.test(name));
  return new Map(await Promise.all(years.map(async (year) => [year, (await fs.stat(path.join(dir, "pagefind", year, "pagefind-entry.json"))).ino] as const)));
}

/** Inode of each sitemap file at the output root: a file carried over is a hard link to the same one. */
async function sitemapInodes(dir: string): Promise<Map<string, number>> {
  const files = (await fs.readdir(dir)).filter((name) => /^sitemap(-.+)?\.xml$/.test(name));
  return new Map(await Promise.all(files.map(async (file) => [file, (await fs.stat(path.join(dir, file))).ino] as const)));
}

async function emptyFolders(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => path.join(entry.parentPath, entry.name));
  const empty = await Promise.all(folders.map(async (folder) => ((await fs.readdir(folder)).length === 0 ? path.relative(dir, folder) : undefined)));
  return empty.filter((folder) => folder !== undefined);
}

describe("rendering on more than one thread", () => {
  test("full builds with 0, 1 and 2 render workers write the same bytes", async () => {
    const outputs: Map<string, string>[] = [];
    for (const workers of ["0", "1", "2"]) {
      const out = path.join(await makeTempDir(`arsip-workers-${workers}-`), "site");
      const result = await runBuild({ ...env(), OUTPUT_DIR: out, ARSIP_RENDER_WORKERS: workers }, ["--full"]);
      expect(result.code, result.stderr).toBe(0);
      outputs.push(await snapshot(out));
    }
    expect(outputs[0]!.size).toBeGreaterThan(100);
    expect(differences(outputs[0]!, outputs[1]!)).toEqual([]);
    expect(differences(outputs[0]!, outputs[2]!)).toEqual([]);
  });
});
