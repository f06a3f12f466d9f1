/**
 * The weight of an article page with a photo as a browser loads it: the seed articles with a
 * photo-like JPEG (bench/photos.ts, 1600 × 1067) given to the Tempo one, built by the real CLI,
 * served locally and opened in headless Chromium at each viewport and device pixel ratio below.
 * Prints every response the page loads, with its body size, and the total.
 *
 *   node --import tsx bench/page-weight.ts
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { commandArgs } from "../bin/run.mjs";
import { launchBrowser } from "../tests/helpers/browser.ts";
import { serveSite } from "../tests/helpers/server.ts";
import { photoJpeg } from "./photos.ts";

const viewports = [
  { width: 390, height: 844, deviceScaleFactor: 3 },
  { width: 390, height: 844, deviceScaleFactor: 2 },
  { width: 1280, height: 900, deviceScaleFactor: 1 },
];

const work = await fs.mkdtemp(path.join(os.tmpdir(), "arsip-page-weight-"));
try {
  const articles = path.join(work, "articles");
  await fs.cp("articles", articles, { recursive: true });
  await fs.mkdir(path.join(articles, "2017", "foto"), { recursive: true });
  await fs.writeFile(path.join(articles, "2017", "foto", "uji.jpg"), await photoJpeg(7));
  const file = path.join(articles, "2017", "tempo-2017-08-04-bos-telegram-pavel-durov.md");
  await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace(/^(  credit: .*)$/m, "$1\n  file: foto/uji.jpg"));
  const output = path.join(work, "_site");
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [...commandArgs(process.cwd(), "src/cli/build.ts"), "--quiet"], { env: { ...process.env, ARTICLES_DIR: articles, OUTPUT_DIR: output, ARSIP_CACHE_DIR: path.join(work, "cache") }, stdio: "inherit" });
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`build failed (exit ${code})`);
  const server = await serveSite(output);
  const browser = await launchBrowser();
  try {
    for (const viewport of viewports) {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, deviceScaleFactor: viewport.deviceScaleFactor });
      const page = await context.newPage();
      const loaded: { url: string; type: string; bytes: number }[] = [];
      page.on("response", async (response) => {
        const body = await response.body().catch(() => Buffer.alloc(0));
        loaded.push({ url: new URL(response.url()).pathname, type: response.headers()["content-type"] ?? "", bytes: body.length });
      });
      await page.goto(server.url("/2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/"), { waitUntil: "networkidle" });
      const total = loaded.reduce((sum, entry) => sum + entry.bytes, 0);
      console.log(`\n${viewport.width} px at ${viewport.deviceScaleFactor}x: ${(total / 1024).toFixed(1)} KiB in ${loaded.length} responses (uncompressed bodies)`);
      for (const entry of loaded) console.log(`  ${(entry.bytes / 1024).toFixed(1).padStart(7)} KiB  ${entry.type.padEnd(28)} ${entry.url}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await fs.rm(work, { recursive: true, force: true });
}
