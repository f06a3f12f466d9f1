/**
 * The dev server (npm start = src/cli/serve.ts): adding an article while it runs makes the article
 * appear, on its own page and on the home page, without restarting; only changed pages are rendered.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateCorpus } from "../bench/corpus.ts";
import { searchCacheDir } from "../src/build/cache.ts";
import { makeTempDir, projectRoot, runBuild, scriptArgs, writeFixture } from "./helpers/build.ts";
import { differences, sleep, snapshot, startDevServer } from "./helpers/trust.ts";

const port = 18000 + (process.pid % 1000);
let server: { child: ChildProcess; log: () => string };
let articles: string;
let output: string;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, log: () => string = () => server.log()): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out; server log:\n${log()}`);
}

const get = (url: string, at = port) => fetch(`http://localhost:${at}${url}`);

/** Starts `npm start` with `env` at port `at`; resolves once it serves. */
async function startServer(env: Record<string, string>, at: number): Promise<{ child: ChildProcess; log: () => string }> {
  let text = "";
  const child = spawn(process.execPath, scriptArgs("src/cli/serve.ts"), {
    cwd: projectRoot,
    env: { ...process.env, ...env, PORT: String(at) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (text += chunk));
  child.stderr!.on("data", (chunk) => (text += chunk));
  await waitFor(async () => (await get("/", at)).ok, 60_000, () => text);
  return { child, log: () => text };
}

beforeAll(async () => {
  articles = await writeFixture({});
  await fs.cp(path.join(projectRoot, "articles"), articles, { recursive: true });
  output = path.join(await makeTempDir("arsip-serve-"), "site");
  server = await startServer({ ARTICLES_DIR: articles, OUTPUT_DIR: output }, port);
});

afterAll(() => {
  server?.child.kill();
});

describe("dev server", () => {
  test("serves a search index of its first build, and keeps its bundles for the next start", async () => {
    const entry = await get("/pagefind/2017-08/pagefind-entry.json");
    expect(entry.status).toBe(200);
    expect(await entry.json()).toMatchObject({ languages: { id: { page_count: 2 } } });
    expect((await get("/pagefind/pagefind-ui.js")).status).toBe(200);
    expect((await fs.readdir(searchCacheDir(output))).map((name) => name.replace(/-[\w-]{22}$/, ""))).toEqual(["2017-08"]);
  });

  test("an article added while serving appears on its page and on the home page, marked DRAF", async () => {
    const url = "/2017/08/06/artikel-uji-server-pengembangan/";
    expect((await get(url)).status).toBe(404);
    await fs.writeFile(
      path.join(articles, "2017", "uji.md"),
      '---\ntitle: "Artikel uji server pengembangan"\ndate: "2017-08-06T09:00:00+07:00"\nsource: tempo\ntags: [Telegram]\ndraft: true\n---\n\nIsi uji.\n',
    );
    // The update is done when the server logs it (pages are written batch by batch before that).
    await waitFor(async () => [...server.log().matchAll(/pages rendered/g)].length >= 2, 30_000);
    expect(await (await get(url)).text()).toContain("DRAF");
    expect(await (await get("/")).text()).toContain(`href="${url}"`);
    // The article before it, written ahead of the lists with the new page, links to it as next.
    expect(await (await get("/2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/")).text()).toContain(`href="${url}"`);
    // Only what depends on the new article was rendered, not the whole site.
    const updates = [...server.log().matchAll(/(\d+) pages rendered/g)].map((match) => Number(match[1]));
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates[updates.length - 1]).toBeLessThan(updates[0]!);
  });
});

describe("dev server restart", () => {
  test("renders only what changed while it was stopped, and drops the pages of removed articles", async () => {
    const dir = await writeFixture({});
    await fs.cp(path.join(projectRoot, "articles"), dir, { recursive: true });
    const site = path.join(await makeTempDir("arsip-serve-restart-"), "site");
    const env = { ARTICLES_DIR: dir, OUTPUT_DIR: site };
    const rendered = (log: string) => [...log.matchAll(/(\d+) pages rendered, (\d+) removed/g)].map((match) => [Number(match[1]), Number(match[2])]);
    const stop = (child: ChildProcess) => new Promise((resolve) => child.once("exit", resolve).kill());

    const first = await startServer(env, port + 2);
    await stop(first.child);
    const [[all]] = rendered(first.log()) as [[number, number]];
    const removedUrl = "/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/";
    expect(await fs.stat(path.join(site, removedUrl, "index.html"))).toBeTruthy();

    await fs.rm(path.join(dir, "2017", "merdeka-2017-08-02-bos-telegram-ogah-buka-data.md"));
    const second = await startServer(env, port + 3);
    try {
      const [[pages, removed]] = rendered(second.log()) as [[number, number]];
      expect(pages).toBeGreaterThan(0);
      expect(pages).toBeLessThan(all);
      expect(removed).toBeGreaterThanOrEqual(1);
      expect((await get(removedUrl, port + 3)).status).toBe(404);
      expect(await (await get("/", port + 3)).text()).not.toContain(removedUrl);
    } finally {
      await stop(second.child);
    }
    // Nothing changed: nothing to render.
    const third = await startServer(env, port + 4);
    await stop(third.child);
    expect(rendered(third.log())[0]).toEqual([0, 0]);
  });
});

describe("dev server heap", () => {
  test("with ARSIP_HEAP_MB it serves from a Node process with that heap, which a stop ends too", async () => {
    const dir = await writeFixture({});
    await fs.cp(path.join(projectRoot, "articles"), dir, { recursive: true });
    const site = path.join(await makeTempDir("arsip-serve-heap-"), "site");
    const at = port + 5;
    const dev = await startServer({ ARTICLES_DIR: dir, OUTPUT_DIR: site, ARSIP_HEAP_MB: "300", BENCH_REPORT: "1" }, at);
    const stopped = new Promise<number | null>((resolve) => dev.child.once("exit", resolve));
    try {
      expect(dev.log()).toContain("[arsip] 2 articles: serving from a Node process with a heap of 300 MB");
      const [report] = [...dev.log().matchAll(/^bench-report (\{"update".*)$/gm)].map((match) => JSON.parse(match[1]!) as { heapLimitMB: number });
      // The old generation's 300 MB and the young generation's semispaces; Node's own limit is far larger.
      expect(report!.heapLimitMB).toBeGreaterThanOrEqual(300);
      expect(report!.heapLimitMB).toBeLessThan(600);
    } finally {
      dev.child.kill();
    }
    expect(await stopped).toBe(143);
    // The server it started has stopped with it: nothing answers any more.
    await expect(get("/", at)).rejects.toThrow();
  });
});

describe("dev server and production build on one folder", () => {
  test("a build after the dev server wrote into its folder renders everything again, leaving the drafts out", async () => {
    const dir = await writeFixture({});
    await fs.cp(path.join(projectRoot, "articles"), dir, { recursive: true });
    await fs.writeFile(
      path.join(dir, "2017", "draf.md"),
      '---\ntitle: "Artikel draf yang belum terbit"\ndate: "2017-08-06T09:00:00+07:00"\nsource: tempo\ntags: [Telegram]\ndraft: true\n---\n\nIsi draf.\n',
    );
    const site = path.join(await makeTempDir("arsip-serve-shared-"), "site");
    const env = { ARTICLES_DIR: dir, OUTPUT_DIR: site };
    const drafted = async () => (await fs.readFile(path.join(site, "index.html"), "utf8")).includes("Artikel draf yang belum terbit");
    expect((await runBuild(env)).code).toBe(0);
    expect(await drafted()).toBe(false);

    const dev = await startServer(env, port + 1);
    dev.child.kill();
    expect(await drafted()).toBe(true);

    const build = await runBuild(env);
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/full: \d+ pages rendered/);
    expect(await drafted()).toBe(false);
    await expect(fs.stat(path.join(site, "2017", "08", "06"))).rejects.toThrow(/ENOENT/);
  });
});

describe("dev server updates from the watcher's changed paths", () => {
  test("after an added, an edited (saved by renaming over it), a deleted and a renamed article, and a folder moved in, the site equals a clean build each time", async () => {
    const dir = await makeTempDir("arsip-serve-paths-");
    const articlesDir = path.join(dir, "articles");
    await generateCorpus({ n: 30, seed: 17, dir: articlesDir });
    const env = { ARTICLES_DIR: articlesDir, OUTPUT_DIR: path.join(dir, "dev", "site"), ARSIP_CACHE_DIR: path.join(dir, "cache") };
    const dev = await startDevServer(env);
    const updates = () => [...dev.log().matchAll(/pages rendered/g)].length;
    /** Applies `edit`, waits for the update it causes (and any after it) to end, and compares with a clean build. */
    const expectClean = async (name: string, edit: () => Promise<void>) => {
      const before = updates();
      await edit();
      const until = Date.now() + 60_000;
      while (updates() === before) {
        if (Date.now() > until) throw new Error(`${name}: no update; server log:\n${dev.log()}`);
        await sleep(50);
      }
      // Quiet for a second: no update under way that the comparison could race.
      for (let seen = updates(); ; seen = updates()) {
        await sleep(1000);
        if (updates() === seen) break;
      }
      const clean = path.join(await makeTempDir("arsip-serve-paths-clean-"), "site");
      const build = await runBuild({ ...env, OUTPUT_DIR: clean, ARSIP_CACHE_DIR: path.join(dir, "cache-clean") }, ["--full"]);
      expect(build.code, build.stderr).toBe(0);
      const served = await snapshot(env.OUTPUT_DIR);
      const expected = await snapshot(clean);
      expect(differences(served, expected).filter((file) => file !== ".arsip-output.json"), `${name}\n${dev.log()}`).toEqual([]);
    };
    const article = (title: string, date: string) =>
      `---\ntitle: "${title}"\ndate: "${date}"\nsource: tempo\ntags: [Nasional, Ekonomi]\n---\n\nParagraf sintetis untuk uji, bukan berita.\n`;
    const files = (await fs.readdir(articlesDir, { recursive: true })).filter((name) => name.endsWith(".md")).sort();
    try {
      await expectClean("added", () => fs.writeFile(path.join(articlesDir, "2024", "uji-tambah.md"), article("Artikel uji tambahan lewat pengamat", "2024-12-30T09:00:00+07:00")));
      await expectClean("edited", async () => {
        const file = path.join(articlesDir, files[4]!);
        await fs.writeFile(`${file}.tmp`, (await fs.readFile(file, "utf8")).replace(/^title: .*$/m, 'title: "Judul yang disunting untuk uji"'));
        await fs.rename(`${file}.tmp`, file);
      });
      await expectClean("edited again", async () => {
        const file = path.join(articlesDir, files[4]!);
        await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace(/^title: .*$/m, 'title: "Judul yang disunting lagi"'));
      });
      await expectClean("deleted", () => fs.rm(path.join(articlesDir, files[7]!)));
      await expectClean("renamed", () => fs.rename(path.join(articlesDir, files[9]!), path.join(path.dirname(path.join(articlesDir, files[9]!)), "nama-baru.md")));
      await expectClean("a folder moved in", async () => {
        const staged = path.join(dir, "arsip-lama");
        await fs.mkdir(staged);
        await fs.writeFile(path.join(staged, "lama.md"), article("Artikel lama dari folder yang dipindah", "2013-05-06T10:00:00+07:00"));
        await fs.rename(staged, path.join(articlesDir, "2013"));
      });
    } finally {
      await dev.stop();
    }
  }, 300_000);
});
