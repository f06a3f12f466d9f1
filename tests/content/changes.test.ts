/**
 * The changed-paths fast path of loadArticles (src/content/changes.ts): with the paths a watcher
 * reported, a load stats only those and the files new to the folder, and gives what a full load
 * gives; when it cannot be sure, it stats every file.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parsedStore } from "../../src/build/cache.ts";
import { ArticleChanges, maxChanges } from "../../src/content/changes.ts";
import { loadArticles, type LoadResult, type ParsedArticle, type ParsedStore } from "../../src/content/load.ts";
import { ArchiveError } from "../../src/errors.ts";
import { article } from "../fixtures/hostile/cases.ts";
import { makeTempDir, writeFixture } from "../helpers/build.ts";

const sourceKeys = ["tempo", "merdeka"];
const made: string[] = [];

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

const titled = (title: string, day = 4) => article({ title: `"${title}"`, date: `"2017-08-${String(day).padStart(2, "0")}T09:00:00+07:00"` });

/** A folder of `count` articles in 2017/ and 2018/, loaded once with a store and changes, as the dev server does. */
async function watchedFolder(count = 6) {
  const files: Record<string, string> = {};
  for (let index = 1; index <= count; index++) files[`${index % 2 === 0 ? "2017" : "2018"}/artikel-${index}.md`] = titled(`Artikel sintetis nomor ${index}`, index);
  const dir = await writeFixture(files);
  const cacheDir = await makeTempDir("arsip-changes-cache-");
  made.push(dir, cacheDir);
  const changes = new ArticleChanges<ParsedArticle>();
  const store = parsedStore(dir, { dir: cacheDir });
  const load = (keys = sourceKeys) => loadArticles(dir, { sourceKeys: keys, cwd: dir, store, changes });
  const first = await load();
  expect(first.carried).toBe(0);
  return { dir, changes, load, file: (name: string) => path.join(dir, name) };
}

/** What a load gives, in a form to compare: articles with their key terms and HTML. */
function essence(result: LoadResult) {
  return result.articles.map((item) => ({ article: item, keyTerms: result.keyTerms.get(item), body: result.bodies.get(item) }));
}

/** A load of `dir` from scratch: no store, no changes. */
async function fullLoad(dir: string) {
  return essence(await loadArticles(dir, { sourceKeys, cwd: dir }));
}

describe("loadArticles with changes", () => {
  test("stats only the edited file a watcher reported, and gives what a full load gives", async () => {
    const folder = await watchedFolder();
    await fs.writeFile(folder.file("2017/artikel-2.md"), titled("Judul yang diubah untuk uji", 2));
    folder.changes.note(path.join("2017", "artikel-2.md"));
    const update = await folder.load();
    expect(update.carried).toBe(5);
    expect(update.files.parsed).toBe(1);
    expect(update.articles.map((item) => item.title)).toContain("Judul yang diubah untuk uji");
    expect(essence(update)).toEqual(await fullLoad(folder.dir));
  });

  test("picks up an added, a deleted and a renamed article, reported or not, as a full load does", async () => {
    const folder = await watchedFolder();
    await fs.writeFile(folder.file("2017/baru.md"), titled("Artikel baru sintetis", 9));
    await fs.rm(folder.file("2018/artikel-1.md"));
    await fs.rename(folder.file("2018/artikel-3.md"), folder.file("2017/pindah.md"));
    // Reported, as the watcher does.
    for (const name of ["2017/baru.md", "2018/artikel-1.md", "2018/artikel-3.md", "2017/pindah.md"]) folder.changes.note(path.normalize(name));
    const update = await folder.load();
    // artikel-2, -4, -5 and -6; the new and the renamed file are read and parsed.
    expect(update.carried).toBe(4);
    expect(update.files.parsed).toBe(2);
    expect(essence(update)).toEqual(await fullLoad(folder.dir));

    // Not reported: the folder is listed on every load, so files come and go without the watcher.
    await fs.writeFile(folder.file("2018/lagi.md"), titled("Artikel lain sintetis", 10));
    await fs.rm(folder.file("2017/baru.md"));
    const next = await folder.load();
    expect(next.carried).toBe(5);
    expect(essence(next)).toEqual(await fullLoad(folder.dir));
  });

  test("takes the last load's article for a file nobody reported: the watcher is trusted for edits", async () => {
    const folder = await watchedFolder();
    await fs.writeFile(folder.file("2017/artikel-2.md"), titled("Suntingan yang tidak dilaporkan", 2));
    const update = await folder.load();
    expect(update.carried).toBe(6);
    expect(update.articles.map((item) => item.title)).not.toContain("Suntingan yang tidak dilaporkan");
  });

  test.each([
    ["a change the watcher could not name", (folder: Awaited<ReturnType<typeof watchedFolder>>) => folder.changes.note(undefined)],
    ["a rescan (a template edit)", (folder: Awaited<ReturnType<typeof watchedFolder>>) => folder.changes.rescan()],
    ["a folder that holds listed files", (folder: Awaited<ReturnType<typeof watchedFolder>>) => folder.changes.note("2017")],
    ["more changes than the kernel's queue surely kept", (folder: Awaited<ReturnType<typeof watchedFolder>>) => {
      for (let index = 0; index <= maxChanges; index++) folder.changes.note(`sementara-${index}.tmp`);
    }],
  ])("stats every file after %s", async (_name, report) => {
    const folder = await watchedFolder();
    await fs.writeFile(folder.file("2017/artikel-2.md"), titled("Suntingan yang tidak dilaporkan", 2));
    report(folder);
    const update = await folder.load();
    expect(update.carried).toBe(0);
    expect(essence(update)).toEqual(await fullLoad(folder.dir));
    // And the load after it trusts the watcher again.
    expect((await folder.load()).carried).toBe(6);
  });

  test("stats every file when the outlets changed: a parse depends on them", async () => {
    const folder = await watchedFolder();
    expect((await folder.load([...sourceKeys, "antara"])).carried).toBe(0);
  });

  test("stats every file after a load that began and did not finish reading", async () => {
    const folder = await watchedFolder();
    const failing: ParsedStore = { open: () => Promise.reject(new Error("penyimpanan rusak")) };
    await expect(loadArticles(folder.dir, { sourceKeys, cwd: folder.dir, store: failing, changes: folder.changes })).rejects.toThrow(/penyimpanan rusak/);
    expect((await folder.load()).carried).toBe(0);
  });

  test("keeps the changes for the next load when a load fails before it begins", async () => {
    const folder = await watchedFolder();
    const moved = `${folder.dir}-pindah`;
    await fs.rename(folder.dir, moved);
    await expect(folder.load()).rejects.toThrow(ArchiveError);
    await fs.rename(moved, folder.dir);
    await fs.writeFile(folder.file("2017/artikel-2.md"), titled("Suntingan saat folder hilang", 2));
    folder.changes.note(path.join("2017", "artikel-2.md"));
    const update = await folder.load();
    expect(update.carried).toBe(5);
    expect(essence(update)).toEqual(await fullLoad(folder.dir));
  });

  test("reads a file with problems again on every load, and its fix without a report", async () => {
    const folder = await watchedFolder();
    const broken = titled("Artikel rusak", 2).replace(/^date: .*$/m, 'date: "bukan tanggal"');
    await fs.writeFile(folder.file("2017/artikel-2.md"), broken);
    folder.changes.note(path.join("2017", "artikel-2.md"));
    await expect(folder.load()).rejects.toThrow(/artikel-2\.md/);
    await expect(folder.load()).rejects.toThrow(/artikel-2\.md/);
    await fs.writeFile(folder.file("2017/artikel-2.md"), titled("Artikel yang diperbaiki", 2));
    const fixed = await folder.load();
    expect(fixed.carried).toBe(5);
    expect(essence(fixed)).toEqual(await fullLoad(folder.dir));
  });

  test("always stats a symbolic link: the watcher reports its target's edits, not the link's", async () => {
    const folder = await watchedFolder();
    // The target in a hidden folder, which is neither listed nor watched.
    await fs.mkdir(folder.file(".sumber"));
    await fs.writeFile(folder.file(".sumber/asli.md"), titled("Artikel lewat tautan", 20));
    await fs.symlink(folder.file(".sumber/asli.md"), folder.file("2018/tautan.md"));
    expect((await folder.load()).articles).toHaveLength(7);
    await fs.writeFile(folder.file(".sumber/asli.md"), titled("Judul baru lewat tautan", 20));
    const update = await folder.load();
    expect(update.carried).toBe(6);
    expect(update.articles.map((item) => item.title)).toContain("Judul baru lewat tautan");
  });
});
