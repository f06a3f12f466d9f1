/**
 * Issue "One build path you can trust", #2: OUTPUT_DIR pointing at a folder the build did not make
 * never destroys it (src/build/output.ts `outputPlaces`, `claimOutput`). Every case runs the real
 * `npm run build` in a copy of the project whose code is a real copy, so a build that wrote where
 * it must not could only harm the copy.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildFoldersBeside, buildOnce, differences, makeTempDir, projectAt, snapshot, type Finished } from "./helpers/trust.ts";

const siteUrl = "https://arsip.example/";
/** Holds the project and nothing else, so it can stand for "a parent of the project". */
let base: string;
let project: string;
const made: string[] = [];

beforeAll(async () => {
  base = await makeTempDir("arsip-safety-");
  made.push(base);
  project = await projectAt(path.join(base, "proyek"));
  // What a checkout has besides the site's sources: a repository and documentation.
  await fs.mkdir(path.join(project, ".git", "objects", "ab"), { recursive: true });
  await fs.writeFile(path.join(project, ".git", "HEAD"), "ref: refs/heads/main\n");
  await fs.writeFile(path.join(project, ".git", "objects", "ab", "cdef"), "objek palsu");
  await fs.mkdir(path.join(project, "docs", "panduan"), { recursive: true });
  await fs.writeFile(path.join(project, "docs", "README.md"), "# Dokumentasi\n");
  await fs.writeFile(path.join(project, "docs", "panduan", "bab-1.md"), "Bab satu.\n");
});

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** Runs the build in the project with OUTPUT_DIR as given (relative to the project). */
function buildInto(outputDir: string, env: Record<string, string> = {}): Promise<Finished> {
  return buildOnce({ OUTPUT_DIR: outputDir, SITE_URL: siteUrl, ...env }, { cwd: project });
}

/** Expects `result` to be a refusal that names `folder` (resolved) and says what to do. */
function expectRefused(result: Finished, folder: string): void {
  expect(result.code, result.stdout).toBe(1);
  expect(result.stderr).toContain("OUTPUT_DIR");
  expect(result.stderr).toContain(folder);
  expect(result.stderr).toMatch(/choose|remove/);
  expect(result.stderr).toContain("the previous output is unchanged");
}

describe("OUTPUT_DIR at a folder the build did not make", () => {
  test("a folder of other files (docs) is refused by name with the fix, and every file in it is intact", async () => {
    const docs = path.join(project, "docs");
    const before = await snapshot(docs);
    const result = await buildInto("docs");
    expectRefused(result, docs);
    expect(result.stderr).toContain("README.md");
    expect(result.stderr).toContain("OUTPUT_DIR=_site");
    expect(differences(await snapshot(docs), before)).toEqual([]);
    expect(await buildFoldersBeside(docs)).toEqual([]);
  });

  test("the articles folder is refused, and the articles are intact", async () => {
    const articles = path.join(project, "articles");
    const before = await snapshot(articles);
    const result = await buildInto("articles");
    expectRefused(result, articles);
    expect(result.stderr).toContain("articles folder");
    expect(differences(await snapshot(articles), before)).toEqual([]);
  });

  test("a folder inside the articles folder is refused", async () => {
    const before = await snapshot(path.join(project, "articles"));
    const result = await buildInto(path.join("articles", "_site"));
    expectRefused(result, path.join(project, "articles", "_site"));
    expect(differences(await snapshot(path.join(project, "articles")), before)).toEqual([]);
  });

  test("the project folder itself (OUTPUT_DIR=.) is refused, and nothing in the project changes, .git included", async () => {
    const before = await snapshot(project);
    expect(before.get(".git/objects/ab/cdef")).toBeDefined();
    const result = await buildInto(".");
    expectRefused(result, project);
    expect(result.stderr).toContain("project folder");
    expect(differences(await snapshot(project), before)).toEqual([]);
    expect(await buildFoldersBeside(project)).toEqual([]);
  });

  test.each([
    ["templates", "templates folder"],
    ["src", "code folder"],
  ])("OUTPUT_DIR=%s is refused as the %s, and it is intact", async (name, what) => {
    const folder = path.join(project, name);
    const before = await snapshot(folder);
    const result = await buildInto(name);
    expectRefused(result, folder);
    expect(result.stderr).toContain(what);
    expect(differences(await snapshot(folder), before)).toEqual([]);
  });

  test("a parent of the project is refused, and nothing below it changes", async () => {
    const before = await snapshot(base);
    const result = await buildInto("..");
    expectRefused(result, base);
    expect(result.stderr).toContain("project folder");
    expect(differences(await snapshot(base), before)).toEqual([]);
  });

  test("a symbolic link to the articles folder is refused, and the articles are intact", async () => {
    const link = path.join(project, "_site-tautan");
    await fs.symlink(path.join(project, "articles"), link);
    try {
      const before = await snapshot(path.join(project, "articles"));
      const result = await buildInto("_site-tautan");
      expectRefused(result, "_site-tautan");
      expect(result.stderr).toContain("articles folder");
      expect(differences(await snapshot(path.join(project, "articles")), before)).toEqual([]);
      expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    } finally {
      await fs.rm(link);
    }
  });

  test("a file at OUTPUT_DIR is refused, and the file is intact", async () => {
    const file = path.join(project, "catatan.txt");
    await fs.writeFile(file, "jangan dihapus\n");
    try {
      const result = await buildInto("catatan.txt");
      expectRefused(result, file);
      expect(result.stderr).toContain("is a file");
      expect(await fs.readFile(file, "utf8")).toBe("jangan dihapus\n");
      expect(await buildFoldersBeside(file)).toEqual([]);
    } finally {
      await fs.rm(file);
    }
  });
});

describe("OUTPUT_DIR at a folder the build may fill", () => {
  test("an empty existing folder is accepted and gets the site; a folder a previous build made is accepted again", async () => {
    const empty = path.join(project, "kosong");
    await fs.mkdir(empty);
    try {
      const first = await buildInto("kosong");
      expect(first.code, first.stderr).toBe(0);
      await fs.access(path.join(empty, "index.html"));
      await fs.access(path.join(empty, ".arsip-output.json"));

      const articles = path.join(project, "articles", "2017", "uji-keamanan.md");
      await fs.writeFile(articles, '---\ntitle: "Artikel uji folder keluaran"\ndate: "2017-08-05T09:00:00+07:00"\nsource: tempo\ntags: [Telegram]\n---\n\nParagraf uji.\n');
      try {
        const again = await buildInto("kosong");
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toContain("incremental:");
        await fs.access(path.join(empty, "2017", "08", "05", "artikel-uji-folder-keluaran", "index.html"));
      } finally {
        await fs.rm(articles);
      }
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
      for (const name of await buildFoldersBeside(empty)) await fs.rm(path.join(project, name), { recursive: true, force: true });
    }
  });

  test("a symbolic link to a folder a previous build made is written through: the link stays a link and its target gets the new site", async () => {
    const elsewhere = await makeTempDir("arsip-safety-target-");
    made.push(elsewhere);
    const target = path.join(elsewhere, "situs");
    const articles = await makeTempDir("arsip-safety-articles-");
    made.push(articles);
    await fs.cp(path.join(project, "articles"), articles, { recursive: true });
    const first = await buildInto(target, { ARTICLES_DIR: articles });
    expect(first.code, first.stderr).toBe(0);

    const link = path.join(project, "_site");
    await fs.symlink(target, link);
    try {
      await fs.writeFile(path.join(articles, "2017", "uji-tautan.md"), '---\ntitle: "Artikel uji tautan keluaran"\ndate: "2017-08-05T09:00:00+07:00"\nsource: tempo\ntags: [Telegram]\n---\n\nParagraf uji.\n');
      const update = await buildInto("_site", { ARTICLES_DIR: articles });
      expect(update.code, update.stderr).toBe(0);
      expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
      expect(await fs.readlink(link)).toBe(target);
      await fs.access(path.join(target, "2017", "08", "05", "artikel-uji-tautan-keluaran", "index.html"));
      // Staged beside the target, not beside the link.
      expect(await buildFoldersBeside(link)).toEqual([]);
    } finally {
      await fs.rm(link);
    }
  });
});
