// @ts-check
/**
 * `node bin/run.mjs src/cli/<command>.ts [args]`: runs one of the project's commands (build,
 * serve, check, preview; the npm scripts go through here) from one bundle of its src/ folder.
 *
 * Why: through tsx, every module Node loads, Eleventy's hundreds included, passes tsx's loader
 * hooks on another thread, ~0.5 s of every build before the first article is read. esbuild bundles
 * src/ into a few files in ~0.1 s; Node then loads those and the packages directly.
 *
 * The bundle is kept in node_modules/.cache/arsip-berita/bundles/, named by a hash of the content
 * of every file in src/ (and of tsconfig.json, this file, esbuild's version and the project's path),
 * so an edit to the code makes a new bundle on the next run: the code that runs is always the
 * code in src/, as with tsx. A bundle is made in a temporary folder and renamed into place, so runs
 * at the same time each see a whole bundle or make their own. Bundles unused for a day are removed.
 *
 * Each module keeps its own `import.meta.url`, `import.meta.dirname` and `import.meta.filename`
 * (those of its source file); packages stay outside the bundle, resolved by Node as usual. A
 * module a command starts as a thread (`*-worker.ts`) is an entry too, found through
 * `bundledEntriesKey`.
 *
 * ARSIP_BUNDLE=off runs the source through tsx instead (stack traces then point into src/). When a
 * bundle cannot be made (a read-only node_modules, a file outside src/ in the module graph) the
 * command runs through tsx too, after one line on stderr saying why.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The commands that run from the bundle (src/cli/<name>.ts); the others read their own argv[1]. */
export const bundledCommands = ["build", "serve", "check", "preview"];

/**
 * Modules in src/ that a command starts as a thread of their own (`new Worker`) are named
 * `*-worker.ts`; they are entries of the bundle too, so a thread starts without tsx as well.
 */
export const threadEntry = /-worker\.ts$/;

/**
 * Where a command run from the bundle finds a thread's entry: `globalThis[bundledEntriesKey]` maps
 * the source file of each `*-worker.ts` (as its `import.meta.filename` gives it) to its bundled
 * file. Unset when the command runs from source.
 */
export const bundledEntriesKey = Symbol.for("arsip-berita.bundled-entries");

/** A bundle not used for this long is removed by the next run that makes one. */
export const unusedBundleMs = 24 * 60 * 60 * 1000;

/**
 * Node's arguments that run `script` (relative to `project`) as the npm scripts do: through this
 * launcher for its commands, with the Node flags the project's npm script for it gives; through
 * tsx for the others and for a checkout older than the launcher.
 * @param {string} project
 * @param {string} script e.g. "src/cli/build.ts"
 * @returns {string[]}
 */
export function commandArgs(project, script) {
  const launcher = path.join(project, "bin", "run.mjs");
  const command = /^src\/cli\/(\w+)\.ts$/.exec(script)?.[1];
  return command !== undefined && bundledCommands.includes(command) && fs.existsSync(launcher) ? [...scriptFlags(project, script), launcher, script] : ["--import", "tsx", script];
}

/**
 * The Node flags of `project`'s npm script that runs `script` (`node <flags> bin/run.mjs <script>`
 * in its package.json), none when there is no such script.
 * @param {string} project
 * @param {string} script
 * @returns {string[]}
 */
export function scriptFlags(project, script) {
  /** @type {Record<string, unknown>} */
  let scripts = {};
  try {
    scripts = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")).scripts ?? {};
  } catch {
    return [];
  }
  for (const line of Object.values(scripts)) {
    const words = String(line).trim().split(/\s+/);
    if (words[0] === "node" && words.at(-1) === script && words.at(-2) === "bin/run.mjs") return words.slice(1, -2);
  }
  return [];
}

/**
 * Where `root`'s bundles are kept.
 * @param {string} root
 */
export function bundlesDirOf(root) {
  return path.join(root, "node_modules", ".cache", "arsip-berita", "bundles");
}

/** Bundle folders are named by a sha256 in base64url; a bundle being made, by "." + that + a suffix. */
const bundleName = /^[A-Za-z0-9_-]{43}$/;
const partialName = /^\.[A-Za-z0-9_-]{43}-\d+-[a-z0-9]+$/;

/**
 * Where a source entry's project is: `entry` is `<root>/src/cli/<command>.ts` once symlinks are
 * resolved (Node and tsx load modules by their real path too). Throws a message naming the
 * accepted form for anything else.
 * @param {string} entryArg as given on the command line, relative to the working folder
 * @returns {{ entry: string, root: string, srcDir: string, command: string }}
 */
export function locateEntry(entryArg) {
  const usage = `usage: node bin/run.mjs src/cli/<${bundledCommands.join("|")}>.ts [arguments]`;
  let entry;
  try {
    entry = fs.realpathSync(path.resolve(entryArg));
  } catch {
    throw new Error(`${entryArg}: no such file\n${usage}`);
  }
  const command = path.basename(entry, ".ts");
  const srcDir = path.dirname(path.dirname(entry));
  if (path.basename(path.dirname(entry)) !== "cli" || path.basename(srcDir) !== "src" || !entry.endsWith(".ts") || !bundledCommands.includes(command)) {
    throw new Error(`${entryArg}: not a command that runs from the bundle\n${usage}`);
  }
  return { entry, root: path.dirname(srcDir), srcDir, command };
}

/**
 * The bundle's key: sha256 (base64url) of everything that can change a byte of it.
 * @param {string} root the project
 * @param {string} srcDir its src/ folder
 * @param {string} esbuildVersion
 */
export function bundleKey(root, srcDir, esbuildVersion) {
  const hash = createHash("sha256");
  const part = (/** @type {string} */ name, /** @type {string | Buffer} */ data) => hash.update(`${name}\0${data.length}\0`).update(data);
  part("root", root);
  part("esbuild", esbuildVersion);
  part("launcher", fs.readFileSync(import.meta.filename));
  const tsconfig = path.join(root, "tsconfig.json");
  part("tsconfig.json", fs.existsSync(tsconfig) ? fs.readFileSync(tsconfig) : "");
  for (const file of sourceFiles(srcDir)) part(path.relative(srcDir, file).split(path.sep).join("/"), fs.readFileSync(file));
  return hash.digest("base64url");
}

/**
 * Every file in `srcDir`, sorted.
 * @param {string} srcDir
 */
function sourceFiles(srcDir) {
  return fs
    .readdirSync(srcDir, { recursive: true, withFileTypes: true })
    .filter((item) => item.isFile())
    .map((item) => path.join(item.parentPath, item.name))
    .sort();
}

/**
 * The bundle's entries: each command, and each thread's module, by the name of its bundled file
 * (without ".mjs"): the command's name, or the module's path in src/.
 * @param {string} srcDir
 * @returns {Record<string, string>}
 */
export function bundleEntries(srcDir) {
  const commands = bundledCommands.map((name) => [name, path.join(srcDir, "cli", `${name}.ts`)]);
  return Object.fromEntries([...commands, ...threadEntries(srcDir)]);
}

/**
 * The thread modules (`*-worker.ts`) in `srcDir`, each as [name of its bundled file without
 * ".mjs" (its path in src/), its source file].
 * @param {string} srcDir
 * @returns {[string, string][]}
 */
function threadEntries(srcDir) {
  return sourceFiles(srcDir)
    .filter((file) => threadEntry.test(file))
    .map((file) => [path.relative(srcDir, file).slice(0, -".ts".length).split(path.sep).join("/"), file]);
}

/**
 * Resolves with the folder of the bundle of `srcDir`'s commands, making it if there is none.
 * @param {{ root: string, srcDir: string, bundlesDir: string, now?: number }} options
 * @returns {Promise<string>}
 */
export async function ensureBundle({ root, srcDir, bundlesDir, now = Date.now() }) {
  const { version } = JSON.parse(fs.readFileSync(createRequire(import.meta.url).resolve("esbuild/package.json"), "utf8"));
  const key = bundleKey(root, srcDir, version);
  const dir = path.join(bundlesDir, key);
  if (fs.existsSync(dir)) {
    // Marks it used; a bundle that cannot be marked is still whole.
    if (now - fs.statSync(dir).mtimeMs > 60 * 60 * 1000) fs.promises.utimes(dir, now / 1000, now / 1000).catch(() => {});
    return dir;
  }
  fs.mkdirSync(bundlesDir, { recursive: true });
  const partial = path.join(bundlesDir, `.${key}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    /** @type {typeof import("esbuild")} */
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: bundleEntries(srcDir),
      outdir: partial,
      outExtension: { ".js": ".mjs" },
      chunkNames: "chunks/[name]-[hash]",
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      keepNames: true,
      metafile: true,
      logLevel: "silent",
      define: { "import.meta.url": "__sourceUrl", "import.meta.dirname": "__sourceDirname", "import.meta.filename": "__sourceFilename" },
      plugins: [sourceLocation()],
    });
    const outside = Object.keys(result.metafile.inputs).filter((input) => !path.resolve(root, input).startsWith(srcDir + path.sep));
    if (outside.length > 0) throw new Error(`the code imports ${outside.join(", ")}, outside src/, which the bundle's key does not cover`);
    try {
      fs.renameSync(partial, dir);
    } catch (error) {
      // Another run put the same bundle in place first.
      if (!fs.existsSync(dir)) throw error;
      fs.rmSync(partial, { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  pruneBundles(bundlesDir, key, now);
  return dir;
}

/**
 * An esbuild plugin: each source file gets its own `__sourceUrl`, `__sourceDirname` and
 * `__sourceFilename` (what `define` puts for `import.meta.*`), those of the file in src/.
 * @returns {import("esbuild").Plugin}
 */
function sourceLocation() {
  return {
    name: "source-location",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, "utf8");
        if (!text.includes("import.meta")) return { contents: text, loader: "ts" };
        const names = `const __sourceUrl = ${JSON.stringify(pathToFileURL(args.path).href)}, __sourceDirname = ${JSON.stringify(path.dirname(args.path))}, __sourceFilename = ${JSON.stringify(args.path)};`;
        return { contents: `${names}${text}`, loader: "ts" };
      });
    },
  };
}

/**
 * Removes the bundles in `bundlesDir` unused for `unusedBundleMs` (and partial ones left by a run
 * that was stopped), but not `keep`; nothing whose name is not a bundle's.
 * @param {string} bundlesDir
 * @param {string} keep
 * @param {number} now
 */
export function pruneBundles(bundlesDir, keep, now = Date.now()) {
  for (const name of fs.readdirSync(bundlesDir)) {
    if (name === keep || !(bundleName.test(name) || partialName.test(name))) continue;
    const folder = path.join(bundlesDir, name);
    try {
      if (now - fs.statSync(folder).mtimeMs > unusedBundleMs) fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // Removed by another run meanwhile.
    }
  }
}

/** Runs the command: from the bundle, or through tsx when it is off or cannot be made. */
async function main() {
  const [entryArg] = process.argv.slice(2);
  let located;
  try {
    located = locateEntry(entryArg ?? "");
  } catch (error) {
    console.error(/** @type {Error} */ (error).message);
    process.exitCode = 2;
    return;
  }
  const { entry, root, srcDir, command } = located;
  if (process.env.ARSIP_BUNDLE?.trim() !== "off") {
    let dir;
    try {
      dir = await ensureBundle({ root, srcDir, bundlesDir: bundlesDirOf(root) });
    } catch (error) {
      console.error(`Running from source through tsx: no bundle of src/ (${/** @type {Error} */ (error).message.split("\n")[0]}).`);
    }
    if (dir !== undefined) {
      /** @type {Record<string, string>} */
      const threads = {};
      for (const [name, file] of threadEntries(srcDir)) threads[file] = path.join(dir, `${name}.mjs`);
      Object.assign(globalThis, { [bundledEntriesKey]: threads });
      await import(pathToFileURL(path.join(dir, `${command}.mjs`)).href);
      return;
    }
  }
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(entry).href);
}

if (process.argv[1] !== undefined && fs.realpathSync(process.argv[1]) === import.meta.filename) await main();
