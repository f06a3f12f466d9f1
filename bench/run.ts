/**
 * `npm run bench`: the build benchmark of issue 8. For each size N it generates a synthetic corpus
 * (bench/corpus.ts) into bench/.work/ (git-ignored), runs the real production build
 * (`node bin/run.mjs src/cli/build.ts`, as `npm run build`) in a child process several times into a clean output
 * folder, and records wall time, peak RSS, CPU time, files and pages written, and the time of each
 * build step (the build prints them when BENCH_REPORT=1: load and archive, Eleventy, search
 * index). Then, once per size, the data stages timed in-process without Eleventy
 * (bench/stages.ts). At the largest size it adds one article (a) to a running dev server and
 * (b) as a one-shot rebuild of the existing output, and compares each result with a clean build
 * of the same input. When `hugo` is installed (Debian: `apt-get install hugo`), each clean build
 * alternates with a clean Hugo build of the same corpus (bench/hugo.ts), and each size gets a
 * table of ratios beside Hugo, beside the floor (bench/floor.ts) and against the goals. Prints the
 * tables, writes bench/results.json and docs/performance-chart.svg.
 *
 *   npm run bench -- [--sizes 1000,4000,10000] [--runs 3] [--quick] [--profile] [--no-add-one] [--no-dev]
 *                    [--no-hugo] [--hugo-timeout-minutes M] [--add-one-only] [--seed 8] [--timeout-minutes 15]
 *
 * Not a test: timings depend on the machine and its load. Every child process is bounded in time
 * and killed (with its process group) when the runner exits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bundlesDirOf, commandArgs, ensureBundle } from "../bin/run.mjs";
import { parseCachePath, searchCacheDir } from "../src/build/cache.ts";
import { chartFromResults } from "./chart.ts";
import { generateCorpus, makeCorpus, makeExtraArticle, type GeneratedArticle } from "./corpus.ts";
import { prepareHugoSite } from "./hugo.ts";
import { formatSummary, readProfile, summarizeProfile, type ProfileSummary } from "./profile-summary.ts";
import type { FloorTimes } from "./floor.ts";
import type { StageTimes } from "./stages.ts";
import { freePort } from "./port.ts";

const root = path.resolve(import.meta.dirname, "..");
/** The builds' cache folder (they run in `root`). */
const cacheDir = path.join(root, ".cache", "arsip");
const work = path.join(root, "bench", ".work");
const timeBinary = "/usr/bin/time";

/** The issue's targets at 10,000 articles on a 2-core machine. */
export const targets = {
  buildSeconds: 20,
  peakRssMB: 600,
  ratio10kTo1k: 11,
  relatedSeconds: 1,
  devAddOneSeconds: 2,
  oneShotSeconds: 5,
};

// ---------------------------------------------------------------------------------------------
// Child processes: each in its own process group, killed on timeout and when the runner exits.

const children = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function killAll(): void {
  for (const child of children) killGroup(child, "SIGKILL");
}

process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

interface RunOptions {
  env?: Record<string, string>;
  timeoutMs: number;
  onLine?: (line: string) => void;
}

function start(command: string, args: string[], options: RunOptions): { child: ChildProcess; done: Promise<ChildResult> } {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  let pending = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    if (options.onLine) {
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      lines.forEach(options.onLine);
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<ChildResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
      reject(new Error(`timed out after ${options.timeoutMs / 1000} s: ${command} ${args.join(" ")}\n${stderr.slice(-2000)}`));
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      children.delete(child);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr, wallMs: performance.now() - started });
    });
  });
  return { child, done };
}

function run(command: string, args: string[], options: RunOptions): Promise<ChildResult> {
  return start(command, args, options).done;
}

/**
 * Peak of the summed RSS of a process and all its descendants (the build's Node process and the
 * Pagefind binary it starts), sampled every 250 ms from /proc. `/usr/bin/time` reports only the
 * largest single process; this says what the machine had to hold at once. Also reports the
 * largest VmHWM seen, for machines without /usr/bin/time. 0 where /proc does not exist.
 */
async function pollTreeRss(rootPid: number, until: Promise<unknown>): Promise<{ treeKb: number; hwmKb: number }> {
  let treeKb = 0;
  let hwmKb = 0;
  let running = true;
  void until.finally(() => (running = false)).catch(() => undefined);
  while (running) {
    const pids = await fs.readdir("/proc").catch(() => [] as string[]);
    const parentOf = new Map<number, number>();
    const status = new Map<number, string>();
    await Promise.all(
      pids.filter((name) => /^\d+$/.test(name)).map(async (name) => {
        const text = await fs.readFile(`/proc/${name}/status`, "utf8").catch(() => "");
        const ppid = /PPid:\s+(\d+)/.exec(text);
        if (ppid) {
          parentOf.set(Number(name), Number(ppid[1]));
          status.set(Number(name), text);
        }
      }),
    );
    const inTree = (pid: number): boolean => {
      for (let at: number | undefined = pid, depth = 0; at !== undefined && depth < 50; at = parentOf.get(at), depth++) {
        if (at === rootPid) return true;
      }
      return false;
    };
    let sum = 0;
    for (const [pid, text] of status) {
      if (!inTree(pid)) continue;
      sum += Number(/VmRSS:\s+(\d+) kB/.exec(text)?.[1] ?? 0);
      hwmKb = Math.max(hwmKb, Number(/VmHWM:\s+(\d+) kB/.exec(text)?.[1] ?? 0));
    }
    treeKb = Math.max(treeKb, sum);
    await sleep(250);
  }
  return { treeKb, hwmKb };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Measuring one production build.

export interface BuildSample {
  wallMs: number;
  /** Peak RSS of the largest single process: the build's Node process or the Pagefind binary it starts. */
  maxRssMB: number;
  /** Peak RSS of the build's Node process alone (from its BENCH_REPORT line). */
  nodeRssMB?: number;
  /** Peak of the summed RSS of the process tree (Node + Pagefind), sampled. */
  treeRssMB: number;
  userS?: number;
  systemS?: number;
  /** The build's own "in X s" figure (from process start, after module loading). */
  reportedS?: number;
  /** Durations of the build's steps from its BENCH_REPORT line (loadSiteMs, planMs, stageMs, renderAndIndexMs, checkMs, swapMs). */
  steps?: Record<string, number>;
  /** Whether the build reported itself incremental, and how many pages it rendered. */
  incremental?: boolean;
  rendered?: number;
  /** Search shards the build wrote, and how many of them it copied from the cache. */
  searchShards?: number;
  searchRestored?: number;
}

interface BuildOptions {
  articlesDir: string;
  outputDir: string;
  /** Remove the output folder first (a clean build); false keeps it, as a rebuild would. */
  clean: boolean;
  /**
   * With `clean`: keep the build cache, i.e. the articles' parse cache and the output's search
   * bundles (a warm full build, as a deploy that restores `.cache/` gets); otherwise they go too,
   * so every article is parsed and every shard indexed.
   */
  keepCache?: boolean;
  timeoutMs: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
}

/**
 * Brings the machine to the same state before each timed build. Deleting a 26,000-file output
 * makes the disk busy for seconds afterwards (ext4 mounted with `discard` here): a build started at
 * once measured its Eleventy step at 18-23 s instead of 10 s. And on this virtual machine
 * consecutive builds get slower (at 1,000 articles the Eleventy step took 2.3, 4.1, 5.1 and 7.2 s
 * in four builds in a row) until the kernel's page cache is dropped. So: flush, drop the page
 * cache when allowed (root), read the build's inputs once so that they come from memory as they
 * would on a machine where they were just written (articles, parse cache, sources, node_modules),
 * and wait.
 */
async function settleMachine(inputs: readonly string[]): Promise<void> {
  await run("sync", [], { timeoutMs: 60_000 }).catch(() => undefined);
  cachesDropped = await fs.writeFile("/proc/sys/vm/drop_caches", "3").then(() => true, () => false);
  for (const dir of inputs) {
    const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isFile()) await fs.readFile(path.join(entry.parentPath, entry.name)).catch(() => undefined);
  }
  await sleep(settleMs);
}

const settleMs = 8000;

/** Whether the last `settleMachine` could drop the page cache (printed with the results). */
let cachesDropped = false;

async function measureBuild(options: BuildOptions): Promise<BuildSample> {
  if (options.clean) await fs.rm(options.outputDir, { recursive: true, force: true });
  if (options.clean && !options.keepCache) {
    await fs.rm(parseCachePath(options.articlesDir, { dir: cacheDir }), { recursive: true, force: true });
    await fs.rm(searchCacheDir(options.outputDir, { dir: cacheDir }), { recursive: true, force: true });
  }
  if (options.clean) await settleMachine([options.articlesDir, cacheDir, path.join(root, "src"), path.join(root, "templates"), path.join(root, "node_modules")]);
  // A clean build is a full one: --full also stops the build from using an incremental cache.
  const nodeArgs = [...(options.nodeFlags ?? []), ...commandArgs(root, "src/cli/build.ts"), ...(options.clean ? ["--full"] : [])];
  const env = { ARTICLES_DIR: options.articlesDir, OUTPUT_DIR: options.outputDir, ELEVENTY_RUN_MODE: "", BENCH_REPORT: "1" };
  const useTime = existsSync(timeBinary);
  const timeFile = path.join(work, `time-${process.pid}.txt`);
  const started = useTime
    ? start(timeBinary, ["-v", "-o", timeFile, process.execPath, ...nodeArgs], { env, timeoutMs: options.timeoutMs })
    : start(process.execPath, nodeArgs, { env, timeoutMs: options.timeoutMs });
  const tree = pollTreeRss(started.child.pid!, started.done);
  const result = await started.done;
  const { treeKb, hwmKb } = await tree;
  if (result.code !== 0) throw new Error(`build failed (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
  const report = useTime ? await fs.readFile(timeFile, "utf8") : "";
  const maxRssKb = useTime ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1] ?? 0) : hwmKb;
  const summary = /written to .* in ([\d.]+) s/.exec(result.stdout);
  // One line from the process that built (the capped one, when the build ran capped).
  const stepsLines = [...result.stdout.matchAll(/^bench-report (\{.*\})$/gm)];
  const stepsLine = stepsLines[0];
  const reported = Object.assign({}, ...stepsLines.map((line) => JSON.parse(line[1]!) as Record<string, unknown>)) as Record<string, unknown>;
  const steps = Object.fromEntries(Object.entries(reported).filter(([name, value]) => typeof value === "number" && name.endsWith("Ms"))) as Record<string, number>;
  return {
    wallMs: Math.round(result.wallMs),
    maxRssMB: Math.round(maxRssKb / 1024),
    treeRssMB: Math.round(treeKb / 1024),
    nodeRssMB: typeof reported.maxRssKB === "number" ? Math.round(reported.maxRssKB / 1024) : undefined,
    userS: useTime ? Number(/User time \(seconds\): ([\d.]+)/.exec(report)?.[1]) : undefined,
    systemS: useTime ? Number(/System time \(seconds\): ([\d.]+)/.exec(report)?.[1]) : undefined,
    reportedS: summary ? Number(summary[1]) : undefined,
    steps: stepsLine ? steps : undefined,
    incremental: typeof reported.incremental === "boolean" ? reported.incremental : undefined,
    rendered: typeof reported.rendered === "number" ? reported.rendered : undefined,
    searchShards: typeof reported.searchShards === "number" ? reported.searchShards : undefined,
    searchRestored: typeof reported.searchRestored === "number" ? reported.searchRestored : undefined,
  };
}

/** The JSON object a measuring child (bench/stages.ts, floor.ts, eleventy-floor.mjs) prints as its last line. */
function lastJsonLine<T>(stdout: string): T {
  return JSON.parse(stdout.trim().split("\n").pop()!) as T;
}

/** bench/eleventy-floor.mjs's figures, and the wall time of its whole process. */
export interface EleventyFloor {
  pages: number;
  importMs: number;
  renderMs: number;
  wallMs: number;
  /** Times Nunjucks compiled a template: 1, its source shared by every page as in the build. */
  compilations: number;
  /** Making the code that shares compiled templates with esbuild, which the build has in its bundle: taken off `wallMs`. */
  setupMs: number;
}

/**
 * Eleventy alone rendering `pages` pages of a one-line template, in a process of its own
 * (bench/eleventy-floor.mjs), with the files it reads cached as the build's are: its time from
 * spawn to exit, less the setup the build does not pay.
 */
async function measureEleventyFloor(pages: number | undefined, timeoutMs: number): Promise<EleventyFloor | undefined> {
  if (pages === undefined || pages < 1) return undefined;
  await settleMachine([path.join(root, "node_modules")]);
  const result = await run(process.execPath, ["bench/eleventy-floor.mjs", String(pages)], { timeoutMs });
  if (result.code !== 0) {
    console.warn(`Eleventy floor failed:\n${result.stderr.slice(-2000)}`);
    return undefined;
  }
  const figures = lastJsonLine<Omit<EleventyFloor, "wallMs">>(result.stdout);
  const floor = { ...figures, wallMs: Math.round(result.wallMs - figures.setupMs) };
  console.log(`floor on Eleventy: ${floor.pages} pages of a one-line template in ${seconds(floor.wallMs)} s (import ${seconds(floor.importMs)} s, render ${seconds(floor.renderMs)} s)`);
  return floor;
}

/** Hugo, if installed (Debian's package: `apt-get install hugo`), for the side-by-side figures. */
async function hugoVersion(): Promise<string | undefined> {
  const result = await run("hugo", ["version"], { timeoutMs: 30_000 }).catch(() => undefined);
  return result?.code === 0 ? result.stdout.trim() : undefined;
}

export interface HugoSample {
  wallMs: number;
  maxRssMB: number;
  treeRssMB: number;
  files?: number;
  /** Set when Hugo did not finish within the bench's time limit: how long it had run. */
  timedOut?: boolean;
}

/** A clean Hugo build of the project bench/hugo.ts wrote in `siteDir`, settled like ours. */
async function measureHugo(siteDir: string, outputDir: string, timeoutMs: number): Promise<HugoSample> {
  await fs.rm(outputDir, { recursive: true, force: true });
  await fs.rm(path.join(siteDir, "resources"), { recursive: true, force: true });
  await settleMachine([path.join(siteDir, "content")]);
  const useTime = existsSync(timeBinary);
  const timeFile = path.join(work, `time-hugo-${process.pid}.txt`);
  const args = ["--quiet", "--source", siteDir, "--destination", outputDir, "--cacheDir", path.join(siteDir, ".hugo-cache")];
  const started = useTime ? start(timeBinary, ["-v", "-o", timeFile, "hugo", ...args], { timeoutMs }) : start("hugo", args, { timeoutMs });
  const tree = pollTreeRss(started.child.pid!, started.done);
  const began = performance.now();
  const result = await started.done.catch(() => undefined);
  const { treeKb, hwmKb } = await tree;
  if (result === undefined) return { wallMs: Math.round(performance.now() - began), maxRssMB: Math.round(hwmKb / 1024), treeRssMB: Math.round(treeKb / 1024), timedOut: true };
  if (result.code !== 0) throw new Error(`hugo failed (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
  const report = useTime ? await fs.readFile(timeFile, "utf8") : "";
  const maxRssKb = useTime ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1] ?? 0) : hwmKb;
  return { wallMs: Math.round(result.wallMs), maxRssMB: Math.round(maxRssKb / 1024), treeRssMB: Math.round(treeKb / 1024), files: (await listFiles(outputDir)).length };
}

// ---------------------------------------------------------------------------------------------
// Output folders: counting and comparing.

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** Gives every file below each of `paths` (or the file itself) the current time. */
async function touchAll(paths: readonly string[]): Promise<void> {
  const now = new Date();
  for (const target of paths) {
    const stat = await fs.stat(target).catch(() => undefined);
    if (stat === undefined) continue;
    const files = stat.isDirectory() ? (await listFiles(target)).map((file) => path.join(target, file)) : [target];
    for (const file of files) await fs.utimes(file, now, now);
  }
}

async function hashTree(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const file of await listFiles(dir)) {
    hashes.set(file, createHash("sha1").update(await fs.readFile(path.join(dir, file))).digest("hex"));
  }
  return hashes;
}

export interface TreeComparison {
  /** Files in both with equal bytes. */
  same: number;
  /** Files in both whose bytes differ. */
  differing: string[];
  /** Files only in the folder under test (e.g. pages that should be gone). */
  onlyInTested: string[];
  /** Files only in the clean build (pages the folder under test lacks). */
  onlyInClean: string[];
}

async function compareTrees(tested: string, clean: string, ignore: (file: string) => boolean = () => false): Promise<TreeComparison> {
  const [a, b] = await Promise.all([hashTree(tested), hashTree(clean)]);
  const comparison: TreeComparison = { same: 0, differing: [], onlyInTested: [], onlyInClean: [] };
  for (const [file, hash] of a) {
    if (ignore(file)) continue;
    const other = b.get(file);
    if (other === undefined) comparison.onlyInTested.push(file);
    else if (other === hash) comparison.same++;
    else comparison.differing.push(file);
  }
  for (const file of b.keys()) if (!ignore(file) && !a.has(file)) comparison.onlyInClean.push(file);
  return comparison;
}

/** A short form for results.json: counts and the first few names. */
function brief(comparison: TreeComparison) {
  const some = (files: string[]) => ({ count: files.length, examples: files.slice(0, 8) });
  return {
    same: comparison.same,
    differing: some(comparison.differing),
    onlyInTested: some(comparison.onlyInTested),
    onlyInClean: some(comparison.onlyInClean),
  };
}

// ---------------------------------------------------------------------------------------------
// Corpora: generated once per size and seed, reused while the generator is unchanged.

async function ensureCorpus(n: number, seed: number): Promise<{ dir: string; generateMs: number; reused: boolean }> {
  const dir = path.join(work, `corpus-${n}-seed${seed}`);
  const generator = createHash("sha1").update(await fs.readFile(path.join(root, "bench", "corpus.ts"))).digest("hex");
  const stampFile = path.join(dir, ".corpus.json");
  const stamp = JSON.stringify({ n, seed, generator });
  if ((await fs.readFile(stampFile, "utf8").catch(() => "")) === stamp) return { dir, generateMs: 0, reused: true };
  const started = performance.now();
  await generateCorpus({ n, seed, dir });
  await fs.writeFile(stampFile, stamp);
  return { dir, generateMs: Math.round(performance.now() - started), reused: false };
}

/**
 * A hash of everything that shapes the output other than the articles: src/, templates/ and the
 * Eleventy config. In a shared working tree someone may edit these during a run; comparing two
 * builds is only meaningful when the fingerprint did not change between them.
 */
async function sourceFingerprint(): Promise<string> {
  const hash = createHash("sha1");
  for (const dir of ["src", "templates"]) {
    for (const file of await listFiles(path.join(root, dir))) hash.update(file).update(await fs.readFile(path.join(root, dir, file)));
  }
  hash.update(await fs.readFile(path.join(root, ".eleventy.ts")));
  return hash.digest("hex").slice(0, 12);
}

async function gitHead(): Promise<string> {
  const result = await run("git", ["rev-parse", "--short", "HEAD"], { timeoutMs: 10_000 }).catch(() => undefined);
  return result?.stdout.trim() ?? "unknown";
}

async function copyDir(from: string, to: string): Promise<void> {
  await fs.rm(to, { recursive: true, force: true });
  await fs.cp(from, to, { recursive: true });
}

async function writeArticle(dir: string, article: GeneratedArticle): Promise<void> {
  await fs.mkdir(path.dirname(path.join(dir, article.file)), { recursive: true });
  await fs.writeFile(path.join(dir, article.file), article.text);
}

// ---------------------------------------------------------------------------------------------
// The dev server: start it, wait for it, add one article, time until the page is served.


async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, intervalMs = 50): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check()) return performance.now();
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

async function status(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

interface DevServerResult {
  port: number;
  initialBuildS?: number;
  /** Dev output before the change against the clean production build of the same input. */
  baseline: ReturnType<typeof brief>;
  /** From writing the new article's file to its URL answering 200. */
  servedMs: number;
  /** From writing the file to the dev server's line for the finished update (every page written). */
  rebuiltMs?: number;
  rebuildReportedS?: number;
  /** Dev output after the rebuild against a clean build of the same input (stale pages). */
  afterAddOne: ReturnType<typeof brief>;
  log: string[];
}

/** The dev server's line after each update (src/cli/serve.ts): "… pages rendered, 0 removed in 1.23 s". */
const updateLine = /pages rendered, \d+ removed in ([\d.]+) s/;

/** The dev server writes the same site as a build (the same pipeline); only its marker says "development". */
const notWrittenByDevServer = (file: string) => file === ".arsip-output.json";

async function measureDevServer(options: {
  corpusDir: string;
  devOut: string;
  cleanOut: string;
  cleanOutAfter: string;
  extra: GeneratedArticle;
  timeoutMs: number;
}): Promise<DevServerResult> {
  // Outside the project: Eleventy's watcher ignores what .gitignore lists, bench/.work/ included,
  // so a corpus there would never trigger a rebuild.
  const devDir = await fs.mkdtemp(path.join(os.tmpdir(), "arsip-bench-dev-"));
  await copyDir(options.corpusDir, devDir);
  await fs.rm(options.devOut, { recursive: true, force: true });
  const port = await freePort();
  const lines: { at: number; text: string }[] = [];
  const server = start(
    process.execPath,
    // `npm start`: the project's dev server with incremental updates.
    commandArgs(root, "src/cli/serve.ts"),
    {
      env: { ARTICLES_DIR: devDir, OUTPUT_DIR: options.devOut, PORT: String(port) },
      timeoutMs: options.timeoutMs,
      onLine: (text) => lines.push({ at: performance.now(), text }),
    },
  );
  let failed: unknown;
  server.done.then(
    (result) => (failed ??= new Error(`dev server exited early (code ${result.code}):\n${result.stderr.slice(-2000)}`)),
    (error: unknown) => (failed ??= error),
  );
  const alive = () => {
    if (failed) throw failed;
  };
  try {
    await waitFor(() => (alive(), lines.some((line) => line.text.includes("Watching"))), options.timeoutMs, "the dev server's first build", 200);
    await waitFor(async () => (alive(), (await status(`http://localhost:${port}/`)) === 200), 60_000, "the dev server to answer", 200);
    const initial = lines.map((line) => updateLine.exec(line.text)).find(Boolean);
    // chokidar reports "ready" some time after "Watching…" on a large folder; give it a moment.
    await sleep(3000);
    const baseline = brief(await compareTrees(options.devOut, options.cleanOut, notWrittenByDevServer));

    const linesBefore = lines.length;
    const written = performance.now();
    await writeArticle(devDir, options.extra);
    const url = `http://localhost:${port}${options.extra.url}`;
    const servedAt = await waitFor(async () => (alive(), (await status(url)) === 200), options.timeoutMs, `${options.extra.url} to be served`);
    const rebuilt = await waitFor(
      () => (alive(), lines.slice(linesBefore).some((line) => updateLine.test(line.text))),
      options.timeoutMs,
      "the rebuild to finish",
      100,
    ).catch(() => undefined);
    const rebuildLine = lines.slice(linesBefore).map((line) => updateLine.exec(line.text)).find(Boolean);
    // Let any follow-up write land before comparing.
    await sleep(3000);
    const afterAddOne = brief(await compareTrees(options.devOut, options.cleanOutAfter, notWrittenByDevServer));
    return {
      port,
      initialBuildS: initial ? Number(initial[1]) : undefined,
      baseline,
      servedMs: Math.round(servedAt - written),
      rebuiltMs: rebuilt === undefined ? undefined : Math.round(rebuilt - written),
      rebuildReportedS: rebuildLine ? Number(rebuildLine[1]) : undefined,
      afterAddOne,
      log: lines.map((line) => line.text.replace(/\x1b\[[0-9;]*m/g, "")).filter((text) => text.trim() !== "").slice(-30),
    };
  } finally {
    killGroup(server.child);
    await Promise.race([server.done.catch(() => undefined), sleep(5000)]);
    killGroup(server.child, "SIGKILL");
    await fs.rm(devDir, { recursive: true, force: true });
    await fs.rm(parseCachePath(devDir, { dir: cacheDir }), { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Profile.

async function profileBuild(articlesDir: string, timeoutMs: number): Promise<{ file: string; summary: ProfileSummary; sample: BuildSample }> {
  const dir = path.join(work, "profile");
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const sample = await measureBuild({
    articlesDir,
    outputDir: path.join(work, "out-profile"),
    clean: true,
    timeoutMs,
    nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
  });
  const profiles = (await fs.readdir(dir)).filter((name) => name.endsWith(".cpuprofile"));
  // The build is the largest profile (tsx may leave a small one for a helper process).
  const sizes = await Promise.all(profiles.map(async (name) => ({ name, size: (await fs.stat(path.join(dir, name))).size })));
  const file = path.join(dir, sizes.sort((a, b) => b.size - a.size)[0]!.name);
  const summary = summarizeProfile(await readProfile(file), 20);
  await fs.writeFile(path.join(work, "profile-summary.txt"), formatSummary(summary));
  return { file: path.relative(root, file), summary, sample };
}

// ---------------------------------------------------------------------------------------------
// Main.

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** The median duration of each build step over `builds`; undefined when none reported steps. */
function medianSteps(builds: readonly BuildSample[]): Record<string, number> | undefined {
  const names = [...new Set(builds.flatMap((build) => Object.keys(build.steps ?? {})))];
  if (names.length === 0) return undefined;
  return Object.fromEntries(names.map((name) => [name, median(builds.map((build) => build.steps?.[name]).filter((value): value is number => value !== undefined))]));
}

const seconds = (ms: number | undefined) => (ms === undefined ? "n/a" : (ms / 1000).toFixed(1));

interface SizeResult {
  n: number;
  corpus: { dir: string; generateMs: number; reused: boolean };
  builds: BuildSample[];
  median: { wallMs: number; maxRssMB: number; treeRssMB: number; userS?: number; systemS?: number };
  files: number;
  pages: number;
  msPerArticle: number;
  /** Median duration of each build step (from the build's BENCH_REPORT line). */
  steps?: Record<string, number>;
  /** Full builds into a clean output that reuse the build cache the builds above left (no article parsed, no shard indexed). */
  warmBuilds?: BuildSample[];
  /** Their medians. */
  warm?: { wallMs: number; treeRssMB: number; steps?: Record<string, number> };
  /** A warm build after every file of the project and corpus got a new time, as on a fresh clone with a restored cache. */
  freshClone?: BuildSample;
  stages?: StageTimes;
  /** What no build of this site can avoid on this machine (bench/floor.ts). */
  floor?: FloorTimes;
  /** What no build on Eleventy of this many pages can avoid (bench/eleventy-floor.mjs). */
  eleventyFloor?: EleventyFloor;
  /** Hugo's clean builds of the same corpus in the same run (bench/hugo.ts), when installed. */
  hugo?: { version: string; builds: HugoSample[]; median: { wallMs: number; treeRssMB: number }; timedOut: boolean };
}

function machine() {
  const cpus = os.cpus();
  const memoryGB = Math.round(os.totalmem() / 1024 ** 3);
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? "unknown",
    memoryGB,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    /** Whether clean builds started with the page cache dropped (settleMachine; needs root). */
    pageCacheDropped: cachesDropped,
    summary: `${cpus.length} cores, ${memoryGB} GB, Node ${process.version}${cachesDropped ? ", page cache dropped before each clean build" : ""}`,
  };
}

function table(sizes: SizeResult[]): string {
  const header =
    "| N | build s (median) | runs s | warm build s (median) | warm runs s | fresh-clone warm s | CPU s | peak RSS MB (largest process) | peak RSS MB (tree) | files | pages | ms/article | load+archive s | render+index s | related s |";
  const rule = "| ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
  const rows = sizes.map((size) =>
    [
      size.n.toLocaleString("en-US"),
      seconds(size.median.wallMs),
      size.builds.map((build) => seconds(build.wallMs)).join(", "),
      seconds(size.warm?.wallMs),
      size.warmBuilds?.map((build) => seconds(build.wallMs)).join(", ") ?? "n/a",
      size.freshClone === undefined ? "n/a" : `${seconds(size.freshClone.wallMs)} (${size.freshClone.searchRestored ?? "?"}/${size.freshClone.searchShards ?? "?"} shards from cache)`,
      size.median.userS === undefined ? "n/a" : ((size.median.userS ?? 0) + (size.median.systemS ?? 0)).toFixed(1),
      size.median.maxRssMB,
      size.median.treeRssMB,
      size.files,
      size.pages,
      size.msPerArticle.toFixed(2),
      seconds(size.steps?.loadSiteMs),
      seconds(size.steps?.renderAndIndexMs),
      size.stages ? seconds(size.stages.relatedMs) : "n/a",
    ].join(" | "),
  );
  return [header, rule, ...rows.map((row) => `| ${row} |`)].join("\n");
}

/** What `sizeTable` reads of the add-one figures. */
interface AddOneFigures {
  oneShot: BuildSample & { identicalToClean: boolean };
  backfilled: BuildSample & { identicalToClean: boolean; cleanBuildOfSameInput: BuildSample };
  /** Older results have none. */
  unchanged?: BuildSample;
  cleanBuildOfSameInput: BuildSample;
  devServer?: DevServerResult | { error: string };
}

/** The issue-18 goals that are ratios, per size (`undefined`: no goal at this size). */
function hugoGoal(n: number): number | undefined {
  return n <= 2000 ? 1.0 : n >= 100_000 ? 0.25 : n >= 10_000 ? 0.33 : undefined;
}

const ratioText = (value: number | undefined, goal?: number) =>
  value === undefined ? "n/a" : `${value.toFixed(2)}${goal === undefined ? "" : ` (goal ≤ ${goal.toFixed(2)}: ${value <= goal ? "met" : "missed"})`}`;

/**
 * The ratio to a Hugo build stopped at its time limit: Hugo would have taken longer, so the ratio
 * is below ours ÷ the limit, which meets a goal when it is at or under it and decides nothing otherwise.
 */
const boundText = (bound: number, goal?: number) =>
  `< ${bound.toFixed(2)} (Hugo stopped)${goal === undefined ? "" : ` (goal ≤ ${goal.toFixed(2)}: ${bound <= goal ? "met" : "not known"})`}`;

/** One table per size: this project beside Hugo in the same run, with the ratios the goals are set in. */
function sizeTable(size: SizeResult, addOne: AddOneFigures | undefined): string {
  const hugo = size.hugo;
  const hugoWall = hugo && !hugo.timedOut ? hugo.median.wallMs : undefined;
  const rows: string[][] = [
    ["clean build, empty cache (median)", `${seconds(size.median.wallMs)} s`, hugo === undefined ? "not run" : hugo.timedOut ? `not finished in ${seconds(hugo.median.wallMs)} s` : `${seconds(hugoWall)} s`, hugo?.timedOut ? boundText(size.median.wallMs / hugo.median.wallMs, hugoGoal(size.n)) : ratioText(hugoWall === undefined ? undefined : size.median.wallMs / hugoWall, hugoGoal(size.n))],
    ["peak RSS, process tree (median)", `${size.median.treeRssMB} MB`, hugo === undefined ? "not run" : `${hugo.median.treeRssMB} MB`, ratioText(hugo === undefined ? undefined : size.median.treeRssMB / hugo.median.treeRssMB, size.n >= 100_000 ? 0.5 : undefined)],
    ["floor: read + Markdown, write the same files (ratio: clean build ÷ floor)", size.floor === undefined ? "n/a" : `${seconds(size.floor.readAndMarkdownMs + size.floor.writeMs)} s`, "", ratioText(size.floor === undefined ? undefined : size.median.wallMs / (size.floor.readAndMarkdownMs + size.floor.writeMs))],
    [
      "floor on Eleventy: Node, Eleventy and the same number of pages of a one-line template, nothing written (ratio: it ÷ Hugo's clean build)",
      size.eleventyFloor === undefined ? "n/a" : `${seconds(size.eleventyFloor.wallMs)} s`,
      "",
      ratioText(size.eleventyFloor === undefined || hugoWall === undefined ? undefined : size.eleventyFloor.wallMs / hugoWall),
    ],
    ["warm build (median)", `${seconds(size.warm?.wallMs)} s`, "", ratioText(size.warm === undefined ? undefined : size.warm.wallMs / size.median.wallMs)],
    ["fresh-clone warm build", `${seconds(size.freshClone?.wallMs)} s`, "", ratioText(size.freshClone === undefined ? undefined : size.freshClone.wallMs / size.median.wallMs)],
  ];
  if (addOne !== undefined) {
    const clean = addOne.cleanBuildOfSameInput.wallMs;
    rows.push(["add the newest article, one-shot", `${seconds(addOne.oneShot.wallMs)} s${addOne.oneShot.identicalToClean ? "" : " (NOT identical)"}`, "", ratioText(addOne.oneShot.wallMs / clean, 0.05)]);
    rows.push(["add a back-filled article, one-shot", `${seconds(addOne.backfilled.wallMs)} s${addOne.backfilled.identicalToClean ? "" : " (NOT identical)"}`, "", ratioText(addOne.backfilled.wallMs / addOne.backfilled.cleanBuildOfSameInput.wallMs, 0.05)]);
    if (addOne.unchanged !== undefined) rows.push(["nothing changed, one-shot, output not cached", `${seconds(addOne.unchanged.wallMs)} s`, "", ratioText(addOne.unchanged.wallMs / addOne.backfilled.cleanBuildOfSameInput.wallMs)]);
    const dev = addOne.devServer;
    if (dev !== undefined && !("error" in dev)) rows.push(["add the newest article, dev server: page served", `${seconds(dev.servedMs)} s`, "", size.n >= 10_000 ? `goal ≤ 2 s: ${dev.servedMs <= 2000 ? "met" : "missed"}` : ""]);
  }
  const header = [`| ${size.n.toLocaleString("en-US")} articles | Arsip Berita | Hugo | ratio |`, "| --- | ---: | ---: | --- |"];
  return [...header, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string" },
      runs: { type: "string" },
      seed: { type: "string", default: "8" },
      quick: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      "no-add-one": { type: "boolean", default: false },
      "no-dev": { type: "boolean", default: false },
      "no-hugo": { type: "boolean", default: false },
      "hugo-timeout-minutes": { type: "string" },
      "add-one-only": { type: "boolean", default: false },
      "timeout-minutes": { type: "string", default: "15" },
    },
  });
  const sizes = (values.sizes ?? (values.quick ? "300,1000" : "1000,4000,10000")).split(",").map(Number).sort((a, b) => a - b);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: expected whole numbers such as 1000,4000,10000, got "${values.sizes}"`);
  const runs = Number(values.runs ?? (values.quick ? 1 : 3));
  const seed = Number(values.seed);
  const timeoutMs = Number(values["timeout-minutes"]) * 60_000;
  await fs.mkdir(work, { recursive: true });
  const hugo = values["no-hugo"] ? undefined : await hugoVersion();
  if (!values["no-hugo"] && hugo === undefined) console.log("hugo is not installed (apt-get install hugo): no side-by-side figures");
  const hugoTimeoutMs = Number(values["hugo-timeout-minutes"] ?? values["timeout-minutes"]) * 60_000;

  const load: number[] = [];
  const loadTimer = setInterval(() => load.push(os.loadavg()[0]!), 5000);
  const startedAt = new Date().toISOString();
  const commit = await gitHead();
  const fingerprintAtStart = await sourceFingerprint();
  // The commands run from the bundle of src/ (bin/run.mjs), made once per version of the code like
  // a compiled binary: made here, so that no timed build pays for it.
  await ensureBundle({ root, srcDir: path.join(root, "src"), bundlesDir: bundlesDirOf(root) });
  const previous = values["add-one-only"]
    ? (JSON.parse(await fs.readFile(path.join(root, "bench", "results.json"), "utf8")) as { sizes: SizeResult[]; profile?: unknown; options: unknown; load: unknown })
    : undefined;
  const results: SizeResult[] = previous?.sizes ?? [];

  for (const n of previous ? [] : sizes) {
    console.log(`\n== N = ${n}`);
    const corpus = await ensureCorpus(n, seed);
    console.log(corpus.reused ? `corpus ${path.relative(root, corpus.dir)} (reused)` : `corpus generated in ${seconds(corpus.generateMs)} s`);
    const outputDir = path.join(work, `out-${n}`);
    const builds: BuildSample[] = [];
    // Hugo's clean build of the same corpus alternates with ours, so that both meet the same
    // machine; it stops being run once it exceeds the time limit.
    const hugoSite = hugo === undefined ? undefined : path.join(work, `hugo-${n}`);
    if (hugoSite !== undefined) await prepareHugoSite(corpus.dir, hugoSite);
    const hugoBuilds: HugoSample[] = [];
    for (let runNumber = 1; runNumber <= runs; runNumber++) {
      const sample = await measureBuild({ articlesDir: corpus.dir, outputDir, clean: true, timeoutMs });
      builds.push(sample);
      console.log(
        `build ${runNumber}/${runs}: ${seconds(sample.wallMs)} s, ${sample.maxRssMB} MB (tree ${sample.treeRssMB} MB), ` +
          `steps ${JSON.stringify(sample.steps ?? {})}, load ${os.loadavg()[0]!.toFixed(1)}${cachesDropped ? ", page cache dropped first" : ""}`,
      );
      if (hugoSite === undefined || hugoBuilds.some((build) => build.timedOut)) continue;
      const hugoSample = await measureHugo(hugoSite, path.join(work, `out-hugo-${n}`), hugoTimeoutMs);
      hugoBuilds.push(hugoSample);
      console.log(
        hugoSample.timedOut
          ? `hugo ${runNumber}/${runs}: not finished after ${seconds(hugoSample.wallMs)} s (stopped), tree ${hugoSample.treeRssMB} MB`
          : `hugo ${runNumber}/${runs}: ${seconds(hugoSample.wallMs)} s, ${hugoSample.maxRssMB} MB, ${hugoSample.files} files; ratio ${(sample.wallMs / hugoSample.wallMs).toFixed(2)}`,
      );
    }
    if (hugoSite !== undefined) await fs.rm(path.join(work, `out-hugo-${n}`), { recursive: true, force: true });
    const warmBuilds: BuildSample[] = [];
    for (let runNumber = 1; runNumber <= runs; runNumber++) {
      const sample = await measureBuild({ articlesDir: corpus.dir, outputDir, clean: true, keepCache: true, timeoutMs });
      warmBuilds.push(sample);
      console.log(`warm build ${runNumber}/${runs} (build cache kept): ${seconds(sample.wallMs)} s, tree ${sample.treeRssMB} MB, steps ${JSON.stringify(sample.steps ?? {})}`);
    }
    // A cache restored onto a fresh clone: every file of the project and the corpus has a new
    // time (and, on a real clone, a new inode), so the cache must match them by content.
    await touchAll([corpus.dir, path.join(root, "src"), path.join(root, "templates"), path.join(root, ".eleventy.ts"), path.join(root, "package-lock.json")]);
    const freshClone = await measureBuild({ articlesDir: corpus.dir, outputDir, clean: true, keepCache: true, timeoutMs });
    console.log(`warm build after a fresh checkout (every file touched): ${seconds(freshClone.wallMs)} s, ${freshClone.searchRestored}/${freshClone.searchShards} search shards from the cache`);
    const files = await listFiles(outputDir);
    const stagesRun = await run(process.execPath, ["--import", "tsx", "bench/stages.ts", corpus.dir], { timeoutMs });
    const stages = stagesRun.code === 0 ? lastJsonLine<StageTimes>(stagesRun.stdout) : undefined;
    if (!stages) console.warn(`stages failed:\n${stagesRun.stderr.slice(-2000)}`);
    else console.log(`stages: load ${seconds(stages.loadMs)} s, related ${seconds(stages.relatedMs)} s, archive ${seconds(stages.buildArchiveMs)} s`);
    const floorRun = await run(process.execPath, ["--import", "tsx", "bench/floor.ts", corpus.dir, outputDir], { timeoutMs });
    const floor = floorRun.code === 0 ? lastJsonLine<FloorTimes>(floorRun.stdout) : undefined;
    if (!floor) console.warn(`floor failed:\n${floorRun.stderr.slice(-2000)}`);
    else console.log(`floor: read + Markdown ${seconds(floor.readAndMarkdownMs)} s, write ${floor.files} files ${seconds(floor.writeMs)} s (then sync ${seconds(floor.syncMs)} s)`);
    const eleventyFloor = await measureEleventyFloor(builds[0]?.rendered, timeoutMs);
    const medianWall = median(builds.map((build) => build.wallMs));
    const steps = medianSteps(builds);
    const userTimes = builds.map((build) => build.userS).filter((value): value is number => value !== undefined);
    const systemTimes = builds.map((build) => build.systemS).filter((value): value is number => value !== undefined);
    results.push({
      n,
      corpus: { dir: path.relative(root, corpus.dir), generateMs: corpus.generateMs, reused: corpus.reused },
      builds,
      median: {
        wallMs: medianWall,
        maxRssMB: median(builds.map((build) => build.maxRssMB)),
        treeRssMB: median(builds.map((build) => build.treeRssMB)),
        userS: userTimes.length > 0 ? median(userTimes) : undefined,
        systemS: systemTimes.length > 0 ? median(systemTimes) : undefined,
      },
      files: files.length,
      pages: files.filter((file) => file.endsWith(".html")).length,
      msPerArticle: medianWall / n,
      steps,
      warmBuilds,
      warm: { wallMs: median(warmBuilds.map((build) => build.wallMs)), treeRssMB: median(warmBuilds.map((build) => build.treeRssMB)), steps: medianSteps(warmBuilds) },
      freshClone,
      stages,
      floor,
      eleventyFloor,
      hugo:
        hugo === undefined || hugoBuilds.length === 0
          ? undefined
          : {
              version: hugo,
              builds: hugoBuilds,
              median: { wallMs: median(hugoBuilds.map((build) => build.wallMs)), treeRssMB: median(hugoBuilds.map((build) => build.treeRssMB)) },
              timedOut: hugoBuilds.some((build) => build.timedOut),
            },
    });
  }

  const smallest = results[0]!;
  const largest = results[results.length - 1]!;
  const ratio = results.length > 1 ? largest.median.wallMs / smallest.median.wallMs : undefined;

  let addOne: Record<string, unknown> | undefined;
  if (!values["no-add-one"]) {
    const n = largest.n;
    console.log(`\n== add one article to ${n}`);
    const extra = makeExtraArticle(makeCorpus(n, seed), seed);
    const corpusDir = path.join(root, largest.corpus.dir);
    await ensureCorpus(n, seed);
    const addDir = path.join(work, `addone-${n}`);
    await copyDir(corpusDir, addDir);

    // (b) One-shot: a full build of the N articles, then the article added and `npm run build`
    // run again on the same folders (incremental if the build supports it), then a clean full
    // build of the same N + 1 articles to compare with.
    const fingerprintBefore = await sourceFingerprint();
    const oneShotOut = path.join(work, "out-addone-oneshot");
    const before = await measureBuild({ articlesDir: addDir, outputDir: oneShotOut, clean: true, timeoutMs });
    console.log(`full build before adding: ${seconds(before.wallMs)} s`);
    const beforeOut = path.join(work, "out-addone-before");
    await copyDir(oneShotOut, beforeOut);
    await writeArticle(addDir, extra);
    const oneShot = await measureBuild({ articlesDir: addDir, outputDir: oneShotOut, clean: false, timeoutMs });
    console.log(`one-shot rebuild: ${seconds(oneShot.wallMs)} s (incremental: ${oneShot.incremental ?? "n/a"}, rendered ${oneShot.rendered ?? "n/a"})`);
    const cleanAfter = path.join(work, "out-addone-clean");
    const reference = await measureBuild({ articlesDir: addDir, outputDir: cleanAfter, clean: true, timeoutMs });
    console.log(`clean build of the same input: ${seconds(reference.wallMs)} s`);
    const fingerprintAfter = await sourceFingerprint();
    if (fingerprintAfter !== fingerprintBefore) console.warn("warning: src/ or templates/ changed between the builds; differences may come from that edit");
    const oneShotComparison = await compareTrees(oneShotOut, cleanAfter);
    const identical = oneShotComparison.differing.length + oneShotComparison.onlyInTested.length + oneShotComparison.onlyInClean.length === 0;
    console.log(`one-shot output byte-identical to the clean build: ${identical ? "yes" : "no"}`);

    // (c) The common case: a back-filled article, dated in the middle of the archive, added to
    // the output of (b); compared with a clean build of the same N + 2 articles.
    const backfilled = makeExtraArticle([...makeCorpus(n, seed), extra], seed + 1, "middle");
    await writeArticle(addDir, backfilled);
    const backfill = await measureBuild({ articlesDir: addDir, outputDir: oneShotOut, clean: false, timeoutMs });
    const cleanBackfill = path.join(work, "out-backfill-clean");
    const backfillReference = await measureBuild({ articlesDir: addDir, outputDir: cleanBackfill, clean: true, timeoutMs });
    const backfillComparison = await compareTrees(oneShotOut, cleanBackfill);
    const backfillIdentical = backfillComparison.differing.length + backfillComparison.onlyInTested.length + backfillComparison.onlyInClean.length === 0;
    console.log(
      `back-filled one-shot (${backfilled.url}): ${seconds(backfill.wallMs)} s, rendered ${backfill.rendered ?? "n/a"}; ` +
        `clean build ${seconds(backfillReference.wallMs)} s; byte-identical: ${backfillIdentical ? "yes" : "no"}`,
    );

    // (d) Nothing changed, as a deploy script builds again hours later: the inputs are read
    // afresh and the output's folders are no longer in the kernel's cache (`settleMachine`).
    await settleMachine([addDir, cacheDir, path.join(root, "src"), path.join(root, "templates"), path.join(root, "node_modules")]);
    const unchanged = await measureBuild({ articlesDir: addDir, outputDir: oneShotOut, clean: false, timeoutMs });
    console.log(`nothing changed, one-shot, output not cached: ${seconds(unchanged.wallMs)} s, rendered ${unchanged.rendered ?? "n/a"}`);

    let dev: DevServerResult | { error: string } | undefined;
    if (!values["no-dev"]) {
      dev = await measureDevServer({
        corpusDir,
        devOut: path.join(work, "out-dev"),
        cleanOut: beforeOut,
        cleanOutAfter: cleanAfter,
        extra,
        timeoutMs,
      }).catch((error: unknown) => ({ error: String(error) }));
      if ("error" in dev) console.warn(`dev server: ${dev.error}`);
      else {
        console.log(
          `dev server: new page served after ${seconds(dev.servedMs)} s, rebuild done after ${seconds(dev.rebuiltMs)} s; ` +
            `stale files: ${dev.afterAddOne.differing.count} differing, ${dev.afterAddOne.onlyInClean.count} missing, ${dev.afterAddOne.onlyInTested.count} extra ` +
            `(baseline before adding: ${dev.baseline.differing.count}/${dev.baseline.onlyInClean.count}/${dev.baseline.onlyInTested.count})`,
        );
      }
    }
    addOne = {
      n,
      article: { file: extra.file, url: extra.url, topics: extra.topics },
      oneShot: {
        ...oneShot,
        identicalToClean: identical,
        comparison: brief(oneShotComparison),
        sourcesUnchangedBetweenBuilds: fingerprintAfter === fingerprintBefore,
      },
      backfilled: { article: { file: backfilled.file, url: backfilled.url }, ...backfill, identicalToClean: backfillIdentical, comparison: brief(backfillComparison), cleanBuildOfSameInput: backfillReference },
      unchanged,
      fullBuildBeforeAdding: before,
      cleanBuildOfSameInput: reference,
      devServer: dev,
      loadDuringRun: { min: Math.min(...load), median: load.length > 0 ? median(load) : undefined, max: Math.max(...load) },
      sourcesUnchangedDuringDevServer: dev === undefined ? undefined : (await sourceFingerprint()) === fingerprintAfter,
    };
  }

  let profile: Awaited<ReturnType<typeof profileBuild>> | undefined;
  if (values.profile) {
    console.log(`\n== profile of a ${largest.n} build`);
    profile = await profileBuild(path.join(root, largest.corpus.dir), timeoutMs);
    console.log(formatSummary(profile.summary));
  }
  clearInterval(loadTimer);

  const tableText = table(results);
  console.log(`\n${tableText}`);
  const sideBySide = results.map((size) => sizeTable(size, size === largest ? (addOne as AddOneFigures | undefined) : undefined)).join("\n\n");
  console.log(`\n${sideBySide}`);
  if (ratio !== undefined) console.log(`\nt(${largest.n})/t(${smallest.n}) = ${ratio.toFixed(2)} (target at 10k/1k: ≤ ${targets.ratio10kTo1k})`);

  const output = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    source: { commit, fingerprintAtStart, fingerprintAtEnd: await sourceFingerprint() },
    load: previous?.load ?? { oneMinuteAverage: { min: Math.min(...load), median: load.length > 0 ? median(load) : undefined, max: Math.max(...load) }, samples: load.length },
    options: previous?.options ?? { sizes, runs, seed },
    targets,
    sizes: results,
    ratio: ratio === undefined ? undefined : { of: `${largest.n}/${smallest.n}`, value: Math.round(ratio * 100) / 100 },
    addOne,
    profile: profile ? { file: profile.file, build: profile.sample, ...profile.summary } : previous?.profile,
    table: tableText,
    sideBySide,
  };
  await fs.writeFile(path.join(root, "bench", "results.json"), `${JSON.stringify(output, null, 2)}\n`);
  await fs.mkdir(path.join(root, "docs"), { recursive: true });
  await fs.writeFile(path.join(root, "docs", "performance-chart.svg"), chartFromResults(output));
  console.log("\nwrote bench/results.json and docs/performance-chart.svg");
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  killAll();
}
