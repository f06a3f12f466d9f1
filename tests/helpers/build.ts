/** Runs the real `npm run build` entry point (node bin/run.mjs src/cli/build.ts) in a child process. */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { commandArgs } from "../../bin/run.mjs";

export const projectRoot = path.resolve(import.meta.dirname, "../..");

/**
 * Node's arguments for a project script as its npm script runs it: the commands of bin/run.mjs
 * (build, serve, check, preview) through it, from the bundle of src/; the others through tsx.
 */
export function scriptArgs(script: string, args: string[] = []): string[] {
  return [...commandArgs(projectRoot, script), ...args];
}

export interface BuildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a project script (`scriptArgs`) from the project folder, or from `cwd`
 * (a copy of the project, see `projectCopy`), stdin not a terminal.
 */
export function runScript(script: string, env: Record<string, string>, args: string[] = [], cwd: string = projectRoot): Promise<BuildResult> {
  return runNode(scriptArgs(script, args), env, cwd);
}

/** Runs Node with `args` in `cwd`, `env` added to this process's environment, stdin not a terminal. */
export function runNode(args: string[], env: Record<string, string>, cwd: string = projectRoot): Promise<BuildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export function runBuild(env: Record<string, string>, args: string[] = [], cwd: string = projectRoot): Promise<BuildResult> {
  return runScript("src/cli/build.ts", { ...env, ELEVENTY_RUN_MODE: "" }, args, cwd);
}

/**
 * A project folder whose `templates/` and `articles/` are copies that a test may change, the rest
 * links to this project (code, config, dependencies). Builds run in it with `cwd` set to it.
 */
export async function projectCopy(): Promise<string> {
  const dir = await makeTempDir("arsip-project-");
  for (const name of ["src", "node_modules", ".eleventy.ts", "package.json", "package-lock.json", "tsconfig.json"]) {
    await fs.symlink(path.join(projectRoot, name), path.join(dir, name));
  }
  for (const name of ["templates", "articles"]) await fs.cp(path.join(projectRoot, name), path.join(dir, name), { recursive: true });
  return dir;
}

/** Files below `dir`, relative to it, sorted. */
export async function filesIn(dir: string): Promise<string[]> {
  return (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

export async function makeTempDir(prefix = "arsip-test-"): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Writes `files` (relative path → content) into a new temporary folder and returns it. */
export async function writeFixture(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await makeTempDir("arsip-articles-");
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
  return dir;
}

/** The visible text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
