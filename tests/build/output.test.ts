import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { copyFiles, createStagingDir, listFiles, missingFiles, moveFiles, removeDir, removeFiles, removeStagingDirs, replaceDir, swapIntoPlace } from "../../src/build/output.ts";

let root: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "arsip-output-test-"));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
}

describe("createStagingDir", () => {
  test("creates a new empty folder beside the output folder", async () => {
    const outputDir = path.join(root, "_site");
    const staging = await createStagingDir(outputDir);
    expect(path.dirname(staging)).toBe(root);
    expect(path.basename(staging)).toMatch(/^\.build-_site-/);
    expect(await fs.readdir(staging)).toEqual([]);
  });

  test("creates the parent folder when it does not exist yet", async () => {
    const outputDir = path.join(root, "deep", "er", "_site");
    const staging = await createStagingDir(outputDir);
    expect(path.dirname(staging)).toBe(path.join(root, "deep", "er"));
  });

  test("gives a different folder each time", async () => {
    const outputDir = path.join(root, "_site");
    expect(await createStagingDir(outputDir)).not.toBe(await createStagingDir(outputDir));
  });
});

describe("swapIntoPlace", () => {
  test("replaces the output folder with the staging folder, leaving no old files behind", async () => {
    const outputDir = path.join(root, "_site");
    await write(outputDir, { "index.html": "lama", "2017/old/index.html": "lama" });
    const staging = await createStagingDir(outputDir);
    await write(staging, { "index.html": "baru", "2017/08/04/x/index.html": "baru" });

    await swapIntoPlace(staging, outputDir);

    expect(await listFiles(outputDir)).toEqual(["2017/08/04/x/index.html", "index.html"]);
    expect(await fs.readFile(path.join(outputDir, "index.html"), "utf8")).toBe("baru");
    expect(await fs.readdir(root)).toEqual(["_site"]);
  });

  test("moves the staging folder into place when there was no output folder", async () => {
    const outputDir = path.join(root, "_site");
    const staging = await createStagingDir(outputDir);
    await write(staging, { "index.html": "baru" });

    await swapIntoPlace(staging, outputDir);

    expect(await listFiles(outputDir)).toEqual(["index.html"]);
    expect(await fs.readdir(root)).toEqual(["_site"]);
  });

  test("leaves the previous output folder in place when the swap fails", async () => {
    const outputDir = path.join(root, "_site");
    await write(outputDir, { "index.html": "lama" });

    await expect(swapIntoPlace(path.join(root, "missing"), outputDir)).rejects.toThrow(/ENOENT/);

    expect(await fs.readdir(root)).toEqual(["_site"]);
    expect(await fs.readFile(path.join(outputDir, "index.html"), "utf8")).toBe("lama");
  });
});

describe("removeDir", () => {
  test("removes a folder with its contents and ignores a missing one", async () => {
    const dir = path.join(root, "x");
    await write(dir, { "a/b.txt": "b" });
    await removeDir(dir);
    await removeDir(dir);
    expect(await fs.readdir(root)).toEqual([]);
  });
});

describe("listFiles", () => {
  test("lists files below a folder, relative, with / separators, sorted", async () => {
    await write(root, { "z.txt": "", "a/b/c.html": "", "a/a.css": "", "assets/site.css": "" });
    await fs.mkdir(path.join(root, "empty"));
    expect(await listFiles(root)).toEqual(["a/a.css", "a/b/c.html", "assets/site.css", "z.txt"]);
  });

  test("gives an empty list for an empty folder", async () => {
    expect(await listFiles(root)).toEqual([]);
  });
});

describe("missingFiles", () => {
  test("lists the files that are not there, sorted", async () => {
    await write(root, { "a/index.html": "a", "b.xml": "b" });
    expect(await missingFiles(root, ["b.xml", "z/index.html", "a/index.html", "c.txt"])).toEqual(["c.txt", "z/index.html"]);
  });

  test("finds everything missing when the folder itself is missing", async () => {
    expect(await missingFiles(path.join(root, "nowhere"), ["index.html"])).toEqual(["index.html"]);
  });
});

describe("moveFiles", () => {
  test("moves files into place, creating folders and replacing what was there", async () => {
    const from = path.join(root, "from");
    const to = path.join(root, "to");
    await write(from, { "2017/08/04/x/index.html": "new", "index.html": "new home", "extra.txt": "stays" });
    await write(to, { "index.html": "old home", "keep.html": "kept" });
    await moveFiles(from, to, ["2017/08/04/x/index.html", "index.html"]);
    expect(await listFiles(to)).toEqual(["2017/08/04/x/index.html", "index.html", "keep.html"]);
    expect(await fs.readFile(path.join(to, "index.html"), "utf8")).toBe("new home");
    expect(await listFiles(from)).toEqual(["extra.txt"]);
  });
});

describe("copyFiles", () => {
  test("copies files into place, creating folders and replacing what was there, and keeps the originals", async () => {
    const from = path.join(root, "from");
    const to = path.join(root, "to");
    await write(from, { "assets/style.css": "baru", "assets/ikon/logo.svg": "<svg/>", "assets/lain.txt": "tidak disalin" });
    await write(to, { "assets/style.css": "lama", "index.html": "tetap" });
    await copyFiles(from, to, ["assets/style.css", "assets/ikon/logo.svg"]);
    expect(await listFiles(to)).toEqual(["assets/ikon/logo.svg", "assets/style.css", "index.html"]);
    expect(await fs.readFile(path.join(to, "assets/style.css"), "utf8")).toBe("baru");
    expect(await listFiles(from)).toEqual(["assets/ikon/logo.svg", "assets/lain.txt", "assets/style.css"]);
  });
});

describe("removeFiles", () => {
  test("deletes the files and the folders that leaves empty, and nothing else", async () => {
    await write(root, { "2017/08/04/x/index.html": "x", "2017/08/05/y/index.html": "y", "index.html": "home" });
    await removeFiles(root, ["2017/08/04/x/index.html", "not/there.html"]);
    expect(await listFiles(root)).toEqual(["2017/08/05/y/index.html", "index.html"]);
    expect(await fs.readdir(path.join(root, "2017", "08"))).toEqual(["05"]);
  });

  test("keeps the folder it works in even when it ends empty", async () => {
    await write(root, { "a/b.html": "b" });
    await removeFiles(root, ["a/b.html"]);
    expect(await fs.readdir(root)).toEqual([]);
  });
});

describe("replaceDir", () => {
  test("puts the new folder in place of the old one, whose files are gone", async () => {
    await write(root, { "new/a.txt": "new", "site/shard/old.txt": "old" });
    await replaceDir(path.join(root, "new"), path.join(root, "site", "shard"));
    expect(await listFiles(path.join(root, "site"))).toEqual(["shard/a.txt"]);
    expect(await fs.readdir(root)).toEqual(["site"]);
  });

  test("creates the place when there was no old folder", async () => {
    await write(root, { "new/a.txt": "new" });
    await replaceDir(path.join(root, "new"), path.join(root, "site", "pagefind", "2017"));
    expect(await listFiles(path.join(root, "site"))).toEqual(["pagefind/2017/a.txt"]);
  });
});

describe("removeStagingDirs", () => {
  test("removes the output's staging folders made since a moment, and nothing else", async () => {
    const outputDir = path.join(root, "_site");
    await write(outputDir, { "index.html": "site" });
    const since = Date.now() - 60_000;
    const first = await createStagingDir(outputDir);
    const second = await createStagingDir(outputDir);
    const other = await createStagingDir(path.join(root, "lain"));
    const removed = await removeStagingDirs(outputDir, since);
    expect(removed.sort()).toEqual([first, second].sort());
    expect((await fs.readdir(root)).sort()).toEqual([path.basename(other), "_site"].sort());
    expect(await listFiles(outputDir)).toEqual(["index.html"]);
  });

  test("leaves staging folders older than the moment", async () => {
    const outputDir = path.join(root, "_site");
    const staging = await createStagingDir(outputDir);
    expect(await removeStagingDirs(outputDir, Date.now() + 60_000)).toEqual([]);
    expect(await fs.readdir(root)).toEqual([path.basename(staging)]);
  });
});
