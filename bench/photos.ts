/**
 * Photos for synthetic articles, and the photo benchmark.
 *
 * `photoJpeg(seed)` makes a photo-like JPEG with sharp: smooth colour fields (random colours at
 * 1/64 of the size, enlarged) with a fine grain, so encoders see the entropy of a photograph rather
 * than a flat gradient. Never a real photo. `addPhotos(dir, articles)` gives each generated article
 * such a file beside it (`<year>/foto/<name>.jpg`) and names it in its front matter.
 *
 *   node --import tsx bench/photos.ts [--n 1000] [--seed 1]
 *
 * builds a corpus of n articles with a photo each (bench/corpus.ts) through the real CLI into a
 * temporary folder, then measures a cold build (empty cache), a warm one (nothing changed) and an
 * added article with its photo, and prints the wall times and how many photo files were encoded
 * (the store's files counted before and after). Nothing is kept.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { commandArgs } from "../bin/run.mjs";
import sharp from "sharp";
import { generateCorpus, makeCorpus, makeExtraArticle, mulberry32, type GeneratedArticle } from "./corpus.ts";

/** A photo-like JPEG, `width` × `height`, the same bytes for the same seed. */
export async function photoJpeg(seed: number, width = 1600, height = 1067): Promise<Buffer> {
  const random = mulberry32(seed);
  const cw = Math.ceil(width / 64);
  const ch = Math.ceil(height / 64);
  const coarse = Buffer.alloc(cw * ch * 3);
  for (let i = 0; i < coarse.length; i++) coarse[i] = Math.floor(random() * 256);
  const smooth = await sharp(coarse, { raw: { width: cw, height: ch, channels: 3 } }).resize(width, height, { kernel: "cubic" }).raw().toBuffer();
  for (let i = 0; i < smooth.length; i++) smooth[i] = Math.max(0, Math.min(255, smooth[i]! + Math.floor((random() - 0.5) * 24)));
  return sharp(smooth, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

/** The photo of a generated article: relative to its file, and where it is written. */
function photoFileOf(article: GeneratedArticle): string {
  return `foto/${path.basename(article.file, ".md")}.jpg`;
}

/** Writes a photo beside each of `articles` (files of a corpus in `dir`) and names it in the front matter. */
export async function addPhotos(dir: string, articles: readonly GeneratedArticle[], seed = 1): Promise<void> {
  const queue = articles.map((article, index) => ({ article, index }));
  const worker = async () => {
    for (let next = queue.pop(); next; next = queue.pop()) {
      const { article, index } = next;
      const articlePath = path.join(dir, article.file);
      const photo = path.join(path.dirname(articlePath), photoFileOf(article));
      await fs.mkdir(path.dirname(photo), { recursive: true });
      await fs.writeFile(photo, await photoJpeg(seed * 100_003 + index));
      const text = await fs.readFile(articlePath, "utf8");
      const image = `image:\n  caption: "Foto sintetis untuk uji kinerja, bukan foto berita."\n  credit: Arsip Berita (uji)\n  file: ${photoFileOf(article)}\n`;
      await fs.writeFile(articlePath, text.replace(/^tags:\n/m, `${image}tags:\n`));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, os.availableParallelism()) }, worker));
}

function run(env: Record<string, string>): Promise<{ ms: number; code: number | null; out: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, commandArgs(process.cwd(), "src/cli/build.ts"), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: performance.now() - started, code, out }));
  });
}

async function countFiles(dir: string): Promise<number> {
  return (await fs.readdir(dir, { recursive: true }).catch(() => [])).length;
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const index = process.argv.indexOf(name);
    return index === -1 ? fallback : Number(process.argv[index + 1]);
  };
  const n = arg("--n", 1000);
  const seed = arg("--seed", 1);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "arsip-bench-photos-"));
  const articles = path.join(work, "articles");
  const env = { ARTICLES_DIR: articles, OUTPUT_DIR: path.join(work, "_site"), ARSIP_CACHE_DIR: path.join(work, "cache"), SITE_URL: "https://arsip.example/", ARSIP_HEAP_MB: "off" };
  try {
    const corpus = await generateCorpus({ n, seed, dir: articles });
    let started = performance.now();
    await addPhotos(articles, corpus, seed);
    console.log(`${n} articles with a photo each written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const encoded = async () => countFiles(path.join(env.ARSIP_CACHE_DIR, (await fs.readdir(env.ARSIP_CACHE_DIR)).find((name) => name.endsWith(".photos")) ?? "-", "foto"));
    const report = (label: string, result: { ms: number; code: number | null; out: string }, files: number) =>
      console.log(`${label}: ${(result.ms / 1000).toFixed(1)} s, exit ${result.code}, photo files encoded: ${files}; ${result.out.trim().split("\n").pop()}`);

    const cold = await run(env);
    const afterCold = await encoded();
    report("cold", cold, afterCold);
    const warm = await run(env);
    report("warm", warm, (await encoded()) - afterCold);
    const extra = makeExtraArticle(makeCorpus(n, seed), seed);
    await fs.mkdir(path.dirname(path.join(articles, extra.file)), { recursive: true });
    await fs.writeFile(path.join(articles, extra.file), extra.text);
    started = performance.now();
    await addPhotos(articles, [extra], seed + 1);
    const added = await run(env);
    report("add one (with its photo)", added, (await encoded()) - afterCold);
    const outputs = await countFiles(path.join(env.OUTPUT_DIR, "foto"));
    console.log(`output: ${outputs} photo files`);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
