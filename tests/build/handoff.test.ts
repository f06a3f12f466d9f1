/**
 * src/handoff.ts: the handoff file a capped full build leaves for the process that started it,
 * and that process's last steps (search index, swap, manifest) on a small written site.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { completePendingBuild, handoffVersion, readPendingBuild, writePendingBuild, type PendingBuild } from "../../src/build/handoff.ts";
import { makeTempDir } from "../helpers/build.ts";

const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

function articlePage(title: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${title}</title></head><body><article data-pagefind-body><h1>${title}</h1><p>Teks sintetis untuk uji.</p></article></body></html>`;
}

/** A root with the previous output, a staging folder holding the new site, and a waiting manifest. */
async function pendingSite(pages: Record<string, string>): Promise<PendingBuild> {
  const root = await makeTempDir("arsip-handoff-");
  dirs.push(root);
  const outputDir = path.join(root, "site");
  const staging = path.join(root, ".build-site-1");
  await fs.mkdir(outputDir);
  await fs.writeFile(path.join(outputDir, "index.html"), "lama");
  for (const [file, html] of Object.entries(pages)) {
    await fs.mkdir(path.dirname(path.join(staging, file)), { recursive: true });
    await fs.writeFile(path.join(staging, file), html);
  }
  const manifestFile = path.join(root, "cache", "site.json");
  await fs.mkdir(path.dirname(manifestFile));
  await fs.writeFile(manifestFile, "manifest lama");
  await fs.writeFile(`${manifestFile}.next`, "manifest baru");
  return { version: handoffVersion, staging, outputDir, manifestFile, nextManifest: `${manifestFile}.next`, shards: [["2016", 2]], searchPrints: [["2016", "sidik-2016"]], summary: "Ringkasan", summaryEnd: "" };
}

const pages = {
  "index.html": "baru",
  "2016/01/01/satu/index.html": articlePage("Contoh satu"),
  "2016/01/02/dua/index.html": articlePage("Contoh dua"),
};

describe("writePendingBuild and readPendingBuild", () => {
  test("read back what was written; no file means no handoff", async () => {
    const dir = await makeTempDir("arsip-handoff-file-");
    dirs.push(dir);
    const file = path.join(dir, "handoff.json");
    expect(await readPendingBuild(file)).toBeUndefined();
    const { version: _, ...pending } = await pendingSite(pages);
    await writePendingBuild(file, pending);
    expect(await readPendingBuild(file)).toEqual({ version: handoffVersion, ...pending });
  });

  test("refuse a handoff of another version", async () => {
    const dir = await makeTempDir("arsip-handoff-file-");
    dirs.push(dir);
    const file = path.join(dir, "handoff.json");
    await fs.writeFile(file, JSON.stringify({ version: handoffVersion + 1 }));
    await expect(readPendingBuild(file)).rejects.toThrow(`Handoff ${file} has version ${handoffVersion + 1}, expected ${handoffVersion}.`);
  });
});

describe("completePendingBuild", () => {
  test("indexes the shards into the staging folder, swaps it in and puts the manifest in place", async () => {
    const pending = await pendingSite(pages);
    const steps: string[] = [];
    const results = await completePendingBuild(pending, (name) => steps.push(name));
    expect(steps).toEqual(["search", "swap"]);
    expect(results.map(({ shard, pagesIndexed }) => [shard, pagesIndexed])).toEqual([["2016", 2]]);
    expect(await fs.readFile(path.join(pending.outputDir, "index.html"), "utf8")).toBe("baru");
    expect(await fs.readdir(path.join(pending.outputDir, "pagefind"))).toEqual(expect.arrayContaining(["2016", "pagefind-ui.js"]));
    expect(await fs.readFile(pending.manifestFile, "utf8")).toBe("manifest baru");
    expect(await fs.readdir(path.dirname(pending.outputDir))).toEqual(expect.not.arrayContaining([path.basename(pending.staging)]));
    await expect(fs.stat(pending.nextManifest)).rejects.toThrow(/ENOENT/);
  });

  test("a failed search index leaves the previous output and removes the staging folder and waiting manifest", async () => {
    const pending = await pendingSite(pages);
    await expect(completePendingBuild({ ...pending, shards: [["2016", 3]] })).rejects.toThrow(/holds 2 pages, expected 3/);
    expect(await fs.readFile(path.join(pending.outputDir, "index.html"), "utf8")).toBe("lama");
    expect(await fs.readFile(pending.manifestFile, "utf8")).toBe("manifest lama");
    await expect(fs.stat(pending.staging)).rejects.toThrow(/ENOENT/);
    await expect(fs.stat(pending.nextManifest)).rejects.toThrow(/ENOENT/);
  });
});
