// @ts-check
/**
 * Eleventy's own floor: what Eleventy 3 takes, in a process of its own, to render `pages` pages of
 * a one-line Nunjucks template (paginated over a list of numbers as the project's page templates
 * are), with nothing read, nothing computed and nothing written. Any build on Eleventy pays at
 * least this for a site of that many pages (plus the writes, which bench/floor.ts times), so
 * `npm run bench` sets it beside Hugo's whole build: the nearer it comes to Hugo's time, the less
 * is left for everything else a build does.
 *
 *   node bench/eleventy-floor.mjs <pages>
 *
 * Plain JavaScript, run without tsx: tsx's loader would add its own module loading to the figure.
 * Eleventy is imported as the build imports it (src/render/eleventy.ts: without its ESM resolver),
 * and Nunjucks shares compiled templates as in the build (src/render/nunjucks-compile.ts, turned
 * into JavaScript by esbuild and imported on its own). Prints one JSON line: the time to import
 * Eleventy, to render, and since the process started, the time that setup took, and how many
 * times Nunjucks compiled.
 */
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { transformSync } from "esbuild";

const pages = Number(process.argv[2]);
if (!Number.isInteger(pages) || pages < 1) throw new Error(`usage: node bench/eleventy-floor.mjs <pages>, got "${process.argv[2]}"`);

const dir = await fs.mkdtemp(path.join(os.tmpdir(), "arsip-eleventy-floor-"));
try {
  // Paginated as the project's page templates are (templates/article.njk): JavaScript front
  // matter with a permalink function, which Eleventy does not compile again for every page.
  const template = [
    "---js",
    '{ pagination: { data: "numbers", size: 1, alias: "number" }, permalink: (data) => `/halaman/${data.number}/index.html`, eleventyExcludeFromCollections: true }',
    "---",
    "<!doctype html><title>{{ number }}</title><p>{{ number }}</p>",
    "",
  ].join("\n");
  await fs.writeFile(path.join(dir, "page.njk"), template);
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "true";
  // Nunjucks (Eleventy's copy, the one its import loads) compiling each template source once. The
  // build has this code in its bundle; here esbuild makes it first (`setupMs`, which the bench
  // takes off the process's time).
  const setupFrom = performance.now();
  const fromEleventy = createRequire(createRequire(import.meta.url).resolve("@11ty/eleventy"));
  const compiler = fromEleventy("nunjucks/src/compiler");
  let compilations = 0;
  const compile = compiler.compile;
  compiler.compile = (/** @type {unknown[]} */ ...args) => (compilations++, compile(...args));
  const shared = transformSync(readFileSync(new URL("../src/render/nunjucks-compile.ts", import.meta.url), "utf8"), { loader: "ts", format: "esm" }).code;
  const { shareCompiledTemplatesOf } = await import(`data:text/javascript,${encodeURIComponent(shared)}`);
  shareCompiledTemplatesOf(fromEleventy("nunjucks"), compiler);
  const started = performance.now();
  const setupMs = Math.round(started - setupFrom);
  const { Eleventy } = await import("@11ty/eleventy");
  const imported = performance.now();
  const numbers = Array.from({ length: pages }, (_, index) => index);
  const eleventy = new Eleventy(dir, path.join(dir, "_site"), {
    quietMode: true,
    configPath: undefined,
    /** @param {any} config */
    config(config) {
      config.addGlobalData("numbers", numbers);
    },
  });
  const rendered = await eleventy.toJSON();
  if (rendered.length !== pages) throw new Error(`Eleventy rendered ${rendered.length} pages, expected ${pages}`);
  const done = performance.now();
  console.log(JSON.stringify({ pages, importMs: Math.round(imported - started), renderMs: Math.round(done - imported), sinceStartMs: Math.round(done), setupMs, compilations }));
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
