/**
 * Static assets (templates/assets/, copied as they are): a change to one is copied into the
 * output without rendering any page, by `npm run build` and by the dev server, and the output
 * still equals a clean build. Runs in a copy of the project, whose templates it changes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { filesIn, makeTempDir, projectCopy, runBuild } from "./helpers/build.ts";

let project: string;
const made: string[] = [];

beforeAll(async () => {
  project = await projectCopy();
  made.push(project);
});

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function outputDir(): Promise<string> {
  const dir = await makeTempDir("arsip-assets-");
  made.push(dir);
  return path.join(dir, "site");
}

async function contents(dir: string): Promise<[string, string][]> {
  return Promise.all((await filesIn(dir)).map(async (file) => [file, (await fs.readFile(path.join(dir, file))).toString("base64")] as [string, string]));
}

describe("npm run build with a changed asset", () => {
  test("copies it, renders no page, removes an asset that went, and equals a clean build", async () => {
    const site = await outputDir();
    const css = path.join(project, "templates", "assets", "style.css");
    expect((await runBuild({ OUTPUT_DIR: site }, [], project)).code).toBe(0);

    await fs.appendFile(css, "\n.uji-aset { color: rebeccapurple; }\n");
    await fs.writeFile(path.join(project, "templates", "assets", "uji.txt"), "berkas uji\n");
    const changed = await runBuild({ OUTPUT_DIR: site }, [], project);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toMatch(/incremental: 0 of \d+ pages rendered, 0 removed/);
    expect(await fs.readFile(path.join(site, "assets", "style.css"), "utf8")).toContain(".uji-aset");
    expect(await fs.readFile(path.join(site, "assets", "uji.txt"), "utf8")).toBe("berkas uji\n");

    await fs.rm(path.join(project, "templates", "assets", "uji.txt"));
    const removed = await runBuild({ OUTPUT_DIR: site }, [], project);
    expect(removed.stdout).toMatch(/incremental: 0 of \d+ pages rendered, 1 removed/);
    await expect(fs.stat(path.join(site, "assets", "uji.txt"))).rejects.toThrow(/ENOENT/);

    const clean = await outputDir();
    expect((await runBuild({ OUTPUT_DIR: clean }, ["--full"], project)).code).toBe(0);
    expect(await contents(site)).toEqual(await contents(clean));
  });
});

describe("dev server with a changed asset", () => {
  test("copies it without rendering a page", async () => {
    const site = await outputDir();
    const port = 19000 + (process.pid % 1000);
    let log = "";
    const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/cli/serve.ts"], {
      cwd: project,
      env: { ...process.env, OUTPUT_DIR: site, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout!.on("data", (chunk) => (log += chunk));
    server.stderr!.on("data", (chunk) => (log += chunk));
    const waitFor = async (check: () => Promise<boolean>) => {
      for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
        if (await check().catch(() => false)) return;
      }
      throw new Error(`timed out; server log:\n${log}`);
    };
    try {
      await waitFor(async () => /Serving/.test(log));
      await fs.appendFile(path.join(project, "templates", "assets", "style.css"), "\n.uji-dev { color: teal; }\n");
      await waitFor(async () => (await (await fetch(`http://localhost:${port}/assets/style.css`)).text()).includes(".uji-dev"));
      await waitFor(async () => /0 pages rendered, 0 removed/.test(log));
    } finally {
      server.kill();
    }
  });
});
