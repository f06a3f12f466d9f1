/**
 * The floor under a build on this machine: what no build of the same site can avoid, timed in one
 * process without Eleventy, for `npm run bench` to set beside the build.
 *
 *   node --import tsx bench/floor.ts <corpus folder> <output folder of a clean build>
 *
 * - **read + Markdown**: reading every article file and rendering its body with markdown-it (no
 *   front-matter validation, no related lists, no templates);
 * - **write**: writing the same number of files with the same bytes as the build's output into a
 *   fresh folder (folders first, then files 64 at a time, as the build writes); then the time
 *   `sync` takes to flush them (neither this project's build nor Hugo's waits for it).
 *
 * Prints one JSON line.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import MarkdownIt from "markdown-it";
import { fileConcurrency, mapLimit } from "../src/limit.ts";

async function filesBelow(dir: string, suffix = ""): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(suffix)).map((entry) => path.join(entry.parentPath, entry.name));
}

export interface FloorTimes {
  articles: number;
  readAndMarkdownMs: number;
  files: number;
  bytes: number;
  writeMs: number;
  /** Flushing them to disk afterwards (`sync`): neither build waits for it, but the disk is busy meanwhile. */
  syncMs: number;
}

async function main(corpusDir: string, outputDir: string): Promise<FloorTimes> {
  const articles = await filesBelow(corpusDir, ".md");
  const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
  let started = performance.now();
  await mapLimit(articles, fileConcurrency, async (file) => {
    const text = await fs.readFile(file, "utf8");
    const end = text.indexOf("\n---", 3);
    markdown.render(end < 0 ? text : text.slice(end + 4));
  });
  const readAndMarkdownMs = Math.round(performance.now() - started);

  const outputs = await filesBelow(outputDir);
  const contents = await mapLimit(outputs, fileConcurrency, async (file) => [path.relative(outputDir, file), await fs.readFile(file)] as const);
  const target = await fs.mkdtemp(path.join(os.tmpdir(), "arsip-floor-"));
  try {
    started = performance.now();
    const folders = [...new Set(contents.map(([file]) => path.dirname(file)))].sort();
    for (const folder of folders) await fs.mkdir(path.join(target, folder), { recursive: true });
    await mapLimit(contents, fileConcurrency, ([file, bytes]) => fs.writeFile(path.join(target, file), bytes));
    const writeMs = Math.round(performance.now() - started);
    spawnSync("sync");
    const syncMs = Math.round(performance.now() - started) - writeMs;
    return { articles: articles.length, readAndMarkdownMs, files: outputs.length, bytes: contents.reduce((sum, [, bytes]) => sum + bytes.length, 0), writeMs, syncMs };
  } finally {
    await fs.rm(target, { recursive: true, force: true });
  }
}

const [corpusDir, outputDir] = process.argv.slice(2);
if (corpusDir === undefined || outputDir === undefined) {
  console.error("usage: node --import tsx bench/floor.ts <corpus folder> <output folder>");
  process.exitCode = 2;
} else {
  console.log(JSON.stringify(await main(corpusDir, outputDir)));
}
