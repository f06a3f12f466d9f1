import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createStagingDir, listFiles, removeDir, swapIntoPlace } from "../src/output.ts";

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
