/**
 * src/build/output.ts: which folders a build may write, and the staged swap that leaves the old
 * site or the new one whole whatever instant a build is killed at (STYLE.md 15). Every test works
 * in real temporary folders; none starts Eleventy.
 */
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  claimOutput,
  commitStaging,
  copyFiles,
  createStaging,
  linkFiles,
  listFiles,
  makeFolders,
  markerName,
  missingFiles,
  outputPlaces,
  readMarker,
  recoverOutput,
  removeDetached,
  removeDir,
  type OutputMarker,
  type OutputPlaces,
  type ProtectedFolders,
  unlinkFiles,
} from "../../src/build/output.ts";
import { OutputFolderError } from "../../src/errors.ts";
import { filesIn, makeTempDir, projectRoot, writeFixture } from "../helpers/build.ts";

/** The file that marks a staging folder while it is assembled (private to output.ts). */
const stagingMarkerName = ".arsip-staging";

const oldMarker: OutputMarker = { generator: "arsip-berita", build: "old-build", mode: "production" };
const newMarker: OutputMarker = { generator: "arsip-berita", build: "new-build", mode: "production" };

/** A temporary folder holding `project/` (with articles, templates and src) and room around it. */
let root: string;
let project: string;
let protect: ProtectedFolders;
/** Folders made outside `root` by a test, removed after it. */
let extraDirs: string[];

beforeEach(async () => {
  root = await fs.realpath(await makeTempDir("arsip-output-"));
  project = path.join(root, "project");
  protect = {
    projectDir: project,
    articlesDir: path.join(project, "articles"),
    templatesDir: path.join(project, "templates"),
    srcDir: path.join(project, "src"),
  };
  await write(project, {
    "package.json": "{}",
    "articles/2017/berita.md": "---\ntitle: Berita\n---\nIsi.",
    "templates/base.njk": "<html>{{ content }}</html>",
    "src/index.ts": "export {};",
  });
  extraDirs = [];
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
  for (const dir of extraDirs) await fs.rm(dir, { recursive: true, force: true });
});

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
}

async function writeMarker(dir: string, marker: unknown): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, markerName), typeof marker === "string" ? marker : JSON.stringify(marker));
}

/** A site a build made: `files` plus the marker. */
async function writeSite(dir: string, files: Record<string, string>, marker: OutputMarker = oldMarker): Promise<void> {
  await write(dir, files);
  await writeMarker(dir, marker);
}

/** Every file below `dir` with its content, "/"-separated, markers included. */
async function contentsOf(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const file of await filesIn(dir)) result[file.split(path.sep).join("/")] = await fs.readFile(path.join(dir, file), "utf8");
  return result;
}

/**
 * Everything below `dir` as lines: kind, inode, mode, modification time and content or link
 * target, without following links. Two equal states mean nothing was written, moved or replaced.
 */
async function stateOf(dir: string, skip: (name: string) => boolean = () => false): Promise<string[]> {
  const lines: string[] = [];
  const walk = async (folder: string, top: boolean): Promise<void> => {
    for (const name of (await fs.readdir(folder)).sort()) {
      if (top && skip(name)) continue;
      const file = path.join(folder, name);
      const stat = await fs.lstat(file);
      const where = `${path.relative(dir, file)} ino=${stat.ino} mode=${(stat.mode & 0o7777).toString(8)} mtime=${stat.mtimeMs}`;
      if (stat.isSymbolicLink()) lines.push(`${where} link → ${await fs.readlink(file)}`);
      else if (stat.isDirectory()) {
        lines.push(`${where} folder`);
        await walk(file, false);
      } else lines.push(`${where} file ${await fs.readFile(file, "utf8")}`);
    }
  };
  await walk(dir, true);
  return lines;
}

/**
 * Files and folders beside the output `name` in `parent` that no operation on that output may
 * touch: ordinary ones, another output's staging and trash folders, names that only look like
 * this output's own, and a link to the output. Resolves with a check that they are unchanged.
 */
async function addBystanders(parent: string, name = "_site"): Promise<() => Promise<void>> {
  await write(parent, {
    "notes.txt": "catatan redaksi",
    "keep/index.html": "<p>bukan milik build</p>",
    "keep/deep/er/data.json": "[1, 2, 3]",
    [`${name}2/index.html`]: "<p>situs lain</p>",
    [`${name}2/${markerName}`]: JSON.stringify(oldMarker),
    [`.${name}2.arsip-next/${stagingMarkerName}`]: "",
    [`.${name}2.arsip-old/index.html`]: "<p>lama, situs lain</p>",
    [`.${name}2.arsip-spare/${markerName}`]: JSON.stringify(oldMarker),
    [`.${name}2.arsip-trash-1-2/index.html`]: "<p>sampah situs lain</p>",
    [`${name}.arsip-trash-1-2/index.html`]: "<p>tanpa titik di depan</p>",
    [`.${name}.arsip-trashcan/index.html`]: "<p>mirip, tapi bukan</p>",
    [`.${name}.arsip-nextx/${stagingMarkerName}`]: "",
  });
  await fs.symlink(name, path.join(parent, "link-to-output"));
  const ours = (entry: string) => ownedBy(name, entry);
  const before = await stateOf(parent, ours);
  return async () => expect(await stateOf(parent, ours)).toEqual(before);
}

/** The message of the `OutputFolderError` that `promise` rejects with, temporary folder as `<tmp>`. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(OutputFolderError);
  return (error as Error).message.split(root).join("<tmp>");
}

/** Runs `fn` with the process umask set to `mask`, restoring the previous one afterwards. */
async function withUmask<T>(mask: number, fn: () => Promise<T>): Promise<T> {
  const previous = process.umask(mask);
  try {
    return await fn();
  } finally {
    process.umask(previous);
  }
}

async function modeOf(file: string): Promise<string> {
  return ((await fs.lstat(file)).mode & 0o777).toString(8);
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

/** Whether `entry` is the output `name` or one of its own folders: staging, old, spare, trash. */
function ownedBy(name: string, entry: string): boolean {
  return entry === name || [`.${name}.arsip-next`, `.${name}.arsip-old`, `.${name}.arsip-spare`].includes(entry) || entry.startsWith(`.${name}.arsip-trash-`);
}

/** Entries of `dir` that belong to the output `name`, sorted. */
async function outputEntries(dir: string, name = "_site"): Promise<string[]> {
  return (await fs.readdir(dir)).filter((entry) => ownedBy(name, entry)).sort();
}

function placesOf(name = "_site"): Promise<OutputPlaces> {
  return outputPlaces(path.join(project, name), protect);
}

describe("outputPlaces", () => {
  test("accepts _site inside the project, with its staging, old, spare and trash folders and its lock beside it", async () => {
    expect(await outputPlaces(path.join(project, "_site"), protect)).toEqual({
      dir: path.join(project, "_site"),
      next: path.join(project, "._site.arsip-next"),
      old: path.join(project, "._site.arsip-old"),
      spare: path.join(project, "._site.arsip-spare"),
      trashPrefix: "._site.arsip-trash-",
      lock: path.join(project, "._site.arsip-lock"),
    });
  });

  test("accepts an existing docs folder inside the project", async () => {
    await write(project, { "docs/index.html": "<p>lama</p>" });
    expect(await outputPlaces(path.join(project, "docs"), protect)).toEqual({
      dir: path.join(project, "docs"),
      next: path.join(project, ".docs.arsip-next"),
      old: path.join(project, ".docs.arsip-old"),
      spare: path.join(project, ".docs.arsip-spare"),
      trashPrefix: ".docs.arsip-trash-",
      lock: path.join(project, ".docs.arsip-lock"),
    });
  });

  test("accepts a path with a trailing separator or dot segments as the folder it names", async () => {
    expect((await outputPlaces(`${project}/articles/../_site/`, protect)).dir).toBe(path.join(project, "_site"));
  });

  test("accepts a folder whose name merely starts with the name of a protected folder", async () => {
    expect((await outputPlaces(path.join(project, "articles-site"), protect)).dir).toBe(path.join(project, "articles-site"));
    expect((await outputPlaces(path.join(project, "src2"), protect)).dir).toBe(path.join(project, "src2"));
    expect((await outputPlaces(`${project}-site`, protect)).dir).toBe(`${project}-site`);
  });

  test("refuses the project folder itself, naming it and suggesting a folder of its own", async () => {
    expect(await refusal(outputPlaces(project, protect))).toMatchInlineSnapshot(`"OUTPUT_DIR: <tmp>/project is or contains the project folder; a build replaces its output folder whole, so choose a folder of its own, e.g. _site"`);
  });

  test("refuses a folder that contains the project folder", async () => {
    expect(await refusal(outputPlaces(root, protect))).toMatchInlineSnapshot(`"OUTPUT_DIR: <tmp> is or contains the project folder (<tmp>/project); a build replaces its output folder whole, so choose a folder of its own, e.g. _site"`);
    expect(await refusal(outputPlaces(path.parse(root).root, protect))).toMatch(/is or contains the project folder/);
  });

  test.each([
    ["articles", "articlesDir"],
    ["templates", "templatesDir"],
    ["code", "srcDir"],
  ] as const)("refuses the %s folder itself", async (what, key) => {
    expect(await refusal(outputPlaces(protect[key], protect))).toContain(`${protect[key].split(root).join("<tmp>")} is or contains the ${what} folder;`);
  });

  test("names the articles folder and the fix when the output is the articles folder", async () => {
    expect(await refusal(outputPlaces(protect.articlesDir, protect))).toMatchInlineSnapshot(`"OUTPUT_DIR: <tmp>/project/articles is or contains the articles folder; a build replaces its output folder whole, so choose a folder of its own, e.g. _site"`);
  });

  test.each([
    ["articles", "articlesDir"],
    ["templates", "templatesDir"],
    ["code", "srcDir"],
  ] as const)("refuses a parent of the %s folder kept outside the project", async (what, key) => {
    const outside = { ...protect, [key]: path.join(root, "shared", "content", key) };
    await fs.mkdir(outside[key], { recursive: true });
    for (const parent of [path.join(root, "shared", "content"), path.join(root, "shared")]) {
      expect(await refusal(outputPlaces(parent, outside))).toContain(`is or contains the ${what} folder (${outside[key].split(root).join("<tmp>")})`);
    }
  });

  test.each([
    ["articles", "articlesDir"],
    ["templates", "templatesDir"],
    ["code", "srcDir"],
  ] as const)("refuses a folder inside the %s folder, existing or not", async (what, key) => {
    await fs.mkdir(path.join(protect[key], "existing"));
    for (const inside of [path.join(protect[key], "existing"), path.join(protect[key], "_site"), path.join(protect[key], "a", "b")]) {
      expect(await refusal(outputPlaces(inside, protect))).toContain(`is inside the ${what} folder (${protect[key].split(root).join("<tmp>")}); choose a folder outside it`);
    }
  });

  test("names the folder and the fix when the output is inside the templates folder", async () => {
    expect(await refusal(outputPlaces(path.join(protect.templatesDir, "_site"), protect))).toMatchInlineSnapshot(`"OUTPUT_DIR: <tmp>/project/templates/_site is inside the templates folder (<tmp>/project/templates); choose a folder outside it, e.g. _site"`);
  });

  test("protects a protected folder that does not exist yet", async () => {
    const missing = { ...protect, articlesDir: path.join(project, "artikel") };
    expect(await refusal(outputPlaces(path.join(project, "artikel"), missing))).toMatch(/is or contains the articles folder/);
    expect(await refusal(outputPlaces(path.join(project, "artikel", "_site"), missing))).toMatch(/is inside the articles folder/);
  });

  test("follows a symbolic link: the site goes where it points, its staging folders beside the target", async () => {
    await write(root, { "www/site/index.html": "<p>lama</p>" });
    await fs.symlink(path.join(root, "www", "site"), path.join(project, "_site"));
    expect(await outputPlaces(path.join(project, "_site"), protect)).toEqual({
      dir: path.join(root, "www", "site"),
      next: path.join(root, "www", ".site.arsip-next"),
      old: path.join(root, "www", ".site.arsip-old"),
      spare: path.join(root, "www", ".site.arsip-spare"),
      trashPrefix: ".site.arsip-trash-",
      lock: path.join(root, "www", ".site.arsip-lock"),
    });
  });

  test("follows a relative symbolic link and a link in a parent folder", async () => {
    await fs.mkdir(path.join(root, "www", "site"), { recursive: true });
    await fs.symlink("../www/site", path.join(project, "_site"));
    expect((await outputPlaces(path.join(project, "_site"), protect)).dir).toBe(path.join(root, "www", "site"));
    await fs.symlink(path.join(root, "www"), path.join(root, "alias"));
    expect((await outputPlaces(path.join(root, "alias", "fresh"), protect)).next).toBe(path.join(root, "www", ".fresh.arsip-next"));
  });

  test("refuses a symbolic link to a protected folder", async () => {
    await fs.symlink(protect.templatesDir, path.join(project, "_site"));
    expect(await refusal(outputPlaces(path.join(project, "_site"), protect))).toMatchInlineSnapshot(`"OUTPUT_DIR: <tmp>/project/_site is or contains the templates folder; a build replaces its output folder whole, so choose a folder of its own, e.g. _site"`);
  });

  test("refuses a folder reached through a symbolic link into the code folder", async () => {
    await fs.symlink(protect.srcDir, path.join(root, "alias"));
    expect(await refusal(outputPlaces(path.join(root, "alias", "out"), protect))).toMatch(/is inside the code folder/);
  });

  test("refuses a symbolic link to a folder that contains the project", async () => {
    await fs.symlink(root, path.join(project, "_site"));
    expect(await refusal(outputPlaces(path.join(project, "_site"), protect))).toMatch(/is or contains the project folder/);
  });

  test("refuses a dangling symbolic link, naming it and saying how to fix it", async () => {
    await fs.symlink(path.join(root, "nowhere", "site"), path.join(project, "_site"));
    expect(await refusal(outputPlaces(path.join(project, "_site"), protect))).toMatchInlineSnapshot(`"OUTPUT_DIR: <tmp>/project/_site is a symbolic link to nothing; point it at a folder or remove it"`);
  });

  test("refuses a chain of symbolic links that ends nowhere", async () => {
    await fs.symlink(path.join(root, "missing"), path.join(root, "hop"));
    await fs.symlink(path.join(root, "hop"), path.join(project, "_site"));
    expect(await refusal(outputPlaces(path.join(project, "_site"), protect))).toMatch(/symbolic link to nothing/);
  });

  test("writes nothing, whether it accepts or refuses", async () => {
    await fs.symlink(path.join(root, "www"), path.join(project, "linked"));
    const before = await stateOf(root);
    await outputPlaces(path.join(project, "_site"), protect);
    await outputPlaces(path.join(root, "deep", "er", "_site"), protect);
    await outputPlaces(path.join(project, "linked"), protect).catch(() => {});
    await outputPlaces(project, protect).catch(() => {});
    await outputPlaces(path.join(protect.articlesDir, "x"), protect).catch(() => {});
    expect(await stateOf(root)).toEqual(before);
  });
});

describe("readMarker", () => {
  test("reads the marker a build left", async () => {
    await writeMarker(path.join(root, "site"), { ...newMarker, mode: "development" });
    expect(await readMarker(path.join(root, "site"))).toEqual({ ...newMarker, mode: "development" });
  });

  test.each([
    ["another program's marker", { generator: "other", build: "x", mode: "production" }],
    ["a marker without a build id", { generator: "arsip-berita", mode: "production" }],
    ["a build id that is not a string", { generator: "arsip-berita", build: 7, mode: "production" }],
    ["an unknown mode", { generator: "arsip-berita", build: "x", mode: "staging" }],
    ["text that is not JSON", "{ generator: arsip-berita"],
    ["JSON null", "null"],
  ])("returns undefined for %s", async (_, marker) => {
    await writeMarker(path.join(root, "site"), marker);
    expect(await readMarker(path.join(root, "site"))).toBeUndefined();
  });

  test("returns undefined for a folder without a marker or a missing folder", async () => {
    await fs.mkdir(path.join(root, "site"));
    expect(await readMarker(path.join(root, "site"))).toBeUndefined();
    expect(await readMarker(path.join(root, "missing"))).toBeUndefined();
  });
});

describe("claimOutput", () => {
  test("resolves undefined for a missing output folder and does not create it", async () => {
    const places = await placesOf();
    expect(await claimOutput(places)).toBeUndefined();
    expect(await exists(places.dir)).toBe(false);
  });

  test("resolves undefined for an empty output folder", async () => {
    const places = await placesOf();
    await fs.mkdir(places.dir);
    expect(await claimOutput(places)).toBeUndefined();
  });

  test("resolves the marker of a folder a build made", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "<p>lama</p>" }, oldMarker);
    expect(await claimOutput(places)).toEqual(oldMarker);
  });

  test("refuses a folder with files but no marker, naming its first entries, and changes nothing", async () => {
    const places = await placesOf();
    await write(places.dir, { "index.html": "<p>milik orang</p>", "CNAME": "contoh.id", "foto/a.jpg": "jpg", "b.css": "b{}", ".htaccess": "Deny" });
    const check = await addBystanders(project);
    const before = await stateOf(places.dir);
    expect(await refusal(claimOutput(places))).toMatchInlineSnapshot(`"OUTPUT_DIR: <tmp>/project/_site already holds files this build did not write (.htaccess, CNAME, b.css, …). A build replaces its output folder whole: choose a new or empty folder (e.g. OUTPUT_DIR=_site), or empty this one yourself if its contents can go."`);
    expect(await stateOf(places.dir)).toEqual(before);
    await check();
  });

  test("names every entry when there are three or fewer", async () => {
    const places = await placesOf();
    await write(places.dir, { "b.html": "b", "a.html": "a" });
    expect(await refusal(claimOutput(places))).toContain("already holds files this build did not write (a.html, b.html).");
  });

  test("refuses a folder whose only file is a hidden one", async () => {
    const places = await placesOf();
    await write(places.dir, { ".DS_Store": "" });
    expect(await refusal(claimOutput(places))).toContain("(.DS_Store)");
  });

  test("refuses a folder whose marker another program wrote", async () => {
    const places = await placesOf();
    await write(places.dir, { "index.html": "x" });
    await writeMarker(places.dir, { generator: "hugo", build: "x", mode: "production" });
    expect(await refusal(claimOutput(places))).toContain(`(${markerName}, index.html)`);
    expect(await contentsOf(places.dir)).toEqual({ [markerName]: JSON.stringify({ generator: "hugo", build: "x", mode: "production" }), "index.html": "x" });
  });

  test("refuses a file where the output folder should be, and leaves it", async () => {
    const places = await placesOf();
    await fs.writeFile(places.dir, "bukan folder");
    expect(await refusal(claimOutput(places))).toMatchInlineSnapshot(`"OUTPUT_DIR: <tmp>/project/_site is a file, not a folder; choose another path or remove the file"`);
    expect(await fs.readFile(places.dir, "utf8")).toBe("bukan folder");
  });

  test("accepts an unmarked folder with files when ownedWithoutMarker resolves true, changing nothing", async () => {
    const places = await placesOf();
    await write(places.dir, { "index.html": "<p>versi lama</p>" });
    const before = await stateOf(places.dir);
    expect(await claimOutput(places, async () => true)).toBeUndefined();
    expect(await stateOf(places.dir)).toEqual(before);
  });

  test("refuses an unmarked folder with files when ownedWithoutMarker resolves false", async () => {
    const places = await placesOf();
    await write(places.dir, { "index.html": "x" });
    const owned = vi.fn(async () => false);
    await refusal(claimOutput(places, owned));
    expect(owned).toHaveBeenCalledTimes(1);
  });

  test("asks ownedWithoutMarker nothing about a marked, empty or missing folder", async () => {
    const places = await placesOf();
    const owned = vi.fn(async () => true);
    await claimOutput(places, owned);
    await fs.mkdir(places.dir);
    await claimOutput(places, owned);
    await writeSite(places.dir, { "index.html": "x" });
    await claimOutput(places, owned);
    expect(owned).not.toHaveBeenCalled();
  });

  test("refuses the unmarked target of a symbolic output link by the target's name", async () => {
    await write(root, { "www/site/index.html": "x" });
    await fs.symlink(path.join(root, "www", "site"), path.join(project, "_site"));
    expect(await refusal(claimOutput(await placesOf()))).toContain("OUTPUT_DIR: <tmp>/www/site already holds files");
  });
});

describe("recoverOutput", () => {
  test("completes a swap killed between its two renames when the staged site is whole, keeping the replaced site as the spare", async () => {
    const places = await placesOf();
    const check = await addBystanders(project);
    await writeSite(places.old, { "index.html": "lama", "2017/a/index.html": "lama" }, oldMarker);
    const replaced = await stateOf(places.old);
    await writeSite(places.next, { "index.html": "baru", "2018/b/index.html": "baru" }, newMarker);
    await recoverOutput(places);
    expect(await contentsOf(places.dir)).toEqual({ [markerName]: JSON.stringify(newMarker), "index.html": "baru", "2018/b/index.html": "baru" });
    expect(await stateOf(places.spare)).toEqual(replaced);
    expect(await outputEntries(project)).toEqual(["._site.arsip-spare", "_site"]);
    await check();
  });

  test("deletes the replaced site of a completed swap when a spare is there already", async () => {
    const places = await placesOf();
    await writeSite(places.spare, { "index.html": "dua build lalu" }, { ...oldMarker, build: "older" });
    const spare = await stateOf(places.spare);
    await writeSite(places.old, { "index.html": "lama" }, oldMarker);
    await writeSite(places.next, { "index.html": "baru" }, newMarker);
    await recoverOutput(places);
    expect(await contentsOf(places.dir)).toEqual({ [markerName]: JSON.stringify(newMarker), "index.html": "baru" });
    expect(await stateOf(places.spare)).toEqual(spare);
    expect(await outputEntries(project)).toEqual(["._site.arsip-spare", "_site"]);
  });

  test("drops the staging marker when it completes a swap killed before the staging marker went", async () => {
    const places = await placesOf();
    await writeSite(places.old, { "index.html": "lama" }, oldMarker);
    await writeSite(places.next, { "index.html": "baru", [stagingMarkerName]: "" }, newMarker);
    await recoverOutput(places);
    expect(await listFiles(places.dir)).toEqual([markerName, "index.html"]);
  });

  test("puts a first build's whole staged site in place when it was killed before its only rename", async () => {
    const places = await placesOf();
    await writeSite(places.next, { "index.html": "baru" }, newMarker);
    await recoverOutput(places);
    expect(await contentsOf(places.dir)).toEqual({ [markerName]: JSON.stringify(newMarker), "index.html": "baru" });
    expect(await outputEntries(project)).toEqual(["_site"]);
  });

  test("puts the old site back when the output is missing and the staged site has only its staging marker", async () => {
    const places = await placesOf();
    const check = await addBystanders(project);
    await writeSite(places.old, { "index.html": "lama", "2017/a/index.html": "lama" }, oldMarker);
    const before = await stateOf(places.old);
    await write(places.next, { [stagingMarkerName]: "", "index.html": "setengah" });
    await recoverOutput(places);
    expect(await stateOf(places.dir)).toEqual(before);
    expect(await outputEntries(project)).toEqual(["_site"]);
    await check();
  });

  test("puts the old site back when the marker is still being written (only its .tmp exists)", async () => {
    const places = await placesOf();
    await writeSite(places.old, { "index.html": "lama" }, oldMarker);
    await write(places.next, { [stagingMarkerName]: "", "index.html": "baru", [`${markerName}.tmp`]: JSON.stringify(newMarker) });
    await recoverOutput(places);
    expect(await contentsOf(places.dir)).toEqual({ [markerName]: JSON.stringify(oldMarker), "index.html": "lama" });
  });

  test("removes a leftover staging folder and leaves the output untouched", async () => {
    const places = await placesOf();
    const check = await addBystanders(project);
    await writeSite(places.dir, { "index.html": "lama", "2017/a/index.html": "lama" });
    await write(places.next, { [stagingMarkerName]: "", "index.html": "setengah", "x/y/z.html": "z" });
    const before = await stateOf(places.dir);
    await recoverOutput(places);
    expect(await stateOf(places.dir)).toEqual(before);
    expect(await outputEntries(project)).toEqual(["_site"]);
    await check();
  });

  test("discards a whole staged site when the output is still in place", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "lama" });
    await writeSite(places.next, { "index.html": "baru" }, newMarker);
    const before = await stateOf(places.dir);
    await recoverOutput(places);
    expect(await stateOf(places.dir)).toEqual(before);
    expect(await outputEntries(project)).toEqual(["_site"]);
  });

  test("keeps the replaced site left beside a new output as the spare", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "baru" }, newMarker);
    await writeSite(places.old, { "index.html": "lama" }, oldMarker);
    const [output, replaced] = [await stateOf(places.dir), await stateOf(places.old)];
    await recoverOutput(places);
    expect(await stateOf(places.dir)).toEqual(output);
    expect(await stateOf(places.spare)).toEqual(replaced);
    expect(await outputEntries(project)).toEqual(["._site.arsip-spare", "_site"]);
  });

  test("keeps a spare of its own untouched", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "baru" }, newMarker);
    await writeSite(places.spare, { "index.html": "lama" }, oldMarker);
    const before = await stateOf(project);
    await recoverOutput(places);
    expect(await stateOf(project)).toEqual(before);
  });

  test("removes the trash folders of replaced sites, and only this output's", async () => {
    const places = await placesOf();
    const check = await addBystanders(project);
    await writeSite(places.dir, { "index.html": "baru" }, newMarker);
    await writeSite(path.join(project, `${places.trashPrefix}123-1700000000000`), { "index.html": "lama", "a/b/c.html": "c" });
    await write(path.join(project, `${places.trashPrefix}456-1700000000001`), { "half/deleted.html": "x" });
    await fs.mkdir(path.join(project, `${places.trashPrefix}789-1700000000002`));
    await recoverOutput(places);
    expect(await outputEntries(project)).toEqual(["_site"]);
    await check();
  });

  test("removes trash even when the output itself is missing", async () => {
    const places = await placesOf();
    await write(path.join(project, `${places.trashPrefix}1-2`), { "index.html": "lama" });
    await recoverOutput(places);
    expect(await outputEntries(project)).toEqual([]);
  });

  test("refuses a folder named like the staging folder that a build did not make, and deletes nothing", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "lama" });
    await write(places.next, { "penting.txt": "jangan dihapus" });
    const check = await addBystanders(project);
    const before = await stateOf(project);
    expect(await refusal(recoverOutput(places))).toMatchInlineSnapshot(`"OUTPUT_DIR: <tmp>/project/._site.arsip-next is in the way of the build's staging folder and was not made by a build; move or remove it"`);
    expect(await stateOf(project)).toEqual(before);
    await check();
  });

  test("refuses a foreign folder named like the staging folder even when the output is missing and an old site waits", async () => {
    const places = await placesOf();
    await writeSite(places.old, { "index.html": "lama" });
    await write(places.next, { "penting.txt": "jangan dihapus" });
    const before = await stateOf(project);
    await refusal(recoverOutput(places));
    expect(await stateOf(project)).toEqual(before);
  });

  test("refuses a file named like the staging folder, and leaves it", async () => {
    const places = await placesOf();
    await fs.writeFile(places.next, "berkas");
    await refusal(recoverOutput(places));
    expect(await fs.readFile(places.next, "utf8")).toBe("berkas");
  });

  test("refuses a folder named like the spare that a build did not make, and deletes nothing", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "baru" }, newMarker);
    await write(places.spare, { "penting.txt": "jangan dihapus" });
    const before = await stateOf(project);
    expect(await refusal(recoverOutput(places))).toMatchInlineSnapshot(`"OUTPUT_DIR: <tmp>/project/._site.arsip-spare is in the way of the build's spare folder and was not made by a build; move or remove it"`);
    expect(await stateOf(project)).toEqual(before);
  });

  test("refuses a folder named like the replaced site that a build did not make, and deletes nothing", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "baru" }, newMarker);
    await write(places.old, { "penting.txt": "jangan dihapus" });
    const before = await stateOf(project);
    await refusal(recoverOutput(places));
    expect(await stateOf(project)).toEqual(before);
  });

  test("leaves a clean output and everything beside it alone", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "lama", "a/b.html": "b" });
    await addBystanders(project);
    const before = await stateOf(root);
    await recoverOutput(places);
    expect(await stateOf(root)).toEqual(before);
  });

  test("creates nothing when there is no output and nothing to recover", async () => {
    const places = await outputPlaces(path.join(root, "not", "yet", "_site"), protect);
    const before = await stateOf(root);
    await recoverOutput(places);
    expect(await stateOf(root)).toEqual(before);
  });

  test("recovers beside the target of a symbolic output link and keeps the link", async () => {
    await fs.mkdir(path.join(root, "www"));
    await fs.symlink(path.join(root, "www", "site"), path.join(project, "_site"));
    const places: OutputPlaces = {
      dir: path.join(root, "www", "site"),
      next: path.join(root, "www", ".site.arsip-next"),
      old: path.join(root, "www", ".site.arsip-old"),
      spare: path.join(root, "www", ".site.arsip-spare"),
      trashPrefix: ".site.arsip-trash-",
      lock: path.join(root, "www", ".site.arsip-lock"),
    };
    await writeSite(places.old, { "index.html": "lama" }, oldMarker);
    await writeSite(places.next, { "index.html": "baru" }, newMarker);
    await recoverOutput(places);
    expect(await fs.readlink(path.join(project, "_site"))).toBe(path.join(root, "www", "site"));
    expect(await fs.readFile(path.join(project, "_site", "index.html"), "utf8")).toBe("baru");
    expect((await fs.readdir(path.join(root, "www"))).sort()).toEqual([".site.arsip-spare", "site"]);
  });

  /**
   * The states createStaging and commitStaging pass through, each as a kill would leave it with
   * the output "lama" in place (and, where said, a spare "tua" to stage in), the site recovery must
   * end with, and the output's own folders then.
   */
  const killPoints: [string, { spare?: boolean }, (places: OutputPlaces) => Promise<void>, "lama" | "baru", string[]][] = [
    ["after the staging folder was made, before its staging marker", {}, async (places) => fs.mkdir(places.next), "lama", ["_site"]],
    ["after the staging folder was marked", {}, async (places) => write(places.next, { [stagingMarkerName]: "" }), "lama", ["_site"]],
    ["after the spare was renamed to be staged in", { spare: true }, async (places) => fs.rename(places.spare, places.next), "lama", ["_site"]],
    [
      "after the spare was marked as staging",
      { spare: true },
      async (places) => {
        await fs.rename(places.spare, places.next);
        await write(places.next, { [stagingMarkerName]: "" });
      },
      "lama",
      ["_site"],
    ],
    [
      "after the spare's marker was removed",
      { spare: true },
      async (places) => {
        await fs.rename(places.spare, places.next);
        await write(places.next, { [stagingMarkerName]: "" });
        await fs.rm(path.join(places.next, markerName));
      },
      "lama",
      ["_site"],
    ],
    ["while files were linked and written", {}, async (places) => write(places.next, { [stagingMarkerName]: "", "index.html": "baru" }), "lama", ["_site"]],
    ["while the marker was written to its temporary file", {}, async (places) => write(places.next, { [stagingMarkerName]: "", "index.html": "baru", [`${markerName}.tmp`]: "{\"gen" }), "lama", ["_site"]],
    ["after the marker was renamed into place", {}, async (places) => writeSite(places.next, { [stagingMarkerName]: "", "index.html": "baru" }, newMarker), "lama", ["_site"]],
    ["after the staging marker was removed", {}, async (places) => writeSite(places.next, { "index.html": "baru" }, newMarker), "lama", ["_site"]],
    [
      "after the output was moved aside",
      {},
      async (places) => {
        await writeSite(places.next, { "index.html": "baru" }, newMarker);
        await fs.rename(places.dir, places.old);
      },
      "baru",
      ["._site.arsip-spare", "_site"],
    ],
    [
      "after the new site was moved into place",
      {},
      async (places) => {
        await fs.rename(places.dir, places.old);
        await writeSite(places.dir, { "index.html": "baru" }, newMarker);
      },
      "baru",
      ["._site.arsip-spare", "_site"],
    ],
    [
      "while a refused spare was being deleted",
      { spare: true },
      async (places) => {
        await fs.rename(places.spare, path.join(project, `${places.trashPrefix}1-2`));
        await fs.rm(path.join(project, `${places.trashPrefix}1-2`, "index.html"));
        await write(places.next, { [stagingMarkerName]: "" });
      },
      "lama",
      ["_site"],
    ],
  ];

  test.each(killPoints)("leaves one whole site after a kill %s", async (_, { spare }, kill, expected, entries) => {
    const places = await placesOf();
    const check = await addBystanders(project);
    await writeSite(places.dir, { "index.html": "lama" }, oldMarker);
    if (spare) await writeSite(places.spare, { "index.html": "tua" }, { ...oldMarker, build: "older" });
    await kill(places);
    await recoverOutput(places);
    expect(await contentsOf(places.dir)).toEqual({ [markerName]: JSON.stringify(expected === "lama" ? oldMarker : newMarker), "index.html": expected });
    expect(await outputEntries(project)).toEqual(entries);
    if (await exists(places.spare)) expect(await readMarker(places.spare)).toBeDefined();
    expect(await claimOutput(places)).toEqual(expected === "lama" ? oldMarker : newMarker);
    await check();
  });

  test("leaves the old site or the new one, whole, when a real build process is killed at spread instants", async () => {
    const places = await placesOf();
    const check = await addBystanders(project);
    const oldSite: Record<string, string> = {};
    for (let i = 0; i < 400; i++) oldSite[`${2000 + (i % 20)}/${String(i % 12).padStart(2, "0")}/artikel-${i}/index.html`] = `lama ${i}`;
    const oldFiles = Object.keys(oldSite);
    const keep = oldFiles.slice(50);
    const changed = Object.fromEntries(oldFiles.slice(50, 100).map((file) => [file, `baru ${file}`]));
    const added = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`2030/01/baru-${i}/index.html`, `baru ${i}`]));
    const newSite: Record<string, string> = { ...Object.fromEntries(keep.map((file) => [file, oldSite[file]!])), ...changed, ...added };
    const job = path.join(root, "job.json");
    await fs.writeFile(job, JSON.stringify({ places, keep: keep.filter((file) => !(file in changed)), write: { ...changed, ...added }, marker: newMarker }));
    // The steps of a build that touch the output, in order; the spare, if any, is refused.
    const script = path.join(root, "commit-child.mts");
    await fs.writeFile(
      script,
      [
        `import fs from "node:fs/promises";`,
        `import path from "node:path";`,
        `import { commitStaging, createStaging, linkFiles } from ${JSON.stringify(path.join(projectRoot, "src/build/output.ts"))};`,
        `const job = JSON.parse(await fs.readFile(${JSON.stringify(job)}, "utf8"));`,
        `process.stdout.write("ready\\n");`,
        `const { trash } = await createStaging(job.places);`,
        `if (trash !== undefined) await fs.rm(trash, { recursive: true, force: true });`,
        `await linkFiles(job.places.dir, job.places.next, job.keep);`,
        `for (const [file, content] of Object.entries(job.write)) {`,
        `  await fs.mkdir(path.dirname(path.join(job.places.next, file)), { recursive: true });`,
        `  await fs.writeFile(path.join(job.places.next, file), content as string);`,
        `}`,
        `const retired = await commitStaging(job.places, job.marker);`,
        `if (retired !== undefined) await fs.rm(retired, { recursive: true, force: true });`,
        `process.stdout.write("done\\n");`,
      ].join("\n"),
    );
    /** Runs the build, killed `delay` ms after it starts working (never when undefined): its exit code and working time. */
    const runAndKill = (delay: number | undefined) =>
      new Promise<{ code: number | null; workMs: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] });
        let ready = Date.now();
        child.stdout.once("data", () => {
          ready = Date.now();
          if (delay !== undefined) setTimeout(() => child.kill("SIGKILL"), delay);
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, workMs: Date.now() - ready }));
      });
    /** The build recovery leaves after a build killed `delay` ms into its work, having checked it is whole. */
    const killedAt = async (delay: number | undefined): Promise<{ build: string; workMs: number }> => {
      // A build that left the old site verified whole needs no fresh copy of it.
      if ((await readMarker(places.dir))?.build !== oldMarker.build) {
        await removeDir(places.dir);
        await writeSite(places.dir, oldSite, oldMarker);
      }
      const { code, workMs } = await runAndKill(delay);
      if (delay === undefined) expect(code).toBe(0);
      await recoverOutput(places);
      const marker = await readMarker(places.dir);
      const contents = await contentsOf(places.dir);
      if (marker?.build === oldMarker.build) expect(contents).toEqual({ ...oldSite, [markerName]: JSON.stringify(oldMarker) });
      else expect(contents).toEqual({ ...newSite, [markerName]: JSON.stringify(newMarker) });
      // The only spare there can be is the old site, whole.
      if (await exists(places.spare)) expect(await contentsOf(places.spare)).toEqual({ ...oldSite, [markerName]: JSON.stringify(oldMarker) });
      expect((await outputEntries(project)).filter((entry) => entry !== "._site.arsip-spare")).toEqual(["_site"]);
      return { build: marker!.build, workMs };
    };
    const whole = await killedAt(undefined);
    expect(whole.build).toBe(newMarker.build);
    // The kills are spread over the time an unkilled build works, from its first step to its last.
    for (let i = 0; i < 16; i++) await killedAt(Math.round((whole.workMs * i) / 16));
    await check();
  });
});

describe("createStaging", () => {
  test("makes a new staging folder beside the output, holding only its staging marker, when there is no spare", async () => {
    const places = await placesOf();
    const check = await addBystanders(project);
    const useSpare = vi.fn(async () => true);
    expect(await createStaging(places, useSpare)).toEqual({});
    expect(await fs.readdir(places.next)).toEqual([stagingMarkerName]);
    expect(useSpare).not.toHaveBeenCalled();
    await check();
  });

  test("creates the output's missing parent folders", async () => {
    const places = await outputPlaces(path.join(root, "a", "b", "_site"), protect);
    await createStaging(places);
    expect(await fs.readdir(path.join(root, "a", "b"))).toEqual(["._site.arsip-next"]);
  });

  test("stages in the spare when useSpare accepts its marker: same files, staging marker instead of the site's marker", async () => {
    const places = await placesOf();
    const check = await addBystanders(project);
    await writeSite(places.dir, { "index.html": "lama" }, oldMarker);
    const older = { ...oldMarker, build: "older" };
    await writeSite(places.spare, { "index.html": "tua", "a/b.html": "b" }, older);
    const inode = (await fs.stat(path.join(places.spare, "a/b.html"))).ino;
    const useSpare = vi.fn(async () => true);
    expect(await createStaging(places, useSpare)).toEqual({ from: older });
    expect(useSpare).toHaveBeenCalledWith(older);
    expect(await contentsOf(places.next)).toEqual({ [stagingMarkerName]: "", "index.html": "tua", "a/b.html": "b" });
    expect((await fs.stat(path.join(places.next, "a/b.html"))).ino).toBe(inode);
    expect(await outputEntries(project)).toEqual(["._site.arsip-next", "_site"]);
    await check();
  });

  test("moves a refused spare to a trash folder it resolves, and makes a new staging folder", async () => {
    const places = await placesOf();
    await writeSite(places.spare, { "index.html": "tua" }, oldMarker);
    const spare = await stateOf(places.spare);
    const { from, trash } = await createStaging(places, async () => false);
    expect(from).toBeUndefined();
    expect(path.dirname(trash!)).toBe(project);
    expect(path.basename(trash!).startsWith(places.trashPrefix)).toBe(true);
    expect(await stateOf(trash!)).toEqual(spare);
    expect(await fs.readdir(places.next)).toEqual([stagingMarkerName]);
    expect(await exists(places.spare)).toBe(false);
  });

  test("refuses to reuse a leftover staging folder and leaves it as it was", async () => {
    const places = await placesOf();
    await write(places.next, { [stagingMarkerName]: "", "index.html": "setengah" });
    const before = await stateOf(places.next);
    await expect(createStaging(places)).rejects.toMatchObject({ code: "EEXIST" });
    expect(await stateOf(places.next)).toEqual(before);
  });

  test("makes folders 0755 and its marker 0644 under umask 022", async () => {
    const places = await outputPlaces(path.join(root, "fresh", "_site"), protect);
    await withUmask(0o022, () => createStaging(places));
    expect(await modeOf(places.next)).toBe("755");
    expect(await modeOf(path.join(root, "fresh"))).toBe("755");
    expect(await modeOf(path.join(places.next, stagingMarkerName))).toBe("644");
  });
});

describe("unlinkFiles", () => {
  test("deletes the files and the folders that leaves empty, keeping folders that still hold something", async () => {
    const dir = path.join(root, "out");
    await write(dir, { "a/b/c.html": "c", "a/d.html": "d", "e/f/g.html": "g", "h.html": "h" });
    await unlinkFiles(dir, ["a/b/c.html", "e/f/g.html", "h.html", "hilang/x.html"]);
    expect(await listFiles(dir)).toEqual(["a/d.html"]);
    expect((await fs.readdir(dir)).sort()).toEqual(["a"]);
    expect(await fs.readdir(path.join(dir, "a"))).toEqual(["d.html"]);
  });

  test("keeps the folder itself and everything beside it, even when it deletes all it holds", async () => {
    await write(root, { "out/a/b.html": "b", "beside/a/b.html": "b" });
    await unlinkFiles(path.join(root, "out"), ["a/b.html"]);
    expect(await fs.readdir(path.join(root, "out"))).toEqual([]);
    expect(await contentsOf(path.join(root, "beside"))).toEqual({ "a/b.html": "b" });
  });

  test("unlinks a hard-linked file without changing its other name", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "a/b.html": "tetap" });
    await createStaging(places);
    await linkFiles(places.dir, places.next, ["a/b.html"]);
    await unlinkFiles(places.next, ["a/b.html"]);
    expect(await fs.readFile(path.join(places.dir, "a/b.html"), "utf8")).toBe("tetap");
    expect(await exists(path.join(places.next, "a"))).toBe(false);
  });
});

describe("linkFiles", () => {
  test("hard-links files of the output into the staging folder: same inode, same content", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "lama", "2017/08/a/index.html": "a", "aset/gaya.css": "b{}" });
    await createStaging(places);
    expect(await linkFiles(places.dir, places.next, ["index.html", "2017/08/a/index.html", "aset/gaya.css"])).toEqual([]);
    for (const file of ["index.html", "2017/08/a/index.html", "aset/gaya.css"]) {
      const [from, to] = await Promise.all([fs.stat(path.join(places.dir, file)), fs.stat(path.join(places.next, file))]);
      expect(to.ino).toBe(from.ino);
      expect(to.nlink).toBe(2);
    }
  });

  test("reports files missing from the output, sorted, and does not create them", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "lama" });
    await createStaging(places);
    expect(await linkFiles(places.dir, places.next, ["z/hilang.html", "index.html", "a/hilang.html"])).toEqual(["a/hilang.html", "z/hilang.html"]);
    expect(await listFiles(places.next)).toEqual([stagingMarkerName, "index.html"]);
  });

  test("keeps a file already in the staging folder", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "lama", "a/b.html": "lama b" });
    await createStaging(places);
    await write(places.next, { "index.html": "baru" });
    const before = await fs.stat(path.join(places.next, "index.html"));
    expect(await linkFiles(places.dir, places.next, ["index.html", "a/b.html"])).toEqual([]);
    const after = await fs.stat(path.join(places.next, "index.html"));
    expect(after.ino).toBe(before.ino);
    expect(after.ino).not.toBe((await fs.stat(path.join(places.dir, "index.html"))).ino);
    expect(await fs.readFile(path.join(places.next, "index.html"), "utf8")).toBe("baru");
    expect(await fs.readFile(path.join(places.dir, "index.html"), "utf8")).toBe("lama");
  });

  test("links more files than it works on at once, across nested folders", async () => {
    const places = await placesOf();
    const files: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) files[`${i % 7}/${i % 13}/${i}.html`] = String(i);
    await writeSite(places.dir, files);
    await createStaging(places);
    expect(await linkFiles(places.dir, places.next, Object.keys(files))).toEqual([]);
    expect(await contentsOf(places.next)).toEqual({ ...files, [stagingMarkerName]: "" });
  });

  test("makes the folders it needs 0755 under umask 022", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "2017/08/04/a/index.html": "a" });
    await withUmask(0o022, async () => {
      await createStaging(places);
      await linkFiles(places.dir, places.next, ["2017/08/04/a/index.html"]);
    });
    for (const folder of ["2017", "2017/08", "2017/08/04", "2017/08/04/a"]) expect(await modeOf(path.join(places.next, folder))).toBe("755");
  });

  test("fails rather than linking through a file that stands where a folder must be", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "a/b.html": "b" });
    await createStaging(places);
    await write(places.next, { a: "berkas, bukan folder" });
    await expect(linkFiles(places.dir, places.next, ["a/b.html"])).rejects.toMatchObject({ code: "ENOTDIR" });
  });

  const otherFileSystem = ["/dev/shm"].find((dir) => {
    try {
      return statSync(dir).isDirectory() && statSync(dir).dev !== statSync(os.tmpdir()).dev;
    } catch {
      return false;
    }
  });

  test.skipIf(otherFileSystem === undefined)("copies where it cannot link because the folders are on different file systems", async () => {
    const from = await fs.mkdtemp(path.join(otherFileSystem!, "arsip-output-"));
    extraDirs.push(from);
    await write(from, { "a/b.html": "b", "c.html": "c" });
    const to = path.join(root, "to");
    await fs.mkdir(to);
    expect(await linkFiles(from, to, ["a/b.html", "c.html", "hilang.html"])).toEqual(["hilang.html"]);
    expect(await contentsOf(to)).toEqual({ "a/b.html": "b", "c.html": "c" });
    expect((await fs.stat(path.join(to, "c.html"))).nlink).toBe(1);
  });
});

describe("commitStaging", () => {
  test("puts the staged site in place with its marker, without its staging marker, and removes the staging folder", async () => {
    const places = await placesOf();
    const check = await addBystanders(project);
    await writeSite(places.dir, { "index.html": "lama", "hapus.html": "lama" });
    await createStaging(places);
    await write(places.next, { "index.html": "baru", "2018/x/index.html": "x" });
    await commitStaging(places, newMarker);
    expect(await contentsOf(places.dir)).toEqual({ [markerName]: JSON.stringify(newMarker), "index.html": "baru", "2018/x/index.html": "x" });
    expect(await readMarker(places.dir)).toEqual(newMarker);
    expect(await exists(places.next)).toBe(false);
    expect(await exists(places.old)).toBe(false);
    await check();
  });

  test("keeps the replaced site, unchanged, as the spare when there is none, resolving nothing to delete", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "lama", "a/b.html": "b" }, oldMarker);
    const before = await stateOf(places.dir);
    await createStaging(places);
    await write(places.next, { "index.html": "baru" });
    expect(await commitStaging(places, newMarker)).toBeUndefined();
    expect(await stateOf(places.spare)).toEqual(before);
    expect(await outputEntries(project)).toEqual(["._site.arsip-spare", "_site"]);
  });

  test("moves the replaced site to a trash folder beside the output, resolving it, when a spare is there", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "lama" }, oldMarker);
    const before = await stateOf(places.dir);
    await createStaging(places);
    await write(places.next, { "index.html": "baru" });
    await writeSite(places.spare, { "index.html": "tua" }, { ...oldMarker, build: "older" });
    const spare = await stateOf(places.spare);
    const retired = await commitStaging(places, newMarker);
    expect(path.dirname(retired!)).toBe(project);
    expect(path.basename(retired!).startsWith(places.trashPrefix)).toBe(true);
    expect(await stateOf(retired!)).toEqual(before);
    expect(await stateOf(places.spare)).toEqual(spare);
  });

  test("does not keep a replaced site without a marker as the spare", async () => {
    const places = await placesOf();
    await write(places.dir, { "index.html": "versi lama tanpa penanda" });
    await createStaging(places);
    await write(places.next, { "index.html": "baru" });
    const retired = await commitStaging(places, newMarker);
    expect(await contentsOf(retired!)).toEqual({ "index.html": "versi lama tanpa penanda" });
    expect(await exists(places.spare)).toBe(false);
  });

  test("resolves undefined when there was no output to replace", async () => {
    const places = await placesOf();
    await createStaging(places);
    await write(places.next, { "index.html": "baru" });
    expect(await commitStaging(places, newMarker)).toBeUndefined();
    expect(await outputEntries(project)).toEqual(["_site"]);
  });

  test("gives the output folders 0755 and the marker 0644 under umask 022, the output root included", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "a/b/lama.html": "lama" });
    await fs.chmod(places.dir, 0o700);
    await withUmask(0o022, async () => {
      await createStaging(places);
      await linkFiles(places.dir, places.next, ["a/b/lama.html"]);
      await makeFolders(places.next, ["c/d/baru.html"]);
      await fs.writeFile(path.join(places.next, "c/d/baru.html"), "baru");
      await commitStaging(places, newMarker);
    });
    expect(await modeOf(places.dir)).toBe("755");
    for (const folder of ["a", "a/b", "c", "c/d"]) expect(await modeOf(path.join(places.dir, folder))).toBe("755");
    expect(await modeOf(path.join(places.dir, markerName))).toBe("644");
    expect(await modeOf(path.join(places.dir, "c/d/baru.html"))).toBe("644");
  });

  test("follows the umask rather than fixing modes: 0775 and 0664 under umask 002", async () => {
    const places = await placesOf();
    await withUmask(0o002, async () => {
      await createStaging(places);
      await makeFolders(places.next, ["a/b.html"]);
      await commitStaging(places, newMarker);
    });
    expect(await modeOf(places.dir)).toBe("775");
    expect(await modeOf(path.join(places.dir, "a"))).toBe("775");
    expect(await modeOf(path.join(places.dir, markerName))).toBe("664");
  });

  test("keeps a symbolic output link a link, now showing the new site, its spare beside the target", async () => {
    await writeSite(path.join(root, "www", "site"), { "index.html": "lama" });
    await fs.symlink(path.join(root, "www", "site"), path.join(project, "_site"));
    const places = await placesOf();
    await createStaging(places);
    await write(places.next, { "index.html": "baru" });
    await commitStaging(places, newMarker);
    expect((await fs.lstat(path.join(project, "_site"))).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(path.join(project, "_site", "index.html"), "utf8")).toBe("baru");
    expect((await fs.readdir(path.join(root, "www"))).sort()).toEqual([".site.arsip-spare", "site"]);
    expect(await outputEntries(project)).toEqual(["_site"]);
  });

  test("linked files outlive the deletion of the replaced site", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "tetap.html": "tetap", "ganti.html": "lama" });
    await createStaging(places);
    await linkFiles(places.dir, places.next, ["tetap.html"]);
    await write(places.next, { "ganti.html": "baru" });
    await commitStaging(places, newMarker);
    await removeDir(places.spare);
    expect(await contentsOf(places.dir)).toEqual({ [markerName]: JSON.stringify(newMarker), "tetap.html": "tetap", "ganti.html": "baru" });
  });

  test("leaves the current output in place when its first rename fails, and the next recovery cleans up", async () => {
    const places = await placesOf();
    await writeSite(places.dir, { "index.html": "lama" }, oldMarker);
    const before = await stateOf(places.dir);
    await writeSite(places.old, { "index.html": "sisa" }, oldMarker);
    await createStaging(places);
    await write(places.next, { "index.html": "baru" });
    await expect(commitStaging(places, newMarker)).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTEMPTY|EEXIST)$/) });
    expect(await stateOf(places.dir)).toEqual(before);
    await recoverOutput(places);
    expect(await stateOf(places.dir)).toEqual(before);
    expect(await outputEntries(project)).toEqual(["._site.arsip-spare", "_site"]);
  });

  test("over five builds, staged fresh and in the spare, nothing beside the output but its own staging, old, spare and trash folders is touched", async () => {
    await write(project, { [`._site.arsip-trash-9-9/index.html`]: "sampah" });
    const check = await addBystanders(project);
    const places = await placesOf();
    await check();
    const expected: Record<string, string> = {};
    for (const [round, useSpare] of [["satu", false], ["dua", false], ["tiga", true], ["empat", true], ["lima", false]] as const) {
      await recoverOutput(places);
      await check();
      await claimOutput(places);
      await check();
      const output = await exists(places.dir) ? await stateOf(places.dir) : [];
      const hadSpare = await exists(places.spare);
      expect(hadSpare).toBe(round !== "satu" && round !== "dua");
      const { from, trash } = await createStaging(places, async () => useSpare);
      expect(from !== undefined).toBe(useSpare && hadSpare);
      await check();
      // Staged in the spare: what differs from the current output goes, the rest is linked again.
      const inStaging = (await listFiles(places.next)).filter((file) => file !== stagingMarkerName);
      const differ: string[] = [];
      for (const file of inStaging) {
        const current = await fs.stat(path.join(places.dir, file)).catch(() => undefined);
        if (current?.ino !== (await fs.stat(path.join(places.next, file))).ino) differ.push(file);
      }
      await unlinkFiles(places.next, differ);
      await check();
      const previous = (await listFiles(places.dir)).filter((file) => file !== markerName && file !== "index.html");
      expect(await linkFiles(places.dir, places.next, previous)).toEqual([]);
      await fs.rm(path.join(places.next, "index.html"), { force: true });
      await write(places.next, { "index.html": round, [`${round}/index.html`]: round });
      Object.assign(expected, { "index.html": round, [`${round}/index.html`]: round });
      await check();
      // Until the swap the output is byte for byte, inode for inode, what it was.
      expect(await exists(places.dir) ? await stateOf(places.dir) : []).toEqual(output);
      const retired = await commitStaging(places, { ...newMarker, build: round });
      await check();
      for (const folder of [trash, retired]) if (folder !== undefined) await removeDetached(folder);
      await check();
      expect(await contentsOf(places.dir)).toEqual({ ...expected, [markerName]: JSON.stringify({ ...newMarker, build: round }) });
    }
    await recoverOutput(places);
    expect((await outputEntries(project)).filter((entry) => !entry.startsWith(places.trashPrefix))).toEqual(["._site.arsip-spare", "_site"]);
    await check();
  });
});

describe("removeDetached", () => {
  async function gone(dir: string, timeoutMs = 10_000): Promise<boolean> {
    for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (!(await exists(dir))) return true;
    }
    return false;
  }

  test("removes the folder and everything below it, and nothing beside it", async () => {
    const places = await placesOf();
    const check = await addBystanders(project);
    const trash = path.join(project, `${places.trashPrefix}1-2`);
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`${i % 10}/${i}/index.html`] = String(i);
    await write(trash, files);
    await removeDetached(trash);
    expect(await gone(trash)).toBe(true);
    await check();
  });

  test("removes a folder whose name starts with a dash", async () => {
    const dir = path.join(root, "-rf");
    await write(dir, { "a.html": "a" });
    await removeDetached(dir);
    expect(await gone(dir)).toBe(true);
    expect(await exists(root)).toBe(true);
  });

  test("deletes the folder itself before resolving when rm cannot be started", async () => {
    const dir = path.join(root, "trash");
    await write(dir, { "a/b.html": "b" });
    vi.stubEnv("PATH", path.join(root, "no-bin"));
    try {
      await removeDetached(dir);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await exists(dir)).toBe(false);
  });
});

describe("makeFolders", () => {
  test("makes every folder the files need, parents first, and accepts folders that exist", async () => {
    await fs.mkdir(path.join(root, "out", "a"), { recursive: true });
    await makeFolders(path.join(root, "out"), ["a/b/c/d.html", "a/e.html", "f/g.html", "top.html"]);
    expect((await fs.readdir(path.join(root, "out"), { recursive: true })).sort()).toEqual(["a", "a/b", "a/b/c", "f"].map((folder) => folder.split("/").join(path.sep)));
  });
});

describe("copyFiles", () => {
  test("copies the files into the folder, as separate files", async () => {
    const from = await writeFixture({ "a/b.css": "b{}", "c.js": "c()" });
    extraDirs.push(from);
    const to = path.join(root, "to");
    await fs.mkdir(to);
    await copyFiles(from, to, ["a/b.css", "c.js"]);
    expect(await contentsOf(to)).toEqual({ "a/b.css": "b{}", "c.js": "c()" });
    expect((await fs.stat(path.join(to, "c.js"))).ino).not.toBe((await fs.stat(path.join(from, "c.js"))).ino);
  });

  test("fails when a file is missing", async () => {
    const from = await writeFixture({ "c.js": "c()" });
    extraDirs.push(from);
    await fs.mkdir(path.join(root, "to"));
    await expect(copyFiles(from, path.join(root, "to"), ["hilang.js"])).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("missingFiles", () => {
  test("lists the files that do not exist below the folder, sorted", async () => {
    await write(root, { "out/a.html": "a", "out/b/c.html": "c" });
    expect(await missingFiles(path.join(root, "out"), ["z.html", "a.html", "b/c.html", "b/d.html"])).toEqual(["b/d.html", "z.html"]);
  });
});

describe("listFiles", () => {
  test("lists every file below the folder with / separators, sorted, without folders", async () => {
    await write(root, { "out/z.html": "z", "out/a/b/c.html": "c", "out/.hidden": "h" });
    await fs.mkdir(path.join(root, "out", "empty"));
    expect(await listFiles(path.join(root, "out"))).toEqual([".hidden", "a/b/c.html", "z.html"]);
  });

  test("lists nothing for a missing folder", async () => {
    expect(await listFiles(path.join(root, "missing"))).toEqual([]);
  });
});

describe("removeDir", () => {
  test("removes the folder and accepts a missing one", async () => {
    await write(root, { "out/a/b.html": "b", "beside.txt": "x" });
    await removeDir(path.join(root, "out"));
    await removeDir(path.join(root, "out"));
    expect(await fs.readdir(root)).toEqual(["beside.txt", "project"]);
  });
});
