/**
 * Issue "One build path you can trust": one regression test per defect, each through the real
 * commands (`npm run build` = src/cli/build.ts, `npm start` = src/cli/serve.ts) in child processes.
 * (#2, the output folder, is tests/output-safety.test.ts; kills are tests/build-kill.test.ts.)
 */
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import { addOneArticle, generateCorpus } from "../bench/corpus.ts";
import { parsedStore } from "../src/build/cache.ts";
import { loadSite } from "../src/build/site.ts";
import { readSettings } from "../src/settings.ts";
import { projectCopy, runScript } from "./helpers/build.ts";
import {
  buildFoldersBeside,
  buildOnce,
  copyFresh,
  differences,
  emptyFolders,
  makeTempDir,
  projectRoot,
  realProjectCopy,
  snapshot,
  spawnBuild,
  startDevServer,
  waitFor,
  type DevServer,
  type Finished,
} from "./helpers/trust.ts";

const siteUrl = "https://arsip.example/";
const made: string[] = [];

async function temp(prefix: string): Promise<string> {
  const dir = await makeTempDir(prefix);
  made.push(dir);
  return dir;
}

async function project(real = false): Promise<string> {
  const dir = real ? await realProjectCopy() : await projectCopy();
  made.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

function expectSuccess(result: Finished, what: string): void {
  expect(result.code, `${what} failed:\n${result.stderr}\n${result.stdout}`).toBe(0);
}

/** "incremental: 3 of 40 pages rendered, 0 removed" → [3, 40, 0]; "full: 40 pages rendered" → [40, 40, 0]. */
function renderedCounts(stdout: string): [rendered: number, pages: number, removed: number] {
  const incremental = stdout.match(/incremental: (\d+) of (\d+) pages rendered, (\d+) removed/);
  if (incremental) return incremental.slice(1).map(Number) as [number, number, number];
  const full = stdout.match(/full: (\d+) pages rendered/);
  if (full) return [Number(full[1]), Number(full[1]), 0];
  throw new Error(`no summary in:\n${stdout}`);
}

/** The HTML pages below `dir` with their text. */
async function htmlPages(dir: string): Promise<Map<string, string>> {
  const names = (await fs.readdir(dir, { recursive: true })).filter((name) => name.endsWith(".html")).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await fs.readFile(path.join(dir, name), "utf8")] as const)));
}

const tempoSeed = path.join("2017", "tempo-2017-08-04-bos-telegram-pavel-durov.md");
const merdekaSeed = path.join("2017", "merdeka-2017-08-02-bos-telegram-ogah-buka-data.md");
const merdekaUrl = "2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/";

function article(title: string, date: string, body = "Paragraf uji."): string {
  return `---\ntitle: "${title}"\ndate: "${date}"\nsource: tempo\ntags: [Telegram]\n---\n\n${body}\n`;
}

describe("#1 a failed render", () => {
  test("an update whose Eleventy render fails leaves the output byte-identical and exits 1", async () => {
    const dir = await project();
    const output = path.join(await temp("arsip-render-fail-"), "site");
    const env = { OUTPUT_DIR: output, SITE_URL: siteUrl };
    expectSuccess(await buildOnce(env, { cwd: dir }), "first build");
    const before = await snapshot(output);
    const template = path.join(dir, "templates", "_includes", "pages", "article.njk");
    const good = await fs.readFile(template, "utf8");

    const breakages = {
      "a call of an undefined function": good.replace("<h1>{{ article.title }}</h1>", "<h1>{{ article.title }}{{ undefinedFunction() }}</h1>"),
      "a Nunjucks syntax error": good.replace("<h1>{{ article.title }}</h1>", "<h1>{% if article.title %}{{ article.title }}</h1>"),
    };
    for (const [what, text] of Object.entries(breakages)) {
      expect(text, what).not.toBe(good);
      await fs.writeFile(template, text);
      const update = await buildOnce(env, { cwd: dir });
      expect(update.code, `${what}:\n${update.stdout}`).toBe(1);
      expect(update.stderr, what).toContain("the previous output is unchanged");
      expect(update.stderr, what).toContain("article.njk");
      expect(differences(await snapshot(output), before), what).toEqual([]);
      expect(await buildFoldersBeside(output), what).not.toContainEqual(expect.stringMatching(/arsip-(next|old)$/));
      // A full build renders in a worker thread too (src/render/render-pool.ts): its failure is named the same way.
      const full = await buildOnce({ ...env, ARSIP_RENDER_WORKERS: "1" }, { cwd: dir, args: ["--full"] });
      expect(full.code, `${what}, --full:\n${full.stdout}`).toBe(1);
      expect(full.stderr, what).toContain("the previous output is unchanged");
      expect(full.stderr, what).toContain("article.njk");
      expect(differences(await snapshot(output), before), what).toEqual([]);
      expect(await buildFoldersBeside(output), what).not.toContainEqual(expect.stringMatching(/arsip-(next|old)$/));
    }
  });
});

describe("#3 code edits reach the pages", () => {
  let dir: string;
  let output: string;
  const env = () => ({ OUTPUT_DIR: output, SITE_URL: siteUrl });

  beforeAll(async () => {
    dir = await project(true);
    output = path.join(await temp("arsip-code-edit-"), "site");
    await generateCorpus({ n: 12, seed: 3, dir: path.join(dir, "articles", "sintetis") });
    expectSuccess(await buildOnce(env(), { cwd: dir }), "first build");
  });

  test("an edit to the time-zone suffix in src/content/dates.ts reaches every page that shows a time, without --full", async () => {
    const timeWith = (suffix: string) => new RegExp(`\\d\\d:\\d\\d ${suffix}\\b`);
    const before = await htmlPages(output);
    const dated = [...before].filter(([, html]) => timeWith("WIB").test(html)).map(([name]) => name);
    // Article pages and lists show times.
    expect(dated.length).toBeGreaterThan(20);

    const dates = path.join(dir, "src", "content", "dates.ts");
    const code = await fs.readFile(dates, "utf8");
    const edited = code.replaceAll("} WIB`", "} JKT`");
    expect(edited).not.toBe(code);
    await fs.writeFile(dates, edited);

    const update = await buildOnce(env(), { cwd: dir });
    expectSuccess(update, "build after the code edit");
    const [rendered, pages] = renderedCounts(update.stdout);
    expect(update.stdout).toContain("incremental:");
    expect(rendered).toBe(pages);
    const after = await htmlPages(output);
    expect(dated.filter((name) => !timeWith("JKT").test(after.get(name) ?? ""))).toEqual([]);
    expect([...after].filter(([, html]) => timeWith("WIB").test(html)).map(([name]) => name)).toEqual([]);

    const clean = path.join(await temp("arsip-code-edit-clean-"), "site");
    expectSuccess(await buildOnce({ ...env(), OUTPUT_DIR: clean }, { cwd: dir, args: ["--full"] }), "clean build");
    expect(differences(await snapshot(output), await snapshot(clean))).toEqual([]);
  });

  test("a comment added to .eleventy.ts renders the pages again: the render key covers it", async () => {
    await fs.appendFile(path.join(dir, ".eleventy.ts"), "\n// Komentar uji: kunci render mencakup berkas ini.\n");
    const update = await buildOnce(env(), { cwd: dir });
    expectSuccess(update, "build after the .eleventy.ts edit");
    const [rendered] = renderedCounts(update.stdout);
    expect(rendered).toBeGreaterThan(0);
  });
});

describe("#4 dev server: a failed update forgets nothing", () => {
  test("after a rejected edit and a restart, the page of an article deleted while it was stopped is gone and served as 404", async () => {
    const dir = await project();
    const articles = path.join(dir, "articles");
    await fs.writeFile(path.join(articles, "2017", "uji-ketiga.md"), article("Artikel ketiga untuk uji server", "2017-08-03T09:00:00+07:00"));
    const output = path.join(await temp("arsip-serve-forget-"), "site");
    const env = { OUTPUT_DIR: output };

    let server: DevServer = await startDevServer(env, { cwd: dir });
    const broken = path.join(articles, tempoSeed);
    const good = await fs.readFile(broken, "utf8");
    try {
      await fs.writeFile(broken, good.replace(/^date: .*$/m, 'date: "bukan tanggal"'));
      await waitFor(() => server.log().includes("Not updated"), 60_000, server.log);
    } finally {
      await server.stop();
    }
    expect(await fs.stat(path.join(output, merdekaUrl, "index.html"))).toBeTruthy();

    await fs.writeFile(broken, good);
    await fs.rm(path.join(articles, merdekaSeed));
    server = await startDevServer(env, { cwd: dir });
    try {
      await expect(fs.stat(path.join(output, merdekaUrl))).rejects.toThrow(/ENOENT/);
      expect((await fetch(`http://127.0.0.1:${server.port}/${merdekaUrl}`)).status).toBe(404);
      expect(await (await fetch(`http://127.0.0.1:${server.port}/`)).text()).not.toContain(`/${merdekaUrl}`);
      expect((await fetch(`http://127.0.0.1:${server.port}/2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

/** The first IPv4 address of this machine that is not loopback, if any. */
function networkAddress(): string | undefined {
  return Object.values(os.networkInterfaces()).flat().find((address) => address?.family === "IPv4" && !address.internal)?.address;
}

/** Resolves with "connected" or the connection error's code. */
function connect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 5_000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve("ETIMEDOUT");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe("#5 dev server", () => {
  let dir: string;
  let output: string;
  let server: DevServer;
  const get = (url: string) => fetch(`http://127.0.0.1:${server.port}${url}`);
  const updates = () => [...server.log().matchAll(/pages rendered/g)].length;

  beforeAll(async () => {
    dir = await project();
    output = path.join(await temp("arsip-serve-trust-"), "site");
    server = await startDevServer({ OUTPUT_DIR: output }, { cwd: dir });
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("listens on 127.0.0.1 only by default", async () => {
    expect(await connect("127.0.0.1", server.port)).toBe("connected");
    const address = networkAddress();
    if (address === undefined) {
      console.warn("skipped: this machine has no non-loopback IPv4 address to try the dev server on");
      return;
    }
    expect(await connect(address, server.port)).toBe("ECONNREFUSED");
  });

  test("an article added while it runs is indexed for search: its shard's page count grows", async () => {
    const entry = async () => (await (await get("/pagefind/2017-08/pagefind-entry.json")).json()) as { languages: Record<string, { page_count: number }> };
    const pagesIndexed = async () => Object.values((await entry()).languages).reduce((sum, language) => sum + language.page_count, 0);
    expect(await pagesIndexed()).toBe(2);
    const seen = updates();
    await fs.writeFile(path.join(dir, "articles", "2017", "uji-cari.md"), article("Artikel uji pencarian kata zebrakuda", "2017-08-03T09:00:00+07:00", "Kata langka zebrakuda untuk uji indeks."));
    await waitFor(() => updates() > seen, 60_000, server.log);
    expect(await pagesIndexed()).toBe(3);
    expect((await get("/2017/08/03/artikel-uji-pencarian-kata-zebrakuda/")).status).toBe(200);
  });

  test("deleting an article removes its page and leaves no empty folder in the output", async () => {
    const url = "/2017/08/03/artikel-uji-pencarian-kata-zebrakuda/";
    const seen = updates();
    await fs.rm(path.join(dir, "articles", "2017", "uji-cari.md"));
    await waitFor(() => updates() > seen, 60_000, server.log);
    expect((await get(url)).status).toBe(404);
    expect(await emptyFolders(output)).toEqual([]);
  });

  test("while it runs, a build of its output folder and a second server on it stop at once naming it, and touch nothing", async () => {
    const before = await snapshot(output);
    const beside = await buildFoldersBeside(output);
    const holder = `is being built by another build, npm start (process ${server.child.pid}, since `;
    const refused = await buildOnce({ OUTPUT_DIR: output }, { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(holder);
    const second = await runScript("src/cli/serve.ts", { OUTPUT_DIR: output, PORT: String(server.port + 1) }, [], dir);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`[arsip] Not started.\nOUTPUT_DIR: ${await fs.realpath(output)} ${holder}`);
    expect(differences(await snapshot(output), before)).toEqual([]);
    expect(await buildFoldersBeside(output)).toEqual(beside);
    expect((await get("/")).status).toBe(200);
  });

  test("stopped with SIGTERM or SIGINT, it leaves no lock beside its output", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const own = path.join(await temp("arsip-serve-stop-"), "site");
      const running = await startDevServer({ OUTPUT_DIR: own }, { cwd: dir });
      expect(await buildFoldersBeside(own)).toContain(".site.arsip-lock");
      const exited = new Promise<number | null>((resolve) => running.child.once("exit", (code) => resolve(code)));
      running.child.kill(signal);
      expect(await exited).toBe(signal === "SIGTERM" ? 143 : 130);
      expect(await buildFoldersBeside(own)).not.toContain(".site.arsip-lock");
    }
  });

  test("with HOST=0.0.0.0 it answers on the machine's network address", async () => {
    const address = networkAddress();
    if (address === undefined) {
      console.warn("skipped: this machine has no non-loopback IPv4 address to try HOST=0.0.0.0 on");
      return;
    }
    const open = await startDevServer({ OUTPUT_DIR: path.join(await temp("arsip-serve-host-"), "site"), HOST: "0.0.0.0" }, { cwd: dir });
    try {
      expect((await fetch(`http://${address}:${open.port}/`)).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});

describe("#5 build", () => {
  let dir: string;
  let output: string;
  const env = () => ({ OUTPUT_DIR: output, SITE_URL: siteUrl });
  const rawTemplate = "{# not rendered #}{{ 'a template among the static assets' | upper }}{% if %}\n";

  beforeAll(async () => {
    dir = await project();
    output = path.join(await temp("arsip-build-trust-"), "site");
    await fs.mkdir(path.join(dir, "templates", "assets", "uji"), { recursive: true });
    await fs.writeFile(path.join(dir, "templates", "assets", "uji", "pertama.njk"), rawTemplate);
    expectSuccess(await buildOnce(env(), { cwd: dir }), "first build");
  });

  test("a .njk file under templates/assets/ is copied as it is, by a full build and by an update that adds it", async () => {
    // Assets are written under content-hashed names (src/build/assets.ts): "pertama.<digest>.njk".
    const copied = async (stem: string) => {
      const names = (await fs.readdir(path.join(output, "assets", "uji"))).filter((name) => new RegExp(`^${stem}\\.[0-9a-f]{10}\\.njk$`).test(name));
      expect(names, stem).toHaveLength(1);
      return fs.readFile(path.join(output, "assets", "uji", names[0]!), "utf8");
    };
    expect(await copied("pertama")).toBe(rawTemplate);
    await fs.writeFile(path.join(dir, "templates", "assets", "uji", "kedua.njk"), `${rawTemplate}{{ kedua }}\n`);
    expectSuccess(await buildOnce(env(), { cwd: dir }), "update");
    expect(await copied("kedua")).toBe(`${rawTemplate}{{ kedua }}\n`);
    expect(await copied("pertama")).toBe(rawTemplate);
  });

  test("a hand-deleted pagefind/pagefind-ui.js is restored by the next build", async () => {
    const file = path.join(output, "pagefind", "pagefind-ui.js");
    const bytes = await fs.readFile(file);
    await fs.rm(file);
    expectSuccess(await buildOnce(env(), { cwd: dir }), "build");
    expect((await fs.readFile(file)).equals(bytes)).toBe(true);
  });

  test("a page and a search bundle file gone from the spare are found while the archive loads: the update takes them from the output, says so, and ends as a clean build", async () => {
    const own = await project();
    const base = await temp("arsip-spare-damage-");
    const site = path.join(base, "site");
    const ownEnv = { OUTPUT_DIR: site, SITE_URL: siteUrl, ARSIP_CACHE_DIR: path.join(base, "cache") };
    const write = (name: string, title: string, date: string, body: string, topic: string) =>
      fs.writeFile(path.join(own, "articles", "2017", name), `---\ntitle: "${title}"\ndate: "${date}"\nsource: tempo\ntags: [${topic}]\n---\n\n${body}\n`);
    // A 2015 article (its own topic and search shard) stays the same while only the newest one's
    // body changes: its page and its shard's bundle are then in the spare as in the output, and an
    // update would take them from the spare without linking them.
    await write("uji-lama.md", "Artikel lama untuk uji cadangan", "2015-03-02T09:00:00+07:00", "Paragraf lama.", "Sejarah");
    await write("uji-baru.md", "Artikel baru untuk uji cadangan", "2017-08-06T09:00:00+07:00", "Paragraf pertama.", "Olahraga");
    expectSuccess(await buildOnce(ownEnv, { cwd: own }), "first build");
    await write("uji-baru.md", "Artikel baru untuk uji cadangan", "2017-08-06T09:00:00+07:00", "Paragraf kedua.", "Olahraga");
    expectSuccess(await buildOnce(ownEnv, { cwd: own }), "second build");
    const spare = path.join(base, ".site.arsip-spare");
    const page = "2015/03/02/artikel-lama-untuk-uji-cadangan/index.html";
    const fragments = (await fs.readdir(path.join(spare, "pagefind", "2015", "fragment"))).sort();
    const fragment = `pagefind/2015/fragment/${fragments[0]}`;
    await fs.rm(path.join(spare, page));
    await fs.rm(path.join(spare, fragment));

    await write("uji-baru.md", "Artikel baru untuk uji cadangan", "2017-08-06T09:00:00+07:00", "Paragraf ketiga.", "Olahraga");
    const update = await buildOnce(ownEnv, { cwd: own });
    expectSuccess(update, "update over a damaged spare");
    expect(update.stderr).toContain(`notice: ${spare} lacked 2 files of its record (deleted by hand?), e.g. ${[fragment, page].sort().join(", ")}; this build took them from the current output or wrote them again.`);
    const clean = path.join(base, "clean", "site");
    expectSuccess(await buildOnce({ ...ownEnv, OUTPUT_DIR: clean, ARSIP_CACHE_DIR: path.join(base, "clean-cache") }, { cwd: own, args: ["--full"] }), "clean build");
    expect(differences(await snapshot(site), await snapshot(clean))).toEqual([]);
    expect(await buildFoldersBeside(site)).toEqual([".site.arsip-spare"]);
  });

  test("a second build of the same output while one runs stops at once naming it, and the first puts its whole site in place", async () => {
    const base = await temp("arsip-two-builds-");
    const articles = path.join(base, "articles");
    const site = path.join(base, "out", "site");
    await generateCorpus({ n: 400, seed: 5, dir: articles });
    const twoEnv = { ARTICLES_DIR: articles, OUTPUT_DIR: site, ARSIP_CACHE_DIR: path.join(base, "cache"), SITE_URL: siteUrl };
    expectSuccess(await buildOnce(twoEnv), "first build");
    await addOneArticle({ n: 400, seed: 5, dir: articles });
    const cleanSite = path.join(base, "clean", "site");
    expectSuccess(await buildOnce({ ...twoEnv, OUTPUT_DIR: cleanSite, ARSIP_CACHE_DIR: path.join(base, "clean-cache") }, { args: ["--full"] }), "clean build");

    // The first build renders every page again (--full), which takes a few seconds; the second
    // starts once the first is staging.
    const first = spawnBuild(twoEnv, { args: ["--full"] });
    const staging = path.join(base, "out", ".site.arsip-next");
    await waitFor(async () => (await fs.readdir(staging)).length > 2, 60_000);
    const second = await buildOnce(twoEnv);
    const firstDone = first.child.exitCode !== null;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`OUTPUT_DIR: ${site} is being built by another build, npm run build (process ${first.child.pid}, since `);
    expect(second.stderr).toContain(`If no build is running, delete ${path.join(base, "out", ".site.arsip-lock")}.`);
    // The second build left the first one's staging folder alone.
    if (!firstDone) await fs.access(path.join(staging, ".arsip-staging"));
    expectSuccess(await first.exited, "the first build");
    expect(differences(await snapshot(site), await snapshot(cleanSite))).toEqual([]);
    expect(await buildFoldersBeside(site)).toEqual([".site.arsip-spare"]);
  }, 300_000);

  test("a staging folder left by a killed build is removed by the next build", async () => {
    const leftover = path.join(path.dirname(output), ".site.arsip-next");
    await fs.mkdir(path.join(leftover, "2017"), { recursive: true });
    await fs.writeFile(path.join(leftover, ".arsip-staging"), "");
    await fs.writeFile(path.join(leftover, "2017", "setengah.html"), "<p>setengah jadi</p>");
    const before = await snapshot(output);
    expectSuccess(await buildOnce(env(), { cwd: dir }), "build");
    await expect(fs.lstat(leftover)).rejects.toThrow(/ENOENT/);
    expect(differences(await snapshot(output), before)).toEqual([]);
  });

  test("with umask 022 a full build and an update give folders 0755 and files 0644, static assets included whatever their mode in the checkout", async () => {
    // Checkouts made under other umasks: a private file and a group-writable one.
    const assets = path.join(dir, "templates", "assets");
    await fs.chmod(path.join(assets, "style.css"), 0o600);
    await fs.chmod(path.join(assets, "search.js"), 0o664);
    onTestFinished(() => Promise.all(["style.css", "search.js"].map((name) => fs.chmod(path.join(assets, name), 0o644))).then(() => {}));
    const fresh = path.join(await temp("arsip-modes-"), "site");
    const own = { ...env(), OUTPUT_DIR: fresh, ARSIP_CACHE_DIR: path.join(path.dirname(fresh), "cache") };
    expectSuccess(await buildOnce(own, { cwd: dir, shell: "umask 022" }), "full build");
    expect(await wrongModes(fresh)).toEqual([]);
    await fs.writeFile(path.join(dir, "articles", "2017", "uji-mode.md"), article("Artikel uji mode berkas", "2017-08-05T09:00:00+07:00"));
    try {
      const update = await buildOnce(own, { cwd: dir, shell: "umask 022" });
      expectSuccess(update, "update");
      expect(update.stdout).toContain("incremental:");
      expect(await wrongModes(fresh)).toEqual([]);
    } finally {
      await fs.rm(path.join(dir, "articles", "2017", "uji-mode.md"));
    }
  });

  test("with umask 022 search bundles restored from a cache written under umask 077 get mode 0644", async () => {
    const fresh = path.join(await temp("arsip-modes-cache-"), "site");
    const own = { ...env(), OUTPUT_DIR: fresh, ARSIP_CACHE_DIR: path.join(path.dirname(fresh), "cache"), BENCH_REPORT: "1" };
    expectSuccess(await buildOnce(own, { cwd: dir, shell: "umask 077" }), "build under umask 077");
    // The output is deleted, the cache kept: the next build copies the search bundles from it.
    await fs.rm(fresh, { recursive: true });
    for (const name of await buildFoldersBeside(fresh)) await fs.rm(path.join(path.dirname(fresh), name), { recursive: true });
    const again = await buildOnce(own, { cwd: dir, shell: "umask 022" });
    expectSuccess(again, "build under umask 022");
    expect(again.stdout).toMatch(/"searchRestored":[1-9]/);
    expect((await wrongModes(fresh)).filter((entry) => entry.startsWith("pagefind"))).toEqual([]);
  });
});

/** Entries below `dir`, itself included, whose mode is not 0755 (folders) or 0644 (files), as "path mode". */
async function wrongModes(dir: string): Promise<string[]> {
  const wrong: string[] = [];
  const root = (await fs.stat(dir)).mode & 0o777;
  if (root !== 0o755) wrong.push(`. ${root.toString(8)}`);
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const mode = (await fs.stat(file)).mode & 0o777;
    if (mode !== (entry.isDirectory() ? 0o755 : 0o644)) wrong.push(`${path.relative(dir, file)} ${mode.toString(8)}`);
  }
  return wrong;
}

describe("#6 a cache restored onto a fresh clone is used", () => {
  test("a copy of the project with a copy of the cache builds without running Pagefind or parsing an article, to the same bytes", async () => {
    const a = await project(true);
    await generateCorpus({ n: 30, seed: 8, dir: path.join(a, "articles", "sintetis") });
    const base = await temp("arsip-clone-");
    const cache = path.join(base, "cache");
    const env = { OUTPUT_DIR: "_site", SITE_URL: siteUrl, BENCH_REPORT: "1" };
    expectSuccess(await buildOnce({ ...env, ARSIP_CACHE_DIR: cache }, { cwd: a }), "build of A");

    // A fresh clone: every file new (times, inodes), no output; the cache restored as CI restores it.
    const b = path.join(base, "b");
    await copyFresh(a, b);
    for (const name of await fs.readdir(b)) if (name === "_site" || name.startsWith("._site.")) await fs.rm(path.join(b, name), { recursive: true });
    const restored = path.join(base, "cache-restored");
    await copyFresh(cache, restored);
    const forParseCheck = path.join(base, "cache-parse-check");
    await copyFresh(cache, forParseCheck);

    // Parse cache: every article of the clone is found in it (by content), none parsed again.
    const settings = readSettings({ ARTICLES_DIR: path.join(b, "articles"), SITE_URL: siteUrl }, b);
    const loaded = await loadSite(settings, { load: { store: parsedStore(settings.articlesDir, { dir: forParseCheck, root: b }), cwd: b } });
    expect(loaded.fileCount).toBe(32);
    expect([...loaded.parsedFiles]).toEqual([]);

    const build = await buildOnce({ ...env, ARSIP_CACHE_DIR: restored }, { cwd: b });
    expectSuccess(build, "build of the clone");
    const report = JSON.parse(build.stdout.match(/^bench-report (.*)$/m)![1]!) as { searchShards: number; searchRestored: number; rendered: number };
    expect(report.searchShards).toBeGreaterThan(1);
    expect(report.searchRestored).toBe(report.searchShards);
    expect(differences(await snapshot(path.join(b, "_site")), await snapshot(path.join(a, "_site")))).toEqual([]);
  });
});

describe("#0 an open-files limit of 256", () => {
  test("a 3,000-article first build and an add-one update both succeed under ulimit -n 256", async () => {
    const base = await temp("arsip-ulimit-");
    const articles = path.join(base, "articles");
    const output = path.join(base, "out", "site");
    await generateCorpus({ n: 3000, seed: 4, dir: articles });
    const env = { ARTICLES_DIR: articles, OUTPUT_DIR: output, ARSIP_CACHE_DIR: path.join(base, "cache"), SITE_URL: siteUrl, ARSIP_HEAP_MB: "" };
    const articlePages = async () => (await fs.readdir(output, { recursive: true })).filter((name) => /^\d{4}\/\d\d\/\d\d\/[^/]+\/index\.html$/.test(name.split(path.sep).join("/"))).length;

    const first = await buildOnce(env, { shell: "ulimit -n 256" });
    expectSuccess(first, "first build");
    expect(first.stdout).toContain("3000 articles");
    const [, pages] = renderedCounts(first.stdout);
    expect(await articlePages()).toBe(3000);

    const extra = await addOneArticle({ n: 3000, seed: 4, dir: articles });
    const update = await buildOnce(env, { shell: "ulimit -n 256" });
    expectSuccess(update, "update");
    expect(update.stdout).toContain("3001 articles");
    const [rendered, pagesAfter] = renderedCounts(update.stdout);
    expect(update.stdout).toContain("incremental:");
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(pagesAfter / 2);
    expect(pagesAfter).toBeGreaterThan(pages);
    expect(await articlePages()).toBe(3001);
    await fs.access(path.join(output, extra.url, "index.html"));
  }, 900_000);
});
