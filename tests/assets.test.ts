/**
 * Static assets (templates/assets/, copied as they are under content-hashed names,
 * src/build/assets.ts): a changed one gets a new name, which every page links, by `npm run build`
 * and by the dev server; unchanged ones keep theirs; the output still equals a clean build. Runs
 * in a copy of the project, whose templates it changes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { filesIn, makeTempDir, projectCopy, runBuild, scriptArgs } from "./helpers/build.ts";

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

/** The output's asset files by name without the digest: "style.css" → "style.3f2a1b9c0d.css". */
async function assetNames(site: string): Promise<Record<string, string>> {
  const names = await fs.readdir(path.join(site, "assets"));
  return Object.fromEntries(names.map((name) => [name.replace(/\.[0-9a-f]{10}(?=\.[^.]+$)/, ""), name]));
}

/** The stylesheet the home page links. */
async function linkedStylesheet(site: string): Promise<string> {
  const html = await fs.readFile(path.join(site, "index.html"), "utf8");
  return /<link rel="stylesheet" href="\/assets\/([^"]+)">/.exec(html)![1]!;
}

describe("npm run build with a changed asset", () => {
  test("gives it a new name that every page links, keeps the others' names, removes an asset that went, and equals a clean build", async () => {
    const site = await outputDir();
    const css = path.join(project, "templates", "assets", "style.css");
    expect((await runBuild({ OUTPUT_DIR: site }, [], project)).code).toBe(0);
    const before = await assetNames(site);
    expect(Object.keys(before).sort()).toEqual(["favicon.svg", "search.js", "style.css"]);
    expect(await linkedStylesheet(site)).toBe(before["style.css"]);

    await fs.appendFile(css, "\n.uji-aset { color: rebeccapurple; }\n");
    await fs.writeFile(path.join(project, "templates", "assets", "uji.txt"), "berkas uji\n");
    const changed = await runBuild({ OUTPUT_DIR: site }, [], project);
    expect(changed.code).toBe(0);
    const after = await assetNames(site);
    expect(after["style.css"]).not.toBe(before["style.css"]);
    expect(after["search.js"]).toBe(before["search.js"]);
    expect(after["favicon.svg"]).toBe(before["favicon.svg"]);
    expect(await linkedStylesheet(site)).toBe(after["style.css"]);
    expect(await fs.readFile(path.join(site, "assets", after["style.css"]!), "utf8")).toContain(".uji-aset");
    expect(await fs.readFile(path.join(site, "assets", after["uji.txt"]!), "utf8")).toBe("berkas uji\n");

    await fs.rm(path.join(project, "templates", "assets", "uji.txt"));
    const removed = await runBuild({ OUTPUT_DIR: site }, [], project);
    expect(removed.code).toBe(0);
    const { "uji.txt": gone, ...kept } = after;
    expect(gone).toBeDefined();
    expect(await assetNames(site)).toEqual(kept);

    const clean = await outputDir();
    expect((await runBuild({ OUTPUT_DIR: clean }, ["--full"], project)).code).toBe(0);
    expect(await contents(site)).toEqual(await contents(clean));
  });
});

describe("dev server with a changed asset", () => {
  test("serves it under its new name, which the pages link", async () => {
    const site = await outputDir();
    const port = 19000 + (process.pid % 1000);
    let log = "";
    const server: ChildProcess = spawn(process.execPath, scriptArgs("src/cli/serve.ts"), {
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
      const stylesheet = async () => /<link rel="stylesheet" href="(\/assets\/[^"]+)">/.exec(await (await fetch(`http://localhost:${port}/`)).text())![1]!;
      const first = await stylesheet();
      await fs.appendFile(path.join(project, "templates", "assets", "style.css"), "\n.uji-dev { color: teal; }\n");
      await waitFor(async () => (await stylesheet()) !== first);
      expect(await (await fetch(`http://localhost:${port}${await stylesheet()}`)).text()).toContain(".uji-dev");
    } finally {
      server.kill();
    }
  });
});
