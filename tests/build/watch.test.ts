import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { watchTree, type TreeWatcher } from "../../src/build/watch.ts";
import { makeTempDir } from "../helpers/build.ts";

let watcher: TreeWatcher | undefined;
afterEach(() => watcher?.close());

/** A watched temporary folder and what it reported so far. */
async function watched(files: Record<string, string> = {}): Promise<{ dir: string; reported: (string | undefined)[] }> {
  const dir = await makeTempDir("arsip-watch-");
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
  const reported: (string | undefined)[] = [];
  watcher = watchTree(dir, (relativePath) => reported.push(relativePath));
  return { dir, reported };
}

/** Resolves once `reported` holds `expected`, and clears it; fails after 5 s with what came. */
async function expectReported(reported: (string | undefined)[], expected: string): Promise<void> {
  const until = Date.now() + 5000;
  while (!reported.includes(expected)) {
    if (Date.now() > until) throw new Error(`"${expected}" was not reported; got ${JSON.stringify(reported)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  reported.length = 0;
}

/** Saves as many editors do: a new file renamed over the old one. */
async function saveByRename(file: string, content: string): Promise<void> {
  await fs.writeFile(`${file}.tmp`, content);
  await fs.rename(`${file}.tmp`, file);
}

describe("watchTree", () => {
  test("reports edits to a file saved by renaming over it, every time, and plain writes after them", async () => {
    const { dir, reported } = await watched({ "2017/a.md": "a" });
    for (const content of ["b", "c", "d"]) {
      await saveByRename(path.join(dir, "2017", "a.md"), content);
      await expectReported(reported, path.join("2017", "a.md"));
    }
    await fs.writeFile(path.join(dir, "2017", "a.md"), "e");
    await expectReported(reported, path.join("2017", "a.md"));
  });

  test("reports files added, deleted and renamed", async () => {
    const { dir, reported } = await watched({ "2017/a.md": "a" });
    await fs.writeFile(path.join(dir, "2017", "b.md"), "b");
    await expectReported(reported, path.join("2017", "b.md"));
    await fs.rename(path.join(dir, "2017", "b.md"), path.join(dir, "2017", "c.md"));
    await expectReported(reported, path.join("2017", "c.md"));
    await fs.rm(path.join(dir, "2017", "a.md"));
    await expectReported(reported, path.join("2017", "a.md"));
  });

  test("watches a folder made after it started, reporting the folder, the files already in it and later edits", async () => {
    const { dir, reported } = await watched();
    const staged = await makeTempDir("arsip-watch-staged-");
    await fs.writeFile(path.join(staged, "x.md"), "x");
    // A folder moved in whole: its files were written before any watch could see them.
    await fs.rename(staged, path.join(dir, "2018"));
    await expectReported(reported, path.join("2018", "x.md"));
    await saveByRename(path.join(dir, "2018", "x.md"), "y");
    await expectReported(reported, path.join("2018", "x.md"));
  });

  test("follows a renamed folder: edits inside are reported under its new name", async () => {
    const { dir, reported } = await watched({ "lama/a.md": "a" });
    await fs.rename(path.join(dir, "lama"), path.join(dir, "baru"));
    await expectReported(reported, "baru");
    await fs.writeFile(path.join(dir, "baru", "a.md"), "b");
    await expectReported(reported, path.join("baru", "a.md"));
  });

  test("reports nothing once closed", async () => {
    const { dir, reported } = await watched({ "a.md": "a" });
    watcher!.close();
    await fs.writeFile(path.join(dir, "a.md"), "b");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reported).toEqual([]);
  });
});
