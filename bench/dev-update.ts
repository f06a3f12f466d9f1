/**
 * How fast the dev server (`npm start`) serves an article added to a large archive: starts
 * src/cli/serve.ts on a copy of a corpus (bench/corpus.ts) with its own output and cache folders,
 * waits for its first build and the spare it makes after it, then adds the newest article and
 * times until its URL answers 200 ("served") and until the server logs the end of the update
 * ("done"); then the same for a back-filled article (dated mid-archive). The server runs with
 * BENCH_REPORT=1, so each update's steps (load, plan, stage, render, search, check, swap) are
 * printed too. `--verify` then compares every file of the dev output with a clean `--full` build
 * of the same input (0 differences expected: no stale file).
 *
 *   node --import tsx bench/dev-update.ts --corpus /work/devbench/articles --n 10000 --seed 8 \
 *     --work /work/devbench/w [--runs 3] [--project <dir>] [--verify] [--cpu-prof <dir>] [--node-flags=<flags>] [--log <file>]
 *
 * `--corpus` is a folder written by `generateCorpus({ n, seed, dir })` and is only read; the server
 * works on a copy in `--work`, kept between runs (each run removes the articles the last added).
 * `--project` runs another checkout's code (e.g. an export of main beside this one, for A/B runs).
 * Outside the project folder: the server's watcher would otherwise see the bench's own files.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { commandArgs } from "../bin/run.mjs";
import { makeCorpus, makeExtraArticle, type GeneratedArticle } from "./corpus.ts";
import { freePort } from "./port.ts";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    n: { type: "string", default: "10000" },
    seed: { type: "string", default: "8" },
    work: { type: "string" },
    runs: { type: "string", default: "1" },
    project: { type: "string", default: path.resolve(import.meta.dirname, "..") },
    verify: { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
    "node-flags": { type: "string", default: "" },
    log: { type: "string" },
    fresh: { type: "boolean", default: false },
    settle: { type: "string", default: "2000" },
  },
});
if (values.corpus === undefined || values.work === undefined) throw new Error("--corpus and --work are required");
const corpusDir = path.resolve(values.corpus);
const work = path.resolve(values.work);
const project = path.resolve(values.project);
const n = Number(values.n);
const seed = Number(values.seed);
const settleMs = Number(values.settle);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


async function status(url: string): Promise<number> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string, everyMs = 20): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

interface Line {
  at: number;
  text: string;
}

interface Server {
  child: ChildProcess;
  port: number;
  lines: Line[];
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string>, nodeFlags: string[]): Promise<Server> {
  const port = await freePort();
  const lines: Line[] = [];
  const child = spawn(process.execPath, [...nodeFlags, ...commandArgs(project, "src/cli/serve.ts")], {
    cwd: project,
    env: { ...process.env, ...env, PORT: String(port), BENCH_REPORT: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    let pending = "";
    stream.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split("\n");
      pending = parts.pop()!;
      for (const text of parts) lines.push({ at: performance.now(), text });
    });
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    port,
    lines,
    stop: async () => {
      // SIGINT lets --cpu-prof write its profile (see `profiling`).
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

const updateLine = /pages rendered, \d+ removed in ([\d.]+) s/;

interface BenchReport {
  update?: Record<string, number>;
  rendered?: number;
  indexed?: number;
  parsed?: number;
  spare?: number;
}

function reportsAfter(lines: readonly Line[], from: number): BenchReport[] {
  return lines.slice(from).filter((line) => line.text.startsWith("bench-report ")).map((line) => JSON.parse(line.text.slice("bench-report ".length)) as BenchReport);
}

interface UpdateResult {
  article: string;
  servedMs: number;
  doneMs: number;
  reportedS: number;
  steps: Record<string, number>;
  rendered: number;
  indexed: number;
  spareMs?: number;
}

/** Writes `article`, then times until its URL answers 200 and until the update is logged. */
async function timeUpdate(server: Server, dir: string, article: GeneratedArticle): Promise<UpdateResult> {
  const from = server.lines.length;
  const url = `http://127.0.0.1:${server.port}${article.url}`;
  if ((await status(url)) === 200) throw new Error(`${article.url} is served before it is added`);
  await fs.mkdir(path.dirname(path.join(dir, article.file)), { recursive: true });
  const written = performance.now();
  await fs.writeFile(path.join(dir, article.file), article.text);
  // Every 50 ms, as bench/run.ts polls: each request is served by the process that is updating.
  const servedAt = await waitFor(async () => ((await status(url)) === 200 ? performance.now() : undefined), 120_000, `${article.url} to be served`, 50);
  const line = await waitFor(() => server.lines.slice(from).find((entry) => updateLine.test(entry.text)), 120_000, "the update to end");
  const report = await waitFor(() => reportsAfter(server.lines, from).find((entry) => entry.update !== undefined), 10_000, "the update's steps");
  // The spare made after the update, if any; the next update waits for it anyway.
  const spare = await waitFor(() => reportsAfter(server.lines, from).find((entry) => entry.spare !== undefined), 60_000, "the spare").catch(() => undefined);
  return {
    article: article.file,
    servedMs: Math.round(servedAt - written),
    doneMs: Math.round(line.at - written),
    reportedS: Number(updateLine.exec(line.text)![1]),
    steps: report.update!,
    rendered: report.rendered ?? -1,
    indexed: report.indexed ?? -1,
    spareMs: spare?.spare,
  };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

async function hashTree(dir: string): Promise<Map<string, string>> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries.filter((item) => item.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), createHash("sha1").update(await fs.readFile(file)).digest("hex"));
  }
  return files;
}

/** Files that differ, or are only in one of the trees; the marker names the mode and build, so it is left out. */
async function compareTrees(a: string, b: string): Promise<string[]> {
  const [left, right] = await Promise.all([hashTree(a), hashTree(b)]);
  const names = new Set([...left.keys(), ...right.keys()].filter((name) => name !== ".arsip-output.json"));
  return [...names].filter((name) => left.get(name) !== right.get(name)).sort();
}

function runBuild(env: Record<string, string>, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...commandArgs(project, "src/cli/build.ts"), ...args], { cwd: project, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

async function main(): Promise<void> {
  const corpus = makeCorpus(n, seed);
  const newest = makeExtraArticle(corpus, seed, "newest");
  const middle = makeExtraArticle([...corpus, newest], seed + 1, "middle");
  const articles = path.join(work, "articles");
  const output = path.join(work, "out", "site");
  const cache = path.join(work, "cache");
  await fs.mkdir(path.dirname(output), { recursive: true });
  if (!(await exists(articles))) await fs.cp(corpusDir, articles, { recursive: true });
  if (values.fresh) await fs.rm(output, { recursive: true, force: true });
  const env = { ARTICLES_DIR: articles, OUTPUT_DIR: output, ARSIP_CACHE_DIR: cache };
  const runs: UpdateResult[][] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    for (const extra of [newest, middle]) await fs.rm(path.join(articles, extra.file), { force: true });
    // --cpu-prof writes its profile when the process exits, not when a signal ends it: the server
    // has no handler of its own, so the bench gives it one that exits.
    const profiling = values["cpu-prof"] === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values["cpu-prof"])}`, `--import=data:text/javascript,process.once("SIGINT",()=>process.exit(130))`];
    const flags = [...values["node-flags"].split(" ").filter(Boolean), ...profiling];
    const started = performance.now();
    const server = await startServer(env, flags);
    try {
      await waitFor(() => server.lines.some((line) => line.text.includes("Watching")), 600_000, "the first build", 100);
      const first = server.lines.find((line) => updateLine.test(line.text));
      await waitFor(() => reportsAfter(server.lines, 0).find((entry) => entry.spare !== undefined), 120_000, "the first spare", 100);
      console.log(`run ${run + 1}: first build ${first === undefined ? "?" : updateLine.exec(first.text)![1]} s (started in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
      await sleep(settleMs);
      const results: UpdateResult[] = [];
      for (const extra of [newest, middle]) {
        const result = await timeUpdate(server, articles, extra);
        results.push(result);
        console.log(`  ${extra === newest ? "newest " : "back-filled"}: served ${result.servedMs} ms, done ${result.doneMs} ms (${result.reportedS} s), ${result.rendered} pages, ${result.indexed} shards; steps ${JSON.stringify(result.steps)}; spare ${result.spareMs ?? "-"} ms`);
        await sleep(settleMs);
      }
      runs.push(results);
      // The server's peak resident size so far, its first build included (Linux only).
      const peak = /VmHWM:\s+(\d+) kB/.exec(await fs.readFile(`/proc/${server.child.pid}/status`, "utf8").catch(() => ""));
      if (peak !== null) console.log(`  server's peak RSS: ${Math.round(Number(peak[1]) / 1024)} MB`);
      if (server.lines.some((line) => line.text.includes("Not updated") || line.text.includes("Update failed"))) {
        console.log(server.lines.map((line) => line.text).join("\n"));
        throw new Error("an update failed");
      }
    } finally {
      await server.stop();
      if (values.log !== undefined) await fs.appendFile(values.log, server.lines.map((line) => `${Math.round(line.at)} ${line.text}\n`).join(""));
    }
  }
  for (const [index, label] of ["newest", "back-filled"].entries()) {
    const of = runs.map((results) => results[index]!);
    const steps = Object.keys(of[0]!.steps);
    console.log(`median of ${of.length}, ${label}: served ${median(of.map((r) => r.servedMs))} ms, done ${median(of.map((r) => r.doneMs))} ms; ` + steps.map((step) => `${step} ${median(of.map((r) => r.steps[step] ?? 0))}`).join(", "));
  }
  if (values.verify) {
    const clean = path.join(work, "clean", "site");
    await fs.rm(path.dirname(clean), { recursive: true, force: true });
    const code = await runBuild({ ...env, OUTPUT_DIR: clean, ARSIP_CACHE_DIR: path.join(work, "cache-clean") }, ["--full", "--quiet"]);
    if (code !== 0) throw new Error(`clean build exited with ${code}`);
    const differing = await compareTrees(output, clean);
    console.log(`verify: ${differing.length} files differ from a clean build${differing.length > 0 ? `, e.g. ${differing.slice(0, 10).join(", ")}` : ""}`);
    if (differing.length > 0) process.exitCode = 1;
  }
}

await main();
