/**
 * `npm run build`: validate every article, run Eleventy into a staging folder, check that every
 * expected page was written, then swap the staging folder into OUTPUT_DIR. Any failure exits
 * non-zero with a message naming the file and field, and leaves the previous output untouched.
 */
import path from "node:path";
import { Eleventy } from "@11ty/eleventy";
import { ArchiveError, SettingsError } from "../errors.ts";
import { createStagingDir, listFiles, removeDir, swapIntoPlace } from "../output.ts";
import { buildSearchIndex, SearchIndexError } from "../search-index.ts";
import { readSettings } from "../settings.ts";
import { loadSite, templatesDir } from "../site.ts";

const quiet = process.argv.includes("--quiet");

function log(message: string): void {
  if (!quiet) console.log(message);
}

/** Output files every build must contain: each list page and each article page. */
function expectedFiles(urls: readonly string[]): string[] {
  return urls.map((url) => `${url.replace(/^\//, "")}index.html`);
}

async function main(): Promise<number> {
  const started = performance.now();
  const settings = readSettings();
  const site = await loadSite(settings);
  for (const notice of site.notices) console.warn(`notice: ${notice}`);
  for (const warning of site.archive.warnings) console.warn(`warning: ${warning}`);

  const staging = await createStagingDir(settings.outputDir);
  try {
    // .eleventy.ts reads its output folder from OUTPUT_DIR (a config's `dir.output` overrides a
    // programmatic output argument), so point it at the staging folder for this run.
    process.env.OUTPUT_DIR = staging;
    const eleventy = new Eleventy(templatesDir, staging, { configPath: ".eleventy.ts", quietMode: true });
    await eleventy.write();
    const written = new Set(await listFiles(staging));
    const archive = site.archive;
    const missing = expectedFiles([...archive.articles, ...archive.listPages].map((page) => page.url)).filter((file) => !written.has(file));
    if (missing.length > 0) {
      throw new Error(`Eleventy did not write ${missing.length} expected pages, e.g. ${missing.slice(0, 3).join(", ")}`);
    }
    // The search index reads the finished pages, so it comes after Eleventy and before the swap.
    await buildSearchIndex(staging);
    await swapIntoPlace(staging, settings.outputDir);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(
      `Arsip Berita: ${archive.articles.length} articles (${site.fileCount} files), ${archive.topicEntries.length} topics, ` +
        `${written.size} files written to ${path.relative(process.cwd(), settings.outputDir) || "."} in ${seconds} s` +
        (site.archive.warnings.length > 0 ? `, ${site.archive.warnings.length} warnings` : ""),
    );
    return 0;
  } catch (error) {
    await removeDir(staging);
    throw error;
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof ArchiveError || error instanceof SettingsError || error instanceof SearchIndexError) {
    console.error(`Build stopped; nothing was written (the previous output is unchanged).\n${error.message}`);
  } else {
    console.error("Build failed; nothing was written (the previous output is unchanged).");
    console.error(error);
  }
  process.exitCode = 1;
}
