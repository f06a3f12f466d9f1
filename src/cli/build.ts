/**
 * `npm run build [-- --full] [-- --quiet]`: a production build of the archive into OUTPUT_DIR
 * (see src/pipeline.ts). Incremental when the previous output and its cache manifest allow it;
 * `--full` renders everything. Any failure exits non-zero with a message naming the file and
 * field, and leaves the previous output untouched.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { getHeapStatistics } from "node:v8";
import { ArchiveError, SettingsError } from "../errors.ts";
import { manifestIsCurrent } from "../build-cache.ts";
import { countArticleFiles, heapPlan, type HeapPlan } from "../heap.ts";
import { removeStagingDirs } from "../output.ts";
import { SearchIndexError } from "../search-index.ts";
import { readSettings, templatesDir } from "../settings.ts";
// The pipeline (Eleventy, the archive) is imported in main(): the process that only starts the
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

/** Where this build runs (src/heap.ts `heapPlan`). */
async function planHeap(): Promise<HeapPlan> {
  const settings = readSettings();
  const capped = process.execArgv.some((arg) => arg.startsWith(heapFlag)) || (process.env.NODE_OPTIONS?.includes(heapFlag) ?? false);
  try {
    return heapPlan({
      setting: process.env.ARSIP_HEAP_MB?.trim() || undefined,
      capped,
      articles: await countArticleFiles(settings.articlesDir),
      full,
      manifest: !full && !capped && (await manifestIsCurrent(templatesDir, settings)),
    });
  } catch (error) {
    throw error instanceof RangeError ? new SettingsError(error.message) : error;
  }
}

/**
 * Runs this build again in a Node process whose heap is capped to `budget` MB, with `extraArgs`
 * (e.g. --full). Resolves with its exit code; an out-of-memory end says how to raise the budget.
 */
async function runCapped(budget: number, extraArgs: readonly string[] = []): Promise<number> {
  const settings = readSettings();
  const started = Date.now();
  const child = spawn(process.execPath, [...process.execArgv, `${heapFlag}=${budget}`, ...process.argv.slice(1), ...extraArgs], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (...result) => resolve(result)));
  if (code !== null && code <= 1) return code;
  await removeStagingDirs(settings.outputDir, started);
  const articles = await countArticleFiles(settings.articlesDir);
  console.error(
    signal === "SIGABRT" || code === 134
      ? `Build stopped: it needed more memory than its budget of ${budget} MB for ${articles} article files; the previous output is unchanged.\n` +
          `Run it again with a larger budget, e.g. ARSIP_HEAP_MB=${budget * 2} npm run build.`
      : `Build stopped (${signal ?? `exit code ${code}`}); the previous output is unchanged.`,
  );
  return 1;
}

async function main(incrementalOnly: boolean): Promise<void> {
  const started = performance.now();
  const settings = readSettings();
  const steps: [string, number][] = [];
  // Progress for large archives on a terminal: one line per finished step.
  const progress = !quiet && !benchReport && process.stdout.isTTY;
  const { buildSite } = await import("../pipeline.ts");
  const report = await buildSite(settings, {
    full,
    incrementalOnly,
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
    console.log(`bench-report ${JSON.stringify({ ...Object.fromEntries(durations), incremental: report.incremental, rendered: report.rendered, maxRssKB: process.resourceUsage().maxRSS, heapLimitMB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) })}`);
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
  const plan = await planHeap();
  if (plan.where === "capped") process.exitCode = await runCapped(plan.budgetMb);
  else {
    try {
      await main(plan.where === "here-unless-full");
    } catch (error) {
      // By name: the pipeline, which defines it, is imported in main().
      if (plan.where !== "here-unless-full" || !(error instanceof Error && error.name === "FullBuildNeeded")) throw error;
      process.exitCode = await runCapped(plan.budgetMb, ["--full"]);
    }
  }
} catch (error) {
  if (error instanceof ArchiveError || error instanceof SettingsError || error instanceof SearchIndexError) {
    console.error(`Build stopped; nothing was written (the previous output is unchanged).\n${error.message}`);
  } else {
    console.error("Build failed; nothing was written (the previous output is unchanged).");
    console.error(error);
  }
  process.exitCode = 1;
}
