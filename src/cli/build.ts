/**
 * `npm run build [-- --full] [-- --quiet]`: a production build of the archive into OUTPUT_DIR
 * (see src/pipeline.ts). Incremental when the previous output and its cache manifest allow it;
 * `--full` renders everything. Any failure exits non-zero with a message naming the file and
 * field, and leaves the previous output untouched.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { ArchiveError, SettingsError } from "../errors.ts";
import { countArticleFiles, heapBudgetMb } from "../heap.ts";
import { removeStagingDirs } from "../output.ts";
import { readSettings } from "../settings.ts";
// The pipeline (Eleventy, Pagefind) is imported in main(): the process that only starts the
// capped one (runCapped) does not pay for loading it.

const quiet = process.argv.includes("--quiet");
const full = process.argv.includes("--full");

/**
 * BENCH_REPORT=1 (set by `npm run bench`) prints the duration of each step as one JSON line,
 * "bench-report {...}", so the benchmark can time the steps of one real build. Off otherwise.
 */
const benchReport = process.env.BENCH_REPORT === "1";
const stepNames: Record<string, string> = {
  load: "loadSiteMs",
  plan: "planMs",
  stage: "stageMs",
  render: "eleventyMs",
  check: "checkMs",
  search: "searchIndexMs",
  swap: "swapMs",
};

const heapFlag = "--max-old-space-size";
const uncappedBelow = 2000;

/**
 * Runs this build again in a Node process whose heap is capped to the archive's budget
 * (src/heap.ts), for archives of `uncappedBelow` article files or more, unless a cap is already
 * set (by this wrapper, NODE_OPTIONS or the command line) or ARSIP_HEAP_MB says otherwise (a
 * number of MB, which always caps, or "off"). Resolves with the exit code, or undefined when this
 * process should do the build itself.
 */
async function runCapped(): Promise<number | undefined> {
  const setting = process.env.ARSIP_HEAP_MB?.trim();
  if (setting === "off" || process.execArgv.some((arg) => arg.startsWith(heapFlag)) || process.env.NODE_OPTIONS?.includes(heapFlag)) return undefined;
  const settings = readSettings();
  const articles = await countArticleFiles(settings.articlesDir);
  // Small archives stay small without a cap; spare them a second Node start-up.
  if (!setting && articles < uncappedBelow) return undefined;
  const budget = setting ? Number(setting) : heapBudgetMb(articles);
  if (!Number.isInteger(budget) || budget < 64) throw new SettingsError(`ARSIP_HEAP_MB must be a whole number of megabytes (64 or more) or "off", not "${setting}".`);
  const started = Date.now();
  const child = spawn(process.execPath, [...process.execArgv, `${heapFlag}=${budget}`, ...process.argv.slice(1)], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (...result) => resolve(result)));
  if (code !== null && code <= 1) return code;
  await removeStagingDirs(settings.outputDir, started);
  console.error(
    signal === "SIGABRT" || code === 134
      ? `Build stopped: it needed more memory than its budget of ${budget} MB for ${articles} article files; the previous output is unchanged.\n` +
          `Run it again with a larger budget, e.g. ARSIP_HEAP_MB=${budget * 2} npm run build.`
      : `Build stopped (${signal ?? `exit code ${code}`}); the previous output is unchanged.`,
  );
  return 1;
}

async function main(): Promise<void> {
  const started = performance.now();
  const settings = readSettings();
  const steps: [string, number][] = [];
  // Progress for large archives on a terminal: one line per finished step.
  const progress = !quiet && !benchReport && process.stdout.isTTY;
  const { buildSite } = await import("../pipeline.ts");
  const report = await buildSite(settings, {
    full,
    onStep: (name) => {
      const now = performance.now();
      if (progress) console.log(`  ${name} done in ${((now - (steps[steps.length - 1]?.[1] ?? started)) / 1000).toFixed(1)} s`);
      steps.push([stepNames[name] ?? name, now]);
    },
  });
  const { archive, notices, fileCount } = report.site;
  for (const notice of notices) console.warn(`notice: ${notice}`);
  for (const warning of archive.warnings) console.warn(`warning: ${warning}`);
  if (benchReport) {
    const durations = steps.map(([name, at], index) => [name, Math.round(at - (steps[index - 1]?.[1] ?? started))]);
    console.log(`bench-report ${JSON.stringify({ ...Object.fromEntries(durations), incremental: report.incremental, rendered: report.rendered, maxRssKB: process.resourceUsage().maxRSS })}`);
  }
  if (quiet) return;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const how = report.incremental ? `incremental: ${report.rendered} of ${report.pages} pages rendered, ${report.removed} removed` : `full: ${report.pages} pages rendered`;
  console.log(
    `Arsip Berita: ${archive.articles.length} articles (${fileCount} files), ${archive.topicEntries.length} topics; ` +
      `${how}; written to ${path.relative(process.cwd(), settings.outputDir) || "."} in ${seconds} s` +
      (archive.warnings.length > 0 ? `; ${archive.warnings.length} warnings` : ""),
  );
}

try {
  const code = await runCapped();
  if (code === undefined) await main();
  else process.exitCode = code;
} catch (error) {
  // SearchIndexError by name: importing src/search-index.ts here would load Pagefind up front.
  if (error instanceof ArchiveError || error instanceof SettingsError || (error instanceof Error && error.name === "SearchIndexError")) {
    console.error(`Build stopped; nothing was written (the previous output is unchanged).\n${error.message}`);
  } else {
    console.error("Build failed; nothing was written (the previous output is unchanged).");
    console.error(error);
  }
  process.exitCode = 1;
}
