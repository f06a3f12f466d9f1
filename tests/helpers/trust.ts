/**
 * Helpers for the tests of issue "One build path you can trust" (tests/build-kill.test.ts,
 * tests/build-trust.test.ts, tests/output-safety.test.ts): folder snapshots to compare outputs
 * byte for byte, builds run as child processes that a test can kill or run under a shell limit,
 * the dev server, and real copies of the project whose code a test may edit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { freePort } from "../../bench/port.ts";
import { makeTempDir, projectRoot, scriptArgs } from "./build.ts";

/**
 * Every entry below `dir` by relative path: a file's sha256, "folder" for a folder (so an empty
 * folder left behind shows), "link → target" for a symbolic link.
 */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const result = new Map<string, string>();
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name);
    const name = path.relative(dir, file).split(path.sep).join("/");
    if (entry.isDirectory()) result.set(name, "folder");
    else if (entry.isSymbolicLink()) result.set(name, `link → ${await fs.readlink(file)}`);
    else result.set(name, createHash("sha256").update(await fs.readFile(file)).digest("hex"));
  }
  return new Map([...result].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Paths whose entry differs between two snapshots (missing on one side included), sorted. */
export function differences(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => a.get(name) !== b.get(name)).sort();
}

/** Folders below `dir` that hold nothing, relative to it. */
export async function emptyFolders(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => path.join(entry.parentPath, entry.name));
  const empty = await Promise.all(folders.map(async (folder) => ((await fs.readdir(folder)).length === 0 ? path.relative(dir, folder) : undefined)));
  return empty.filter((folder): folder is string => folder !== undefined).sort();
}

/** Names beside the output folder `outputDir` that a build made for it (`.<name>.arsip-*`). */
export async function buildFoldersBeside(outputDir: string): Promise<string[]> {
  const prefix = `.${path.basename(outputDir)}.arsip-`;
  return (await fs.readdir(path.dirname(outputDir))).filter((name) => name.startsWith(prefix)).sort();
}

/** Resolves once `check` is true; rejects after `timeoutMs` with `explain()` in the message. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, explain: () => string = () => ""): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms${explain() ? `\n${explain()}` : ""}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `cp -a from to`: times, modes and hard links between the copied files kept, as a backup restore does. */
export function copyPreserving(from: string, to: string): Promise<void> {
  return run("cp", ["-a", "--", from, to]);
}

/** `cp -r from to`: new times and inodes, as a fresh clone or a restored CI cache has. */
export function copyFresh(from: string, to: string): Promise<void> {
  return run("cp", ["-r", "--", from, to]);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${code}): ${stderr}`))));
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

export interface RunningBuild {
  child: ChildProcess;
  /** Resolves when the build process exits (not when its pipes close: children may outlive it). */
  exited: Promise<Finished>;
}

export interface SpawnOptions {
  cwd?: string;
  args?: string[];
  /** A shell prefix run before `exec node`, e.g. "umask 022" or "ulimit -n 256". */
  shell?: string;
  /** Own process group, so that the test can signal the build with all its children (`-pid`). */
  detached?: boolean;
}

/**
 * Starts `npm run build` (node bin/run.mjs src/cli/build.ts) with `env` added to this process's
 * environment, stdin closed, stdout and stderr piped.
 */
export function spawnBuild(env: Record<string, string>, { cwd = projectRoot, args = [], shell, detached = false }: SpawnOptions = {}): RunningBuild {
  return spawnNode("src/cli/build.ts", { ...env, ELEVENTY_RUN_MODE: "" }, { cwd, args, shell, detached });
}

function spawnNode(script: string, env: Record<string, string>, { cwd = projectRoot, args = [], shell, detached = false }: SpawnOptions): RunningBuild {
  const started = performance.now();
  const [command, argv] = shell === undefined
    ? [process.execPath, scriptArgs(script, args)]
    : ["bash", ["-c", `${shell} && exec "$0" "$@"`, process.execPath, ...scriptArgs(script, args)]];
  const child = spawn(command, argv as string[], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<Finished>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const ms = performance.now() - started;
      // What is still in the pipes arrives within a moment; children that keep them open do not hold this up.
      setTimeout(() => resolve({ code, signal, stdout, stderr, ms }), 50);
    });
  });
  return { child, exited };
}

/** Runs a build to its end (see `spawnBuild`). */
export function buildOnce(env: Record<string, string>, options: SpawnOptions = {}): Promise<Finished> {
  return spawnBuild(env, options).exited;
}

/** True while any process of process group `pgid` lives. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A TCP port nobody listens on right now (bench/port.ts). */
export { freePort };

export interface DevServer {
  child: ChildProcess;
  port: number;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts `npm start` (src/cli/serve.ts) in `cwd` with `env`; resolves once `/` answers on 127.0.0.1. */
export async function startDevServer(env: Record<string, string>, { cwd = projectRoot, port }: { cwd?: string; port?: number } = {}): Promise<DevServer> {
  const at = port ?? (await freePort());
  let text = "";
  const child = spawn(process.execPath, scriptArgs("src/cli/serve.ts"), { cwd, env: { ...process.env, ...env, PORT: String(at) }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk) => (text += chunk));
  child.stderr!.on("data", (chunk) => (text += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  };
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${at}/`)).ok, 90_000, () => `server log:\n${text}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, port: at, log: () => text, stop };
}

/**
 * A copy of the project in `dir` (made if missing) whose templates, articles, code and
 * configuration are real copies, not links to this project: a test may edit them, and a build that
 * wrote where it must not could only harm the copy. node_modules is a link.
 */
export async function projectAt(dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  await fs.symlink(path.join(projectRoot, "node_modules"), path.join(dir, "node_modules"));
  for (const name of ["src", "templates", "articles", ".eleventy.ts", "package.json", "package-lock.json", "tsconfig.json"]) {
    await fs.cp(path.join(projectRoot, name), path.join(dir, name), { recursive: true });
  }
  return dir;
}

/** `projectAt` a new temporary folder. */
export async function realProjectCopy(): Promise<string> {
  return projectAt(await makeTempDir("arsip-project-"));
}

export { makeTempDir, projectRoot };
