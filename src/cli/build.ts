/**
 * `npm run build [-- --full] [-- --quiet]`: a production build of the archive into OUTPUT_DIR
 * (see src/pipeline.ts). Incremental when the previous output and its cache manifest allow it;
 * `--full` renders everything. Any failure exits non-zero with a message naming the file and
 * field, and leaves the previous output untouched.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getHeapStatistics } from "node:v8";
import { ArchiveError, SettingsError } from "../errors.ts";
import { manifestIsCurrent } from "../build/manifest.ts";
import { completePendingBuild, handoffVariable, readPendingBuild, writePendingBuild } from "../build/handoff.ts";
import { countArticleFiles, heapPlan, type HeapPlan } from "../build/heap.ts";
import { removeStagingDirs } from "../build/output.ts";
import { SearchIndexError } from "../search/search-index.ts";
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
 * (e.g. --full). A full build hands its last steps back (src/handoff.ts): once that process has
 * rendered every page and exited, this one indexes the search shards and swaps the output in.
 * Resolves with the exit code; an out-of-memory end says how to raise the budget.
 */
async function runCapped(budget: number, extraArgs: readonly string[] = []): Promise<number> {
  const settings = readSettings();
  const started = Date.now();
  const handoff = path.join(os.tmpdir(), `arsip-handoff-${process.pid}-${started}.json`);
  const child = spawn(process.execPath, [...process.execArgv, `${heapFlag}=${budget}`, ...process.argv.slice(1), ...extraArgs], {
    stdio: "inherit",
    env: { ...process.env, [handoffVariable]: handoff },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (...result) => resolve(result)));
  try {
    if (code === 0) await completeHandedOff(handoff);
    if (code !== null && code <= 1) return code;
  } finally {
    await fs.rm(handoff, { force: true });
  }
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

/** The search index and swap of a full build the capped process handed back, if it did. */
async function completeHandedOff(handoff: string): Promise<void> {
  const pending = await readPendingBuild(handoff);
  if (pending === undefined) return;
  const steps: [string, number][] = [["start", performance.now()]];
  const progress = !quiet && !benchReport && process.stdout.isTTY;
  const results = await completePendingBuild(pending, (name) => {
    const now = performance.now();
    if (progress) console.log(`  ${name} done in ${((now - steps[steps.length - 1]![1]) / 1000).toFixed(1)} s`);
    steps.push([stepNames[name] ?? name, now]);
  });
  if (benchReport) {
    const durations = steps.slice(1).map(([name, at], index) => [name, Math.round(at - steps[index]![1])]);
    console.log(`bench-report ${JSON.stringify({ ...Object.fromEntries(durations), searchShards: results.length, searchRestored: results.filter((result) => result.restored).length, startMaxRssKB: process.resourceUsage().maxRSS })}`);
  }
  if (!quiet) console.log(`${pending.summary} in ${(performance.now() / 1000).toFixed(1)} s${pending.summaryEnd}`);
}

async function main(incrementalOnly: boolean): Promise<void> {
  const started = performance.now();
  const settings = readSettings();
  const steps: [string, number][] = [];
  // Progress for large archives on a terminal: one line per finished step.
  const progress = !quiet && !benchReport && process.stdout.isTTY;
  const { buildSite } = await import("../build/pipeline.ts");
  const handoff = process.env[handoffVariable];
  const report = await buildSite(settings, {
    full,
    incrementalOnly,
    handOff: handoff !== undefined,
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
  const how = report.incremental ? `incremental: ${report.rendered} of ${report.pages} pages rendered, ${report.removed} removed` : `full: ${report.pages} pages rendered`;
  const summary =
    `Arsip Berita: ${archive.articles.length} articles (${fileCount} files), ${archive.topicEntries.length} topics; ` +
    `${how}; written to ${path.relative(process.cwd(), settings.outputDir) || "."}`;
  const summaryEnd = archive.warnings.length > 0 ? `; ${archive.warnings.length} warnings` : "";
  if (report.pending && handoff !== undefined) {
    // The starting process indexes, swaps and prints the summary (runCapped).
    await writePendingBuild(handoff, { ...report.pending, summary, summaryEnd }).catch(async (error: unknown) => {
      await fs.rm(report.pending!.staging, { recursive: true, force: true });
      throw error;
    });
    if (progress) console.log("  search index and swap next");
    return;
  }
  if (quiet) return;
  console.log(`${summary} in ${((performance.now() - started) / 1000).toFixed(1)} s${summaryEnd}`);
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
