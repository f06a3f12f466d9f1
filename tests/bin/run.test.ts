/**
 * bin/run.mjs, the launcher of the npm scripts: it runs a command from a bundle of src/ kept by a
 * hash of src/'s content. Tested on small projects in temp folders (commands that print where
 * their modules are and which code they run), and on this project: a build from the bundle writes
 * the same bytes as one from source.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { bundleKey, bundledCommands, bundlesDirOf, commandArgs, ensureBundle, locateEntry, pruneBundles, scriptFlags, unusedBundleMs } from "../../bin/run.mjs";
import { filesIn, makeTempDir, projectRoot, runBuild, runNode } from "../helpers/build.ts";

const launcher = path.join(projectRoot, "bin", "run.mjs");
const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await fs.rm(dir, { recursive: true, force: true });
});

/**
 * A project whose commands print, one line each: the file of the code that runs (the first frame
 * of a stack), their own `import.meta` location, that of a module in another folder, and a word
 * from that module; but `check`, which starts a thread's module (src/lib/echo-worker.ts) and prints
 * where the launcher said its bundled file is and the first frame of the thread's stack.
 */
async function tinyProject(word = "satu"): Promise<string> {
  const root = await makeTempDir("arsip-launcher-");
  made.push(root);
  await fs.mkdir(path.join(root, "src", "cli"), { recursive: true });
  await fs.mkdir(path.join(root, "src", "lib"), { recursive: true });
  await fs.writeFile(path.join(root, "package.json"), `{ "type": "module" }\n`);
  await fs.writeFile(path.join(root, "src", "lib", "word.ts"), `export const word: string = ${JSON.stringify(word)};\nexport const where = { url: import.meta.url, dirname: import.meta.dirname, filename: import.meta.filename };\n`);
  for (const name of bundledCommands) {
    await fs.writeFile(
      path.join(root, "src", "cli", `${name}.ts`),
      [
        `import { where, word } from "../lib/word.ts";`,
        `const frame = new Error().stack!.split("\\n")[1]!;`,
        `console.log(JSON.stringify({ command: ${JSON.stringify(name)}, frame, url: import.meta.url, dirname: import.meta.dirname, where, word, args: process.argv.slice(3) }));`,
        "",
      ].join("\n"),
    );
  }
  // A thread's module, and a command that starts it from where the launcher says its bundled file is.
  await fs.writeFile(path.join(root, "src", "lib", "echo-worker.ts"), `import { parentPort } from "node:worker_threads";\nparentPort!.postMessage(new Error().stack!.split("\\n")[1]!);\n`);
  await fs.writeFile(
    path.join(root, "src", "cli", "check.ts"),
    [
      `import { Worker } from "node:worker_threads";`,
      `const entries = ((globalThis as Record<symbol, unknown>)[Symbol.for("arsip-berita.bundled-entries")] ?? {}) as Record<string, string>;`,
      `const source = new URL("../lib/echo-worker.ts", import.meta.url).pathname;`,
      `const worker = new Worker(entries[source] ?? "process.exit(3)", entries[source] === undefined ? { eval: true } : {});`,
      `worker.on("message", (frame) => { console.log(JSON.stringify({ entries, frame })); void worker.terminate(); });`,
      "",
    ].join("\n"),
  );
  return root;
}

/** `node bin/run.mjs <args>` in `cwd`. */
function launch(cwd: string, args: string[], env: Record<string, string> = {}) {
  return runNode([launcher, ...args], env, cwd);
}

describe("locateEntry", () => {
  test("finds the project of src/cli/<command>.ts, through a symlinked src/", async () => {
    const root = await tinyProject();
    const other = await makeTempDir("arsip-launcher-link-");
    made.push(other);
    await fs.symlink(path.join(root, "src"), path.join(other, "src"));
    const located = locateEntry(path.join(other, "src", "cli", "build.ts"));
    expect(located).toEqual({ entry: path.join(root, "src", "cli", "build.ts"), root, srcDir: path.join(root, "src"), command: "build" });
  });

  test("refuses a command that reads its own argv[1], a file elsewhere and a missing file, naming the accepted form", async () => {
    const root = await tinyProject();
    await fs.writeFile(path.join(root, "src", "cli", "new.ts"), "");
    expect(() => locateEntry(path.join(root, "src", "cli", "new.ts"))).toThrow(/new\.ts: not a command that runs from the bundle\nusage: node bin\/run\.mjs src\/cli\/<build\|serve\|check\|preview>\.ts/);
    expect(() => locateEntry(path.join(root, "src", "lib", "word.ts"))).toThrow(/not a command/);
    expect(() => locateEntry(path.join(root, "src", "cli", "hilang.ts"))).toThrow(/hilang\.ts: no such file/);
  });
});

describe("bundleKey", () => {
  test("changes with the content of any file in src/, an added file and tsconfig.json; not with a file's time", async () => {
    const root = await tinyProject();
    const src = path.join(root, "src");
    const key = () => bundleKey(root, src, "0.28.2");
    const first = key();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key()).toBe(first);
    await fs.utimes(path.join(src, "lib", "word.ts"), new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(key()).toBe(first);
    expect(bundleKey(root, src, "0.28.3")).not.toBe(first);

    const word = path.join(src, "lib", "word.ts");
    const text = await fs.readFile(word, "utf8");
    await fs.writeFile(word, text.replace("satu", "satv"));
    const edited = key();
    expect(edited).not.toBe(first);
    await fs.writeFile(word, text);
    expect(key()).toBe(first);

    await fs.writeFile(path.join(src, "lib", "baru.ts"), "");
    expect(key()).not.toBe(first);
    await fs.rm(path.join(src, "lib", "baru.ts"));
    await fs.writeFile(path.join(root, "tsconfig.json"), "{}");
    expect(key()).not.toBe(first);
  });
});

describe("ensureBundle", () => {
  test("makes the bundle once per content of src/; each module keeps its own import.meta location", async () => {
    const root = await tinyProject();
    const bundlesDir = bundlesDirOf(root);
    const dir = await ensureBundle({ root, srcDir: path.join(root, "src"), bundlesDir });
    expect(path.dirname(dir)).toBe(bundlesDir);
    const files = await filesIn(dir);
    for (const name of bundledCommands) expect(files).toContain(`${name}.mjs`);
    expect(files).toContain("lib/echo-worker.mjs");
    const madeAt = (await fs.stat(path.join(dir, "build.mjs"))).mtimeMs;

    expect(await ensureBundle({ root, srcDir: path.join(root, "src"), bundlesDir })).toBe(dir);
    expect((await fs.stat(path.join(dir, "build.mjs"))).mtimeMs).toBe(madeAt);

    const run = await launch(root, ["src/cli/serve.ts", "--satu", "dua"]);
    expect(run.stderr).toBe("");
    const printed = JSON.parse(run.stdout);
    expect(printed.frame).toContain(path.join(dir, "serve.mjs"));
    expect(printed.url).toBe(pathToFileURL(path.join(root, "src", "cli", "serve.ts")).href);
    expect(printed.dirname).toBe(path.join(root, "src", "cli"));
    expect(printed.where).toEqual({ url: pathToFileURL(path.join(root, "src", "lib", "word.ts")).href, dirname: path.join(root, "src", "lib"), filename: path.join(root, "src", "lib", "word.ts") });
    expect(printed.args).toEqual(["--satu", "dua"]);
  });

  test("an edit to the code makes a new bundle that runs the edit, and the old one stays for runs still using it", async () => {
    const root = await tinyProject("lama");
    const before = JSON.parse((await launch(root, ["src/cli/build.ts"])).stdout);
    expect(before.word).toBe("lama");
    await fs.writeFile(path.join(root, "src", "lib", "word.ts"), `export const word: string = "baru";\nexport const where = {};\n`);
    const after = JSON.parse((await launch(root, ["src/cli/build.ts"])).stdout);
    expect(after.word).toBe("baru");
    expect(after.frame).not.toBe(before.frame);
    expect((await fs.readdir(bundlesDirOf(root))).length).toBe(2);
  });

  test("runs at the same time all get a whole bundle, and leave no partial one", async () => {
    const root = await tinyProject();
    const bundlesDir = bundlesDirOf(root);
    const dirs = await Promise.all(Array.from({ length: 4 }, () => ensureBundle({ root, srcDir: path.join(root, "src"), bundlesDir })));
    expect(new Set(dirs).size).toBe(1);
    expect(await fs.readdir(bundlesDir)).toEqual([path.basename(dirs[0]!)]);
    const runs = await Promise.all(Array.from({ length: 3 }, () => launch(root, ["src/cli/preview.ts"])));
    for (const run of runs) expect(JSON.parse(run.stdout).command).toBe("preview");
  });

  test("refuses code that imports a file outside src/, which the key does not cover, and leaves nothing behind", async () => {
    const root = await tinyProject();
    await fs.writeFile(path.join(root, "luar.ts"), "export const luar = 1;\n");
    await fs.appendFile(path.join(root, "src", "lib", "word.ts"), `export { luar } from "../../luar.ts";\n`);
    const bundlesDir = bundlesDirOf(root);
    await expect(ensureBundle({ root, srcDir: path.join(root, "src"), bundlesDir })).rejects.toThrow(/imports luar\.ts, outside src\//);
    expect(await fs.readdir(bundlesDir)).toEqual([]);
  });
});

describe("pruneBundles", () => {
  test("removes bundles and partial ones unused for a day, but not the one in use, fresh ones or anything else", async () => {
    const dir = await makeTempDir("arsip-bundles-");
    made.push(dir);
    const now = Date.now();
    const old = new Date(now - unusedBundleMs - 60_000);
    const name = (letter: string) => letter.repeat(43);
    const entries = { inUse: name("a"), stale: name("b"), fresh: name("c"), partial: `.${name("d")}-123-abc`, foreign: "catatan", foreignFile: "baca.txt" };
    for (const [key, entry] of Object.entries(entries)) {
      if (key === "foreignFile") await fs.writeFile(path.join(dir, entry), "milik orang lain");
      else await fs.mkdir(path.join(dir, entry));
      if (key !== "fresh") await fs.utimes(path.join(dir, entry), old, old);
    }
    pruneBundles(dir, entries.inUse, now);
    expect((await fs.readdir(dir)).sort()).toEqual([entries.inUse, entries.fresh, entries.foreign, entries.foreignFile].sort());
  });
});

describe("commandArgs", () => {
  test("the launcher for its commands; tsx for the others and for a checkout without it", async () => {
    expect(commandArgs(projectRoot, "src/cli/build.ts")).toEqual([launcher, "src/cli/build.ts"]);
    // The dev server's npm script gives Node a flag (package.json): so do the tests and the bench.
    expect(commandArgs(projectRoot, "src/cli/serve.ts")).toEqual(["--max-semi-space-size=64", launcher, "src/cli/serve.ts"]);
    expect(commandArgs(projectRoot, "src/cli/import.ts")).toEqual(["--import", "tsx", "src/cli/import.ts"]);
    const older = await tinyProject();
    expect(commandArgs(older, "src/cli/serve.ts")).toEqual(["--import", "tsx", "src/cli/serve.ts"]);
  });
});

describe("scriptFlags", () => {
  test("the Node flags of the npm script that runs a command through the launcher; none without one", async () => {
    const root = await tinyProject();
    const scripts = { a: "node --flag-a=1 --flag-b bin/run.mjs src/cli/serve.ts", b: "node bin/run.mjs src/cli/build.ts", c: "tsx src/cli/check.ts" };
    await fs.writeFile(path.join(root, "package.json"), JSON.stringify({ type: "module", scripts }));
    expect(scriptFlags(root, "src/cli/serve.ts")).toEqual(["--flag-a=1", "--flag-b"]);
    expect(scriptFlags(root, "src/cli/build.ts")).toEqual([]);
    expect(scriptFlags(root, "src/cli/check.ts")).toEqual([]);
    await fs.writeFile(path.join(root, "package.json"), "{ not json");
    expect(scriptFlags(root, "src/cli/serve.ts")).toEqual([]);
  });

  test("this project's npm scripts are what commandArgs runs", async () => {
    const { scripts } = JSON.parse(await fs.readFile(path.join(projectRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
    for (const [name, command] of [["build", "build"], ["start", "serve"], ["check", "check"], ["preview", "preview"]] as const) {
      const script = `src/cli/${command}.ts`;
      expect(scripts[name]).toBe(["node", ...commandArgs(projectRoot, script).map((arg) => (arg === launcher ? "bin/run.mjs" : arg))].join(" "));
    }
  });
});

describe("node bin/run.mjs", () => {
  test("a command starts a thread's module (*-worker.ts) from the bundle too, where it says", async () => {
    const root = await tinyProject();
    const dir = await ensureBundle({ root, srcDir: path.join(root, "src"), bundlesDir: bundlesDirOf(root) });
    const run = await launch(root, ["src/cli/check.ts"]);
    expect(run.stderr).toBe("");
    const printed = JSON.parse(run.stdout);
    expect(printed.entries).toEqual({ [path.join(root, "src", "lib", "echo-worker.ts")]: path.join(dir, "lib", "echo-worker.mjs") });
    expect(printed.frame).toContain(path.join(dir, "lib", "echo-worker.mjs"));
  });

  test("ARSIP_BUNDLE=off runs the source through tsx", async () => {
    const root = await tinyProject();
    const run = await launch(root, ["src/cli/preview.ts"], { ARSIP_BUNDLE: "off" });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).frame).toContain(path.join(root, "src", "cli", "preview.ts"));
    await expect(fs.access(bundlesDirOf(root))).rejects.toThrow();
  });

  test("without a place for the bundle, runs from source and says why on one line", async () => {
    const root = await tinyProject();
    await fs.mkdir(path.join(root, "node_modules"));
    await fs.writeFile(path.join(root, "node_modules", ".cache"), "bukan folder");
    const run = await launch(root, ["src/cli/build.ts"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Running from source through tsx: no bundle of src\/ \(.*ENOTDIR.*\)\.\n$/);
    expect(JSON.parse(run.stdout).frame).toContain(path.join(root, "src", "cli", "build.ts"));
    expect(await fs.readFile(path.join(root, "node_modules", ".cache"), "utf8")).toBe("bukan folder");
  });

  test("a command it does not run: the usage, exit code 2", async () => {
    const run = await launch(projectRoot, ["src/cli/new.ts"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("usage: node bin/run.mjs src/cli/<build|serve|check|preview>.ts");
    expect(run.stdout).toBe("");
  });

  test("this project's build from the bundle writes the same bytes as from source", async () => {
    const work = await makeTempDir("arsip-launcher-build-");
    made.push(work);
    const outputs: Record<string, string> = {};
    for (const [name, bundle] of [["bundle", "on"], ["source", "off"]] as const) {
      outputs[name] = path.join(work, name);
      const run = await runBuild({ OUTPUT_DIR: outputs[name], ARSIP_CACHE_DIR: path.join(work, `cache-${name}`), ARSIP_BUNDLE: bundle }, ["--quiet"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    const files = await filesIn(outputs.bundle!);
    expect(files.length).toBeGreaterThan(20);
    expect(await filesIn(outputs.source!)).toEqual(files);
    for (const file of files) {
      const [a, b] = await Promise.all([fs.readFile(path.join(outputs.bundle!, file)), fs.readFile(path.join(outputs.source!, file))]);
      expect(a.equals(b), file).toBe(true);
    }
  });
});
