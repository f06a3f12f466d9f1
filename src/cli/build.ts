/**
 * `npm run build [-- --full] [-- --quiet]`: a production build of the archive into OUTPUT_DIR
 * (src/build/pipeline.ts). It writes only what changed since the output's last build; `--full`
 * writes everything. Any failure exits non-zero with a message naming the file and field, and
 * leaves the previous output byte-identical.
 *
 * A large archive whose build must render every page renders in a second Node process whose heap
 * is capped in proportion to the archive (src/build/heap.ts): V8 otherwise lets a 10,000-article
 * render grow to ~900 MB where ~500 MB suffice. That process stops once every page is staged and
 * hands the rest to this one (`finishBuild`: search index, check, swap), so Pagefind's memory
 * (~165 MB per run) never sits beside the renderer's. This process loads the pipeline only when
 * it builds or finishes (a dynamic import), so while the capped one renders it holds little more
 * than Node itself.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { defaultCacheDir } from "../build/cache.ts";
import { countArticleFiles, heapPlan, parallelRenderFrom, parallelRenderUpTo, renderWorkers } from "../build/heap.ts";
import { readManifest } from "../build/manifest.ts";
import { holdLock, releaseLock, type OutputLock } from "../build/output-lock.ts";
import { outputPlacesOf, readMarker, removeDetached } from "../build/output.ts";
import type { BuildReport, Progress, StagedBuild } from "../build/pipeline.ts";
import { ArchiveError, OutputFolderError, SettingsError, UrlError } from "../errors.ts";
import { SearchIndexError } from "../search/search-index.ts";
import { readSettings, urlsLockFile, type Settings } from "../settings.ts";
import { heapFlagGiven, heapLimitMb, ranOutOfMemory, runWithHeap } from "./heap-process.ts";

const quiet = process.argv.includes("--quiet");
const full = process.argv.includes("--full");
/** `--lock-urls`: make urls.lock when there is none; `--remove-url=<path>`: confirm that a published URL is gone (src/build/url-lock.ts). */
const lockUrls = process.argv.includes("--lock-urls");
const removeUrls = process.argv.filter((arg) => arg.startsWith("--remove-url=")).map((arg) => arg.slice("--remove-url=".length));

/**
 * BENCH_REPORT=1 (set by `npm run bench`) prints the duration of each step as one JSON line,
 * "bench-report {...}", so the benchmark can time the steps of one real build. Off otherwise.
 */
const benchReport = process.env.BENCH_REPORT === "1";
const stepNames: Record<string, string> = { load: "loadSiteMs", plan: "planMs", stage: "stageMs", render: "renderMs", search: "searchIndexMs", check: "checkMs", swap: "swapMs" };

/** `--hand-off=<file>`: given by the process that starts a capped build (`runCapped`). */
const handOffFile = process.argv.find((arg) => arg.startsWith("--hand-off="))?.slice("--hand-off=".length);

/** Names this command to a build that finds the output locked by it. */
const command = "npm run build";

/** True when this build will likely render every page: `--full`, or no usable record of the output. */
async function rendersEverything(settings: Settings, cacheDir: string): Promise<boolean> {
  if (full) return true;
  const dir = await fs.realpath(settings.outputDir).catch(() => settings.outputDir);
  const marker = await readMarker(dir);
  return marker === undefined || marker.mode !== settings.mode || (await readManifest(cacheDir, dir, marker.build)) === undefined;
}

/**
 * Runs this same command in a Node process with its heap capped to `budget` MB, which renders and
 * hands back the rest; finishes it here. Resolves with the exit code.
 */
async function runCapped(budget: number, settings: Settings): Promise<number> {
  const started = performance.now();
  // The lock on the output is this process's; the capped one works under it (src/build/output-lock.ts).
  const places = await outputPlacesOf(settings, path.resolve("."));
  const lock = await holdLock(places.dir, places.lock, command);
  try {
    return await runCappedLocked(budget, started, lock);
  } finally {
    await releaseLock(lock);
  }
}

async function runCappedLocked(budget: number, started: number, lock: OutputLock): Promise<number> {
  const file = path.join(os.tmpdir(), `arsip-staged-${process.pid}-${Date.now()}.json`);
  // The capped process is named in the lock, so that the lock is not taken over while it still
  // writes into the staging folder, should this one be killed. Signals are passed on while it
  // runs; afterwards a signal ends this process as usual.
  const ended = await runWithHeap(budget, [...process.argv.slice(1), `--hand-off=${file}`], { env: { ...process.env, ...lock.env() }, onStart: (pid) => lock.addHolder(pid) });
  const { code, signal } = ended;
  try {
    if (code === 0) {
      const text = await fs.readFile(file, "utf8").catch(() => undefined);
      // No file: the capped process found nothing to write and said so itself.
      if (text !== undefined) await finish(JSON.parse(text) as Handed, started, performance.now());
      return 0;
    }
  } finally {
    await fs.rm(file, { force: true });
  }
  if (code === 1) return 1;
  console.error(
    ranOutOfMemory(ended)
      ? `Build stopped: it needed more memory than its budget of ${budget} MB; the previous output is unchanged.\n` +
          `Run it again with a larger budget, e.g. ARSIP_HEAP_MB=${budget * 2} npm run build.`
      : `Build stopped (${signal ?? `exit code ${code}`}); the previous output is unchanged.`,
  );
  return 1;
}

/** What the capped process hands over: the staged build and its summary line's parts. */
interface Handed {
  staged: StagedBuild;
  summary: Summary;
}

interface Summary {
  articles: number;
  files: number;
  topics: number;
  warnings: number;
  outputDir: string;
}

/** Finishes a build the capped process staged (it ended at `handedAt`), and prints its summary. */
async function finish({ staged, summary }: Handed, started: number, handedAt: number): Promise<void> {
  const steps = stepTimer(handedAt);
  const { finishBuild } = await import("../build/pipeline.ts");
  const report = await finishBuild(staged, { onStep: steps.step, onProgress: terminal ? showProgress : undefined });
  for (const folder of report.retired) await removeDetached(folder);
  if (benchReport) console.log(`bench-report ${JSON.stringify({ ...steps.durations(), searchShards: report.indexed, searchRestored: report.restored, startMaxRssKB: process.resourceUsage().maxRSS })}`);
  printSummary(report, summary, started);
}

/**
 * Progress (one line rewritten in place) on a terminal only; step lines on a terminal and off it
 * (CI, pipes), so a long build is never silent; `--quiet` prints neither.
 */
const terminal = !quiet && !benchReport && process.stdout.isTTY;

/** "  rendering 1234 of 5000 pages · search 3 of 11" on one line, rewritten in place. */
function showProgress(progress: Progress): void {
  const line = `  rendering ${progress.pagesRendered} of ${progress.pagesToRender} pages · search ${progress.shardsIndexed} of ${progress.shardsToIndex}`;
  process.stdout.write(`\r${line}\u001b[K`);
}

/** "  reading 2500 of 10000 articles", rewritten in place. */
function showLoadProgress(read: number, total: number): void {
  process.stdout.write(`\r  reading ${read} of ${total} articles\u001b[K`);
}

/** Times the steps a build reports; prints each (not in the bench's or a quiet build's output). */
function stepTimer(started: number) {
  const steps: [string, number][] = [];
  return {
    step(name: string): void {
      const now = performance.now();
      const line = `  ${name} done in ${((now - (steps[steps.length - 1]?.[1] ?? started)) / 1000).toFixed(1)} s`;
      if (terminal) process.stdout.write(`\r\u001b[K${line}\n`);
      else if (!quiet && !benchReport) console.log(line);
      steps.push([stepNames[name] ?? name, now]);
    },
    durations(): Record<string, number> {
      return Object.fromEntries(steps.map(([name, at], index) => [name, Math.round(at - (steps[index - 1]?.[1] ?? started))]));
    },
  };
}

function printSummary(report: Omit<BuildReport, "site">, summary: Summary, started: number): void {
  if (quiet) return;
  const how = report.incremental ? `incremental: ${report.rendered} of ${report.pages} pages rendered, ${report.removed} removed` : `full: ${report.pages} pages rendered`;
  console.log(
    `Arsip Berita: ${summary.articles} articles (${summary.files} files), ${summary.topics} topics; ` +
      `${how}; written to ${path.relative(process.cwd(), summary.outputDir) || "."} in ${((performance.now() - started) / 1000).toFixed(1)} s` +
      (summary.warnings > 0 ? `; ${summary.warnings} warnings` : ""),
  );
}

async function main(settings: Settings, cacheDir: string, workers: number): Promise<void> {
  const started = performance.now();
  const steps = stepTimer(started);
  let handed: StagedBuild | undefined;
  const { build } = await import("../build/pipeline.ts");
  const report = await build(settings, {
    full,
    command,
    cacheDir,
    onProgress: terminal ? showProgress : undefined,
    onLoadProgress: terminal ? showLoadProgress : undefined,
    onStep: steps.step,
    renderWorkers: workers,
    handOff: handOffFile === undefined ? undefined : async (staged) => void (handed = staged),
    urlLock: settings.mode === "production" ? { file: urlsLockFile(settings), create: lockUrls, remove: removeUrls } : undefined,
  });
  for (const folder of report.retired) await removeDetached(folder);
  const { archive, notices, fileCount } = report.site;
  for (const notice of notices) console.warn(`notice: ${notice}`);
  for (const warning of archive.warnings) console.warn(`warning: ${warning}`);
  if (benchReport) {
    const figures = { incremental: report.incremental, rendered: report.rendered, articlesParsed: report.site.parsedFiles.size, searchShards: report.indexed, searchRestored: report.restored, maxRssKB: process.resourceUsage().maxRSS, heapLimitMB: heapLimitMb() };
    console.log(`bench-report ${JSON.stringify({ ...steps.durations(), ...figures })}`);
  }
  const summary: Summary = { articles: archive.articles.length, files: fileCount, topics: archive.topicEntries.length, warnings: archive.warnings.length, outputDir: settings.outputDir };
  if (handed !== undefined && handOffFile !== undefined) {
    // The process that started this one indexes, swaps and prints the summary (`runCapped`).
    await fs.writeFile(handOffFile, JSON.stringify({ staged: handed, summary } satisfies Handed));
    return;
  }
  printSummary(report, summary, started);
}

try {
  const settings = readSettings();
  const cacheDir = defaultCacheDir();
  const capped = heapFlagGiven();
  const articles = await countArticleFiles(settings.articlesDir);
  let plan;
  let workers;
  try {
    plan = heapPlan({ setting: process.env.ARSIP_HEAP_MB?.trim() || undefined, capped, articles });
    const setting = process.env.ARSIP_RENDER_WORKERS?.trim() || undefined;
    // Whether the build renders everything is only asked where the answer matters.
    const everything = plan.where === "capped" || setting !== undefined || articles < parallelRenderFrom || articles > parallelRenderUpTo ? false : await rendersEverything(settings, cacheDir);
    workers = renderWorkers({ setting, articles, rendersEverything: everything, cores: os.availableParallelism() });
  } catch (error) {
    throw error instanceof RangeError ? new SettingsError(error.message) : error;
  }
  if (plan.where === "capped" && (await rendersEverything(settings, cacheDir))) process.exitCode = await runCapped(plan.budgetMb, settings);
  else await main(settings, cacheDir, workers);
} catch (error) {
  if (error instanceof ArchiveError || error instanceof SettingsError || error instanceof SearchIndexError || error instanceof OutputFolderError || error instanceof UrlError) {
    console.error(`Build stopped; nothing was written (the previous output is unchanged).\n${error.message}`);
  } else {
    console.error("Build failed; nothing was written (the previous output is unchanged).");
    console.error(error);
  }
  process.exitCode = 1;
}
