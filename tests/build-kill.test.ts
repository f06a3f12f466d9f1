/**
 * Issue "One build path you can trust": a build that is killed or fails at any instant leaves the
 * old site or the new one in the output folder, never a mix, and the next build ends with the new
 * site (src/build/pipeline.ts, src/build/output.ts). Every build here is the real `npm run build`
 * in a child process, killed from outside as Ctrl-C or `kill -9` would.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateCorpus } from "../bench/corpus.ts";
import { outputPlaces, recoverOutput } from "../src/build/output.ts";
import {
  buildFoldersBeside,
  buildOnce,
  copyPreserving,
  differences,
  groupAlive,
  makeTempDir,
  projectRoot,
  snapshot,
  spawnBuild,
  waitFor,
  type Finished,
} from "./helpers/trust.ts";

const siteUrl = "https://arsip.example/";
/** Kills spread over one update; odd ones are Ctrl-C (SIGINT to the build's process group), even ones `kill -9` of the build alone. */
const killCount = 20;

/** The back-filled article: mid-archive, so the lists around it and its year's search shard change. */
const backFilled = {
  file: "2019/tempo-2019-06-15-artikel-sisipan-uji-kill.md",
  url: "2019/06/15/artikel-sisipan-uji-ketahanan-build/index.html",
  text: '---\ntitle: "Artikel sisipan uji ketahanan build"\ndate: "2019-06-15T10:00:00+07:00"\nsource: tempo\nsection: Nasional\ntags: ["Nasional", "Banjir Jakarta"]\n---\n\nParagraf sisipan tentang banjir di Jakarta, ditulis untuk uji ketahanan build.\n',
};

type Phase = "old" | "new" | "recovered-old" | "recovered-new";

let root: string;
let articles: string;
/** The folder holding the output `site` and whatever a build keeps beside it. */
let outParent: string;
let site: string;
let cache: string;
let goldenOut: string;
let goldenCache: string;
let sOld: Map<string, string>;
let sNew: Map<string, string>;
/** Duration of one uninterrupted update, spawn to exit. */
let updateMs: number;

const env = () => ({ ARTICLES_DIR: articles, OUTPUT_DIR: site, ARSIP_CACHE_DIR: cache, SITE_URL: siteUrl, BENCH_REPORT: "", ARSIP_HEAP_MB: "" });
const protectedFolders = () => ({ projectDir: projectRoot, articlesDir: articles, templatesDir: path.join(projectRoot, "templates"), srcDir: path.join(projectRoot, "src") });

function expectSuccess(result: Finished, what: string): void {
  expect(result.code, `${what} failed:\n${result.stderr}\n${result.stdout}`).toBe(0);
}

/** The old output, with everything beside it, and the old cache, put back where they were built: the cache's record names that path. */
async function restoreOld(): Promise<void> {
  await fs.rm(outParent, { recursive: true, force: true });
  await fs.rm(cache, { recursive: true, force: true });
  await copyPreserving(goldenOut, outParent);
  await copyPreserving(goldenCache, cache);
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(() => true, () => false);
}

/** Which whole site `site` holds now; undefined (with the differences) when it is neither. */
async function phaseOf(prefix: "" | "recovered-"): Promise<{ phase?: Phase; problem?: string }> {
  const now = await snapshot(site);
  if (differences(now, sOld).length === 0) return { phase: `${prefix}old` as Phase };
  if (differences(now, sNew).length === 0) return { phase: `${prefix}new` as Phase };
  const fromOld = differences(now, sOld);
  const fromNew = differences(now, sNew);
  return { problem: `a mix: ${fromOld.length} paths differ from the old site (${fromOld.slice(0, 5).join(", ")}), ${fromNew.length} from the new (${fromNew.slice(0, 5).join(", ")})` };
}

/** After the build that finished the job: no staging or swap folder beside the output, and replaced sites deleted within 10 s. */
async function leftoversAfterBuild(): Promise<string | undefined> {
  const swapFolders = (await buildFoldersBeside(site)).filter((name) => name.endsWith(".arsip-next") || name.endsWith(".arsip-old"));
  if (swapFolders.length > 0) return `left beside the output: ${swapFolders.join(", ")}`;
  try {
    await waitFor(async () => (await buildFoldersBeside(site)).every((name) => !name.includes(".arsip-trash-")), 10_000);
  } catch {
    return `replaced sites not deleted after 10 s: ${(await buildFoldersBeside(site)).join(", ")}`;
  }
  return undefined;
}

beforeAll(async () => {
  root = await makeTempDir("arsip-kill-");
  articles = path.join(root, "articles");
  outParent = path.join(root, "out");
  site = path.join(outParent, "site");
  cache = path.join(root, "cache");
  goldenOut = path.join(root, "golden-out");
  goldenCache = path.join(root, "golden-cache");
  const corpus = await generateCorpus({ n: 78, seed: 21, dir: articles });
  await fs.cp(path.join(projectRoot, "articles"), articles, { recursive: true });
  const dates = corpus.map((article) => article.date).sort();
  // Mid-archive: older and newer articles on both sides of it.
  expect(dates.filter((date) => date < "2019-06-15").length).toBeGreaterThan(10);
  expect(dates.filter((date) => date > "2019-06-16").length).toBeGreaterThan(10);

  // The old output has a history, as a real one does: built once with one title changed, then
  // updated to the current archive. A build may keep something beside it; all of it is restored.
  const retitled = path.join(articles, corpus[3]!.file);
  const original = await fs.readFile(retitled, "utf8");
  await fs.writeFile(retitled, original.replace(/^title: .*$/m, 'title: "Judul lama sebelum pembaruan"'));
  expectSuccess(await buildOnce(env()), "first build");
  await fs.writeFile(retitled, original);
  expectSuccess(await buildOnce(env()), "second build");
  sOld = await snapshot(site);
  await copyPreserving(outParent, goldenOut);
  await copyPreserving(cache, goldenCache);

  await fs.writeFile(path.join(articles, backFilled.file), backFilled.text);
  const clean = path.join(root, "clean", "site");
  expectSuccess(await buildOnce({ ...env(), OUTPUT_DIR: clean, ARSIP_CACHE_DIR: path.join(root, "clean-cache") }, { args: ["--full"] }), "clean build");
  sNew = await snapshot(clean);
  expect(sNew.has(backFilled.url)).toBe(true);
  expect(differences(sOld, sNew).length).toBeGreaterThan(5);

  await restoreOld();
  const update = await buildOnce(env());
  expectSuccess(update, "uninterrupted update");
  expect(update.stdout).toMatch(/incremental: \d+ of \d+ pages rendered/);
  expect(differences(await snapshot(site), sNew)).toEqual([]);
  updateMs = update.ms;
}, 600_000);

afterAll(async () => {
  if (root !== undefined) await fs.rm(root, { recursive: true, force: true });
});

describe("build killed during an update", () => {
  test(`kills at ${killCount} evenly spaced instants of an add-one update leave the old site or the new one, and the next build ends with the new one`, async () => {
    const phases: Record<string, number> = {};
    const problems: string[] = [];
    const log: string[] = [];
    for (let i = 1; i <= killCount; i++) {
      await restoreOld();
      const signal = i % 2 === 1 ? "SIGINT" : "SIGKILL";
      const at = Math.round((i * updateMs) / (killCount + 1));
      const build = spawnBuild(env(), { detached: true });
      const pid = build.child.pid!;
      const timer = setTimeout(() => {
        try {
          // Ctrl-C reaches the whole foreground group; kill -9 only the build, whose Pagefind runs may outlive it.
          if (signal === "SIGINT") process.kill(-pid, "SIGINT");
          else process.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }, at);
      const killed = await build.exited;
      clearTimeout(timer);
      const label = `kill ${i} (${signal} at ${at} ms)`;
      if (killed.code !== null && killed.code !== 0) problems.push(`${label}: the build failed by itself (exit ${killed.code}):\n${killed.stderr}`);

      let { phase, problem } = (await exists(site)) ? await phaseOf("") : { phase: undefined, problem: undefined };
      if (phase === undefined && problem === undefined) {
        // Killed between the two renames of the swap: the next build's first step puts a site back.
        await recoverOutput(await outputPlaces(site, protectedFolders()));
        ({ phase, problem } = (await exists(site)) ? await phaseOf("recovered-") : { phase: undefined, problem: "no output folder, even after recoverOutput" });
      }
      if (problem !== undefined) problems.push(`${label}: ${problem}`);
      // The next build runs at once, while Pagefind runs of the killed build may still be writing.
      const orphans = groupAlive(pid);
      const finishedFirst = killed.code === 0 ? ", finished before the kill" : "";
      log.push(`${label}: ${phase ?? "MIX"}${finishedFirst}${orphans ? ", its Pagefind still running" : ""}`);
      if (phase !== undefined) phases[phase] = (phases[phase] ?? 0) + 1;

      const again = await buildOnce(env());
      if (again.code !== 0) problems.push(`${label}: the next build failed (exit ${again.code}${orphans ? ", Pagefind of the killed build still running" : ""}):\n${again.stderr}`);
      else {
        const left = differences(await snapshot(site), sNew);
        if (left.length > 0) problems.push(`${label}: after the next build ${left.length} paths differ from a clean build: ${left.slice(0, 8).join(", ")}`);
        const leftover = await leftoversAfterBuild();
        if (leftover !== undefined) problems.push(`${label}: ${leftover}`);
      }
      // Every process of the killed build gone before the next restore.
      await waitFor(() => !groupAlive(pid), 10_000).catch(() => {
        problems.push(`${label}: processes of the killed build still running 10 s later`);
        process.kill(-pid, "SIGKILL");
      });
    }
    console.log(`update ${Math.round(updateMs)} ms; kill phases ${JSON.stringify(phases)}\n  ${log.join("\n  ")}`);
    expect(problems).toEqual([]);
    expect(Object.values(phases).reduce((sum, count) => sum + count, 0)).toBe(killCount);
    // The early kills come before anything is swapped in.
    expect(phases.old ?? 0).toBeGreaterThan(0);
  }, 900_000);
});

describe("build failing during an update", () => {
  test("a failure injected mid-update leaves the output byte-identical and says so truthfully", async () => {
    const dir = await makeTempDir("arsip-fail-");
    try {
      const own = { ARTICLES_DIR: path.join(dir, "articles"), OUTPUT_DIR: path.join(dir, "out", "site"), ARSIP_CACHE_DIR: path.join(dir, "cache"), SITE_URL: siteUrl };
      await fs.cp(path.join(projectRoot, "articles"), own.ARTICLES_DIR, { recursive: true });
      expectSuccess(await buildOnce(own), "first build");
      const before = await snapshot(own.OUTPUT_DIR);

      // A new sentence in an article: its page and its search shard must be written again.
      const edited = path.join(own.ARTICLES_DIR, "2017", "tempo-2017-08-04-bos-telegram-pavel-durov.md");
      await fs.appendFile(edited, "\nKalimat tambahan untuk uji kegagalan Pagefind.\n");
      const failing = path.join(dir, "pagefind-gagal.sh");
      await fs.writeFile(failing, "#!/bin/sh\necho 'pagefind: injected failure' >&2\nexit 1\n", { mode: 0o755 });
      const update = await buildOnce({ ...own, PAGEFIND_BINARY_PATH: failing, PAGEFIND_EXTENDED_BINARY_PATH: "" });

      expect(update.code).toBe(1);
      expect(update.stderr).toContain("injected failure");
      expect(update.stderr).toContain("the previous output is unchanged");
      expect(differences(await snapshot(own.OUTPUT_DIR), before)).toEqual([]);
      expect(await buildFoldersBeside(own.OUTPUT_DIR)).not.toContainEqual(expect.stringMatching(/arsip-(next|old)$/));

      // With Pagefind working again the edit gets through.
      expectSuccess(await buildOnce(own), "build after the failure");
      const page = await fs.readFile(path.join(own.OUTPUT_DIR, "2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/index.html"), "utf8");
      expect(page).toContain("Kalimat tambahan untuk uji kegagalan Pagefind.");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
