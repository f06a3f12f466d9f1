import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { ArchiveError } from "../../src/errors.ts";
import { buildArchive } from "../../src/archive/archive.ts";
import { loadArticles, type FileStat, type LoadResult } from "../../src/content/load.ts";
import { renderBody, renderBodyTemplate } from "../../src/content/markdown/index.ts";
import { keyTerms } from "../../src/content/terms.ts";
import {
  assetDigests,
  bundleName,
  cacheFileFor,
  defaultCacheDir,
  digestFile,
  forgetProcessState,
  indexerKey,
  parseCacheFile,
  parseCachePath,
  parsedStore,
  readCacheFile,
  renderKey,
  searchCache,
  searchCacheDir,
  writeCacheFile,
  writeFileAtomically,
  type ParsedFiles,
  type RenderSettings,
  type SearchBundles,
} from "../../src/build/cache.ts";
import { article, unusualCases } from "../fixtures/hostile/cases.ts";
import { testNow, testOutlets } from "../helpers/articles.ts";
import { filesIn, makeTempDir, projectRoot, writeFixture } from "../helpers/build.ts";

const sourceKeys = ["tempo", "merdeka"];
const settings: RenderSettings = { siteUrl: "https://arsip.example/", pathPrefix: "/", mode: "production" };
const made: string[] = [];

async function tracked(dir: Promise<string>): Promise<string> {
  made.push(await dir);
  return made[made.length - 1]!;
}

const fixture = (files: Record<string, string | Buffer> = {}) => tracked(writeFixture(files));

afterEach(() => {
  // Every test starts as a new process would.
  forgetProcessState();
});

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** A small project as the keys and the parse store see one: code, config, lockfile, templates, assets, articles. */
function fixtureProject(): Promise<string> {
  return fixture({
    "src/content/dates.ts": 'export const zone = "Asia/Jakarta";\n',
    "src/build/pipeline.ts": "export const steps = 3;\n",
    ".eleventy.ts": "export default function () {}\n",
    "package-lock.json": '{ "lockfileVersion": 3 }\n',
    "templates/base.njk": "<main>{{ content | safe }}</main>\n",
    "templates/_data/strings.json": '{ "siteName": "Arsip" }\n',
    "templates/assets/style.css": "body { margin: 0; }\n",
    "templates/assets/img/logo.svg": "<svg/>\n",
    "articles/2017/a.md": article({ title: '"Berita A"' }),
    "articles/2017/b.md": article({ title: '"Berita B"' }, "Pedagang mengeluh.\n\nBaca juga: Berita A\n"),
    "articles/2016/c.md": article({ title: '"Berita C"', date: '"2016-01-01T08:00:00+07:00"' }),
  });
}

/**
 * A fresh checkout of `project`, cache folder included: copied without keeping times (`cp -r`, not
 * `-p`), so every file has a new inode, and every time then moved a day on.
 */
async function freshCheckout(project: string): Promise<string> {
  const clone = path.join(await tracked(makeTempDir("arsip-clone-")), "clone");
  execFileSync("cp", ["-r", project, clone]);
  const later = new Date(Date.now() + 86_400_000);
  for (const file of await filesIn(clone)) await fs.utimes(path.join(clone, file), later, later);
  return clone;
}

/** Loads `project`'s articles with its own cache folder, paths shown relative to the project. */
function loadProject(project: string, store = parsedStore(path.join(project, "articles"), { root: project, dir: path.join(project, ".cache", "arsip") })) {
  return loadArticles(path.join(project, "articles"), { sourceKeys, cwd: project, store });
}

/** Loads `dir` with the cache file in `cacheDir`, paths shown relative to `cwd`; a new store is a new process. */
function load(dir: string, cacheDir: string, { keys = sourceKeys, cwd = dir, store = parsedStore(dir, { dir: cacheDir }) } = {}) {
  return loadArticles(dir, { sourceKeys: keys, cwd, store });
}

/** The message of the ArchiveError `run` rejects with. */
async function failureMessage(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ArchiveError)) throw new Error(`expected an ArchiveError, got ${String(error)}`);
  return error.message;
}

/** Rewrites `file` with `content` and moves its modification time, as an editor saving it later would. */
async function edit(file: string, content: string): Promise<void> {
  const before = await fs.stat(file);
  await fs.writeFile(file, content);
  await fs.utimes(file, before.atime, new Date(before.mtimeMs + 5000));
}

/** The files of the parse cache of `dir`, one per shard. */
async function shardFilesOf(dir: string, cacheDir: string): Promise<string[]> {
  const folder = parseCachePath(dir, { dir: cacheDir });
  return (await fs.readdir(folder)).sort().map((name) => path.join(folder, name));
}

/** The parsed files kept in the parse cache of `dir`, all shards together. */
async function keptFiles(dir: string, cacheDir: string): Promise<ParsedFiles> {
  const kept: ParsedFiles = new Map();
  for (const file of await shardFilesOf(dir, cacheDir)) for (const [key, value] of (await readCacheFile(file))!.value as ParsedFiles) kept.set(key, value);
  return kept;
}

/** Changes what the parse cache of `dir` keeps, shard by shard, as `change` says, leaving the meta records as they are. */
async function plant(dir: string, cacheDir: string, change: (files: ParsedFiles) => void): Promise<void> {
  for (const file of await shardFilesOf(dir, cacheDir)) {
    const content = (await readCacheFile(file))!;
    change(content.value as ParsedFiles);
    await writeCacheFile(file, content);
  }
}

/** Seed articles and the valid-but-unusual cases: every optional field, BOM, CRLF, emoji, 5 MB. */
async function richFixture(): Promise<string> {
  const dir = await fixture({
    ...Object.fromEntries(unusualCases.map((testCase) => [`unusual/${testCase.file}`, testCase.content])),
    // Empty optional fields come back from zod as keys whose value is undefined.
    "kosong.md": article({ title: '"Kolom kosong sintetis"', reporter: "", editor: "~", dateline: "" }),
  });
  await fs.cp(path.join(projectRoot, "articles"), path.join(dir, "seed"), { recursive: true });
  return dir;
}

/** Body HTML by URL of the archive built from `loaded` as site.ts builds it, under the prefix /arsip/. */
function bodiesOf(loaded: LoadResult): Map<string, string> {
  const archive = buildArchive(loaded.articles, {
    outlets: testOutlets,
    pathPrefix: "/arsip/",
    includeUnpublished: false,
    now: testNow,
    keyTerms: (item) => loaded.keyTerms.get(item)!,
    body: (item) => loaded.bodies.get(item)!,
  });
  return new Map(archive.articles.map((view) => [view.url, view.bodyHtml]));
}

describe("defaultCacheDir", () => {
  test("is .cache/arsip/ of the working folder", () => {
    expect(defaultCacheDir({})).toBe(path.resolve(".cache", "arsip"));
    expect(defaultCacheDir({ ARSIP_CACHE_DIR: " " })).toBe(path.resolve(".cache", "arsip"));
  });

  test("is where ARSIP_CACHE_DIR says, as the tests' builds do", () => {
    expect(defaultCacheDir({ ARSIP_CACHE_DIR: "tmp/cache" })).toBe(path.resolve("tmp/cache"));
    expect(process.env.ARSIP_CACHE_DIR).toBeTruthy();
    expect(path.dirname(cacheFileFor("articles", ".json"))).toBe(path.resolve(process.env.ARSIP_CACHE_DIR!));
  });
});

describe("cacheFileFor", () => {
  test("names the file after the folder and a hash of its path", () => {
    const file = cacheFileFor("/srv/arsip/_site", ".json", "/tmp/cache");
    expect(file).toMatch(/^\/tmp\/cache\/_site-[0-9a-f]{12}\.json$/);
    expect(cacheFileFor("/srv/arsip/_site/", ".json", "/tmp/cache")).toBe(file);
    expect(cacheFileFor("/srv/lain/_site", ".json", "/tmp/cache")).not.toBe(file);
    expect(cacheFileFor("/srv/arsip/_site", ".parsed.v8", "/tmp/cache")).toBe(file.replace(/\.json$/, ".parsed.v8"));
  });

  test("names a folder inside the project by its path relative to it, so a moved project finds its files", () => {
    const here = cacheFileFor("/srv/satu/articles", ".v8", "/tmp/cache", "/srv/satu");
    expect(cacheFileFor("/home/dua/articles", ".v8", "/tmp/cache", "/home/dua")).toBe(here);
    expect(cacheFileFor("/srv/satu/lain/articles", ".v8", "/tmp/cache", "/srv/satu")).not.toBe(here);
    // Outside the project, the absolute path tells folders apart.
    const outside = cacheFileFor("/data/articles", ".v8", "/tmp/cache", "/srv/satu");
    expect(outside).not.toBe(here);
    expect(cacheFileFor("/data/articles", ".v8", "/tmp/cache", "/srv/dua")).toBe(outside);
    expect(cacheFileFor("/data/lain/articles", ".v8", "/tmp/cache", "/srv/satu")).not.toBe(outside);
  });
});

describe("writeFileAtomically", () => {
  test("creates the folder, replaces the file and leaves no temporary file", async () => {
    const file = path.join(await tracked(makeTempDir()), "a", "b", "x.json");
    await writeFileAtomically(file, "satu");
    await Promise.all([writeFileAtomically(file, "dua"), writeFileAtomically(file, "dua")]);
    expect(await fs.readFile(file, "utf8")).toBe("dua");
    expect(await fs.readdir(path.dirname(file))).toEqual(["x.json"]);
  });
});

describe("readCacheFile", () => {
  test("returns what writeCacheFile wrote, keys whose value is undefined included", async () => {
    const file = path.join(await tracked(makeTempDir()), "sub", "x.v8");
    const value = new Map([["a.md", { title: "Judul", reporter: undefined }]]);
    await writeCacheFile(file, { meta: "alasan", value });
    expect(await readCacheFile(file)).toStrictEqual({ meta: "alasan", value });
  });

  test("returns nothing for a missing file, garbage, or a value of another shape", async () => {
    const dir = await tracked(makeTempDir());
    expect(await readCacheFile(path.join(dir, "tidak-ada"))).toBeUndefined();
    const cases: [string, Buffer][] = [
      ["sampah", Buffer.from([0xff, 0x0d, 0x22, 0x99])],
      ["kosong", Buffer.alloc(0)],
      ["null", v8.serialize(null)],
      ["tanpa-meta", v8.serialize({ value: 1 })],
    ];
    for (const [name, bytes] of cases) {
      await fs.writeFile(path.join(dir, name), bytes);
      expect(await readCacheFile(path.join(dir, name))).toBeUndefined();
    }
  });
});

describe("digestFile", () => {
  const stat: FileStat = { size: 5, mtimeMs: 1000, ctimeMs: 1000, ino: 7 };
  /** Reads `content`, counting the reads. */
  const reader = (content: string) => {
    const read = async () => {
      read.calls += 1;
      return Buffer.from(content);
    };
    read.calls = 0;
    return read;
  };

  test("trusts the remembered digest while the stat is unchanged, without reading", async () => {
    const first = await digestFile(undefined, stat, reader("satu\n"));
    const read = reader("lain\n");
    expect(await digestFile(first, { ...stat }, read)).toBe(first);
    expect(read.calls).toBe(0);
  });

  test("hashes the content when any part of the stat differs, and gives the same digest for the same bytes", async () => {
    const first = await digestFile(undefined, stat, reader("satu\n"));
    for (const moved of [{ mtimeMs: 2000 }, { ctimeMs: 2000 }, { ino: 8 }, { size: 6 }]) {
      const read = reader("satu\n");
      const again = await digestFile(first, { ...stat, ...moved }, read);
      expect(read.calls).toBe(1);
      expect(again.hash).toBe(first.hash);
      expect(again).toMatchObject(moved);
    }
    expect((await digestFile(first, { ...stat, mtimeMs: 2000 }, reader("dua\n"))).hash).not.toBe(first.hash);
  });
});

describe("renderKey", () => {
  test("is equal for a fresh checkout of the same files, with its cache or without", async () => {
    const project = await fixtureProject();
    const key = await renderKey(settings, project, await tracked(makeTempDir()));
    const clone = await freshCheckout(project);
    forgetProcessState();
    expect(await renderKey(settings, clone, await tracked(makeTempDir()))).toBe(key);
  });

  test.each([
    ["a module under src/", "src/content/dates.ts"],
    ["any other file under src/", "src/build/pipeline.ts"],
    [".eleventy.ts", ".eleventy.ts"],
    ["package-lock.json", "package-lock.json"],
  ])("changes when %s changes, in the next process: the running code is the code it loaded", async (_, file) => {
    const project = await fixtureProject();
    const cacheDir = await tracked(makeTempDir());
    const before = await renderKey(settings, project, cacheDir);
    await fs.appendFile(path.join(project, file), "// diubah\n");
    expect(await renderKey(settings, project, cacheDir)).toBe(before);
    forgetProcessState();
    expect(await renderKey(settings, project, cacheDir)).not.toBe(before);
  });

  test("changes when a file under src/ is added or removed", async () => {
    const project = await fixtureProject();
    const cacheDir = await tracked(makeTempDir());
    const before = await renderKey(settings, project, cacheDir);
    await fs.writeFile(path.join(project, "src", "baru.ts"), "");
    forgetProcessState();
    const added = await renderKey(settings, project, cacheDir);
    expect(added).not.toBe(before);
    await fs.rm(path.join(project, "src", "baru.ts"));
    forgetProcessState();
    expect(await renderKey(settings, project, cacheDir)).toBe(before);
  });

  test("changes at once when a template or data file changes, is added or is removed, but not for an asset", async () => {
    const project = await fixtureProject();
    const cacheDir = await tracked(makeTempDir());
    const before = await renderKey(settings, project, cacheDir);
    await fs.appendFile(path.join(project, "templates", "base.njk"), "<footer></footer>\n");
    const template = await renderKey(settings, project, cacheDir);
    expect(template).not.toBe(before);
    await fs.writeFile(path.join(project, "templates", "_data", "strings.json"), '{ "siteName": "Arsip Baru" }\n');
    const data = await renderKey(settings, project, cacheDir);
    expect(data).not.toBe(template);
    await fs.writeFile(path.join(project, "templates", "tentang.njk"), "Tentang\n");
    const added = await renderKey(settings, project, cacheDir);
    expect(added).not.toBe(data);
    await fs.rm(path.join(project, "templates", "tentang.njk"));
    expect(await renderKey(settings, project, cacheDir)).toBe(data);
    // Pages only link to assets: a changed asset is copied (assetDigests), no page rendered.
    await fs.appendFile(path.join(project, "templates", "assets", "style.css"), "p { margin: 0; }\n");
    expect(await renderKey(settings, project, cacheDir)).toBe(data);
  });

  test("changes with each setting pages show, and only those", async () => {
    const project = await fixtureProject();
    const cacheDir = await tracked(makeTempDir());
    const key = await renderKey(settings, project, cacheDir);
    for (const other of [{ siteUrl: "https://lain.example/" }, { pathPrefix: "/arsip/" }, { mode: "development" as const }]) {
      expect(await renderKey({ ...settings, ...other }, project, cacheDir)).not.toBe(key);
    }
    const full = { ...settings, articlesDir: "/a", outputDir: "/b" };
    expect(await renderKey(full, project, cacheDir)).toBe(key);
  });

  test("is the same whether the lockfile and .eleventy.ts are missing or not, as long as they stay so", async () => {
    const project = await fixtureProject();
    await Promise.all([".eleventy.ts", "package-lock.json"].map((file) => fs.rm(path.join(project, file))));
    const cacheDir = await tracked(makeTempDir());
    const key = await renderKey(settings, project, cacheDir);
    forgetProcessState();
    expect(await renderKey(settings, project, cacheDir)).toBe(key);
  });

  test("refuses a folder without src/, which could not tell one version of the code from another", async () => {
    const project = await fixture({ "templates/base.njk": "" });
    await expect(renderKey(settings, project, await tracked(makeTempDir()))).rejects.toThrow(/has no src\/ folder/);
  });

  test("covers this project's code, templates and lockfile", async () => {
    await expect(renderKey(settings)).resolves.toMatch(/^[\w-]{43}$/);
  });
});

describe("assetDigests", () => {
  test("gives each static asset's digest by output path; changes only the changed one's", async () => {
    const project = await fixtureProject();
    const cacheDir = await tracked(makeTempDir());
    const before = await assetDigests(project, cacheDir);
    expect([...before.keys()]).toEqual(["assets/img/logo.svg", "assets/style.css"]);
    await fs.appendFile(path.join(project, "templates", "assets", "style.css"), "p { margin: 0; }\n");
    const after = await assetDigests(project, cacheDir);
    expect(after.get("assets/style.css")).not.toBe(before.get("assets/style.css"));
    expect(after.get("assets/img/logo.svg")).toBe(before.get("assets/img/logo.svg"));
  });

  test("is the same for a fresh checkout, and empty without an assets folder", async () => {
    const project = await fixtureProject();
    const before = await assetDigests(project, await tracked(makeTempDir()));
    expect(await assetDigests(await freshCheckout(project), await tracked(makeTempDir()))).toEqual(before);
    expect(await assetDigests(await fixture({ "src/x.ts": "" }), await tracked(makeTempDir()))).toEqual(new Map());
  });
});

describe("parsedStore", () => {
  test("a cache restored onto a fresh checkout reuses every article and then finds them by stat", async () => {
    const project = await fixtureProject();
    const cold = await loadProject(project);
    expect(cold.files).toEqual({ parsed: 3, reused: 0 });
    expect(await loadProject(project)).toMatchObject({ files: { parsed: 0, reused: 3 } });

    const clone = await freshCheckout(project);
    forgetProcessState();
    const fresh = await loadProject(clone);
    expect(fresh.files).toEqual({ parsed: 0, reused: 3 });
    expect(fresh.articles).toStrictEqual(cold.articles);

    // Found by content, the articles were kept with their new stat: the next process reads none.
    forgetProcessState();
    const store = parsedStore(path.join(clone, "articles"), { root: clone, dir: path.join(clone, ".cache", "arsip") });
    const session = await store.open(JSON.stringify({ outlets: sourceKeys, folder: "articles" }));
    const file = path.join(clone, "articles", "2017", "a.md");
    const stats = await fs.stat(file);
    const unread = async (): Promise<Uint8Array> => {
      throw new Error("read although the stat is unchanged");
    };
    const found = await session.lookup(path.join("2017", "a.md"), { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino }, unread);
    expect(found?.article.title).toBe("Berita A");
  });

  test("a fresh checkout with an edited article parses that one only", async () => {
    const project = await fixtureProject();
    await loadProject(project);
    const clone = await freshCheckout(project);
    await fs.writeFile(path.join(clone, "articles", "2017", "a.md"), article({ title: '"Berita A diubah"' }));
    forgetProcessState();
    const fresh = await loadProject(clone);
    expect(fresh.files).toEqual({ parsed: 1, reused: 2 });
    expect([...fresh.parsedFiles]).toEqual([path.join("articles", "2017", "a.md")]);
  });

  test("editing any file under src/ makes the next process parse every article again", async () => {
    const project = await fixtureProject();
    await loadProject(project);
    await fs.appendFile(path.join(project, "src", "build", "pipeline.ts"), "// bukan kode parser\n");
    forgetProcessState();
    expect((await loadProject(project)).files).toEqual({ parsed: 3, reused: 0 });
  });

  test("without src/ to key it by, keeps nothing in the cache and loads all the same", async () => {
    const dir = await fixture({ "a.md": article() });
    const cacheDir = await tracked(makeTempDir());
    const store = parsedStore(dir, { root: await fixture(), dir: cacheDir });
    expect((await load(dir, cacheDir, { store })).files).toEqual({ parsed: 1, reused: 0 });
    expect(await fs.readdir(cacheDir)).toEqual([]);
  });

  test("gives each articles folder its own folder in the cache folder, named after it, with a file per top folder", () => {
    const a = parseCachePath("/srv/satu/articles", { dir: "/tmp/cache" });
    expect(a).toMatch(/^\/tmp\/cache\/articles-[0-9a-f]{12}\.parsed$/);
    expect(parseCachePath("/srv/satu/articles/", { dir: "/tmp/cache" })).toBe(a);
    expect(parseCachePath("/srv/dua/articles", { dir: "/tmp/cache" })).not.toBe(a);
    const year = parseCacheFile("/srv/satu/articles", path.join("2017", "08", "a.md"), { dir: "/tmp/cache" });
    expect(path.dirname(year)).toBe(a);
    expect(path.basename(year)).toMatch(/^2017-[0-9a-f]{12}\.v8$/);
    expect(parseCacheFile("/srv/satu/articles", path.join("2017", "b.md"), { dir: "/tmp/cache" })).toBe(year);
    expect(parseCacheFile("/srv/satu/articles", path.join("2016", "a.md"), { dir: "/tmp/cache" })).not.toBe(year);
    expect(path.basename(parseCacheFile("/srv/satu/articles", "a.md", { dir: "/tmp/cache" }))).toMatch(/^root-[0-9a-f]{12}\.v8$/);
    // Two folder names that read alike still get files of their own.
    expect(parseCacheFile("/srv/satu/articles", path.join("a b", "x.md"))).not.toBe(parseCacheFile("/srv/satu/articles", path.join("a_b", "x.md")));
  });
});

describe("loadArticles with a parsedStore", () => {
  test("a new process gets from the cache file exactly the articles that parsing gives", async () => {
    const dir = await richFixture();
    const cacheDir = await tracked(makeTempDir());
    const cold = await load(dir, cacheDir);
    expect(cold.files).toEqual({ parsed: cold.articles.length, reused: 0 });

    forgetProcessState();
    const warm = await load(dir, cacheDir);
    expect(warm.files).toEqual({ parsed: 0, reused: cold.articles.length });

    const uncached = await loadArticles(dir, { sourceKeys, cwd: dir });
    expect(uncached.files.reused).toBe(0);
    // Strict: same keys (also those whose value is undefined), same prototypes, same order.
    expect(warm.articles).toStrictEqual(uncached.articles);
    expect(warm.articles.map((item) => Object.keys(item))).toEqual(uncached.articles.map((item) => Object.keys(item)));
    expect(Object.keys(warm.articles.find((item) => item.file === "kosong.md")!)).toContain("reporter");
    expect(warm.articles.map((item) => item.file)).toContain(path.join("seed", "2017", "tempo-2017-08-04-bos-telegram-pavel-durov.md"));
    // Key terms too, for every article.
    expect(warm.articles.map((item) => warm.keyTerms.get(item))).toStrictEqual(uncached.articles.map((item) => uncached.keyTerms.get(item)));
    expect(warm.articles.map((item) => warm.keyTerms.get(item))).toStrictEqual(warm.articles.map((item) => keyTerms(item.title, item.body)));
    // Body templates too, with and without read-also titles (the seed articles have them).
    expect(warm.articles.map((item) => warm.bodies.get(item))).toStrictEqual(uncached.articles.map((item) => uncached.bodies.get(item)));
    expect(warm.articles.map((item) => warm.bodies.get(item))).toStrictEqual(warm.articles.map((item) => renderBodyTemplate(item.body)));
    expect(warm.articles.some((item) => warm.bodies.get(item)!.titles.length === 0)).toBe(true);
    expect(warm.articles.some((item) => warm.bodies.get(item)!.titles.length > 0)).toBe(true);
  });

  test("bodies come from the cache file as templates rendered when the file was parsed, and an edited file gets a new one", async () => {
    const dir = await fixture({
      "a.md": article({ title: '"Pelabuhan baru dibuka"' }, "Kapal kontainer bersandar.\n"),
      "b.md": article({ title: '"Harga cabai naik"' }, "Pedagang mengeluh.\n\nBaca: Pelabuhan baru dibuka\n"),
    });
    const cacheDir = await tracked(makeTempDir());
    const cold = await load(dir, cacheDir);
    const stored = await keptFiles(dir, cacheDir);
    expect(stored.get("a.md")!.body).toEqual({ html: "<p>Kapal kontainer bersandar.</p>\n", titles: [] });
    // A read-also body is kept with its title's link marked: which URL it gets depends on the archive.
    expect(stored.get("b.md")!.body.titles).toEqual(["Pelabuhan baru dibuka"]);
    expect(stored.get("b.md")!.body.html).not.toMatch(/href="\//);
    expect(cold.bodies.get(cold.articles[0]!)!.html).toBe("<p>Kapal kontainer bersandar.</p>\n");

    // A new process takes the HTML as the file holds it, and its pages show it: planted HTML
    // comes back, not a new rendering.
    await plant(dir, cacheDir, (files) => (files.get("a.md")!.body = { html: "<p>ditanam</p>\n", titles: [] }));
    forgetProcessState();
    const store = parsedStore(dir, { dir: cacheDir });
    const warm = await load(dir, cacheDir, { store });
    expect(warm.files).toEqual({ parsed: 0, reused: 2 });
    expect(warm.bodies.get(warm.articles[0]!)!.html).toBe("<p>ditanam</p>\n");
    expect(bodiesOf(warm).get("/2017/08/04/pelabuhan-baru-dibuka/")).toBe("<p>ditanam</p>\n");

    // An edited file is rendered again, in this process and in the next one; one that gains a
    // read-also line gains its title.
    await edit(path.join(dir, "a.md"), article({ title: '"Pelabuhan baru dibuka"' }, "Kapal *kontainer* bersandar.\n"));
    const same = await load(dir, cacheDir, { store });
    expect(same.files).toEqual({ parsed: 1, reused: 1 });
    expect(same.bodies.get(same.articles[0]!)!.html).toBe("<p>Kapal <em>kontainer</em> bersandar.</p>\n");
    forgetProcessState();
    await edit(path.join(dir, "a.md"), article({ title: '"Pelabuhan baru dibuka"' }, "Kapal bersandar.\n\nBaca juga: Harga cabai naik\n"));
    const next = await load(dir, cacheDir);
    expect(next.files).toEqual({ parsed: 1, reused: 1 });
    expect(next.bodies.get(next.articles[0]!)!.titles).toEqual(["Harga cabai naik"]);
    expect((await keptFiles(dir, cacheDir)).get("a.md")!.body.titles).toEqual(["Harga cabai naik"]);
  });

  test("a read-also body is linked against the archive of each build, not kept from an earlier one", async () => {
    const dir = await fixture({
      "a.md": article({ title: '"Pelabuhan baru dibuka"' }, "Kapal bersandar.\n\nBaca juga: Harga cabai naik\n"),
    });
    const cacheDir = await tracked(makeTempDir());
    const first = await load(dir, cacheDir);
    expect(bodiesOf(first).get("/2017/08/04/pelabuhan-baru-dibuka/")).toBe(renderBody("Kapal bersandar.\n\nBaca juga: Harga cabai naik\n"));

    // The article it names arrives; a new process reuses the first file from the cache yet links it.
    await fs.writeFile(path.join(dir, "b.md"), article({ title: '"Harga cabai naik"', date: '"2017-08-03T10:00:00+07:00"' }, "Pedagang mengeluh.\n"));
    forgetProcessState();
    const second = await load(dir, cacheDir);
    expect(second.files).toEqual({ parsed: 1, reused: 1 });
    // Which file that was: the dev server writes its page first.
    expect([...second.parsedFiles]).toEqual([second.articles.find((item) => item.title === "Harga cabai naik")!.file]);
    expect([...first.parsedFiles].sort()).toEqual(first.articles.map((item) => item.file).sort());
    expect(bodiesOf(second).get("/2017/08/04/pelabuhan-baru-dibuka/")).toContain(
      '<span class="baca-juga__label">Baca juga:</span> <a href="/arsip/2017/08/03/harga-cabai-naik/">Harga cabai naik</a>',
    );
  });

  test("key terms come from the cache file, computed when the file was parsed, and an edited file gets new ones", async () => {
    const dir = await fixture({
      "a.md": article({ title: '"Pelabuhan baru dibuka"' }, "Kapal kontainer bersandar. Kontainer menumpuk di dermaga.\n"),
      "b.md": article({ title: '"Harga cabai naik"' }, "Pedagang pasar mengeluh. Pasar sepi pembeli.\n"),
    });
    const cacheDir = await tracked(makeTempDir());
    const cold = await load(dir, cacheDir);
    const stored = await keptFiles(dir, cacheDir);
    expect(stored.get("a.md")!.keyTerms).toEqual(["pelabuhan", "dibuka", "kontainer"]);
    expect(stored.get("b.md")!.keyTerms).toEqual(["harga", "cabai", "pasar"]);
    for (const item of cold.articles) expect(cold.keyTerms.get(item)).toEqual(keyTerms(item.title, item.body));

    // A new process takes them as the file holds them: planted terms come back, not recomputed ones.
    await plant(dir, cacheDir, (files) => (files.get("b.md")!.keyTerms = ["ditanam"]));
    forgetProcessState();
    const store = parsedStore(dir, { dir: cacheDir });
    const warm = await load(dir, cacheDir, { store });
    expect(warm.files).toEqual({ parsed: 0, reused: 2 });
    expect(warm.articles.map((item) => warm.keyTerms.get(item))).toEqual([["pelabuhan", "dibuka", "kontainer"], ["ditanam"]]);

    // An edited file is parsed again with its terms, in this process and in the next one.
    await edit(path.join(dir, "a.md"), article({ title: '"Pelabuhan baru ditutup"' }, "Festival musik digelar. Musik terdengar.\n"));
    const same = await load(dir, cacheDir, { store });
    expect(same.files).toEqual({ parsed: 1, reused: 1 });
    expect(same.keyTerms.get(same.articles[0]!)).toEqual(["pelabuhan", "ditutup", "musik"]);
    forgetProcessState();
    await edit(path.join(dir, "a.md"), article({ title: '"Pelabuhan baru diresmikan"' }, "Festival musik digelar. Musik terdengar.\n"));
    const next = await load(dir, cacheDir);
    expect(next.files).toEqual({ parsed: 1, reused: 1 });
    expect(next.articles.map((item) => next.keyTerms.get(item))).toEqual([["pelabuhan", "diresmikan", "musik"], ["ditanam"]]);
  });

  test("an edited file is parsed again, also when its size is unchanged", async () => {
    const dir = await fixture({ "a.md": article({ title: '"Judul pertama AAAA"' }), "b.md": article({ title: '"Judul kedua"' }) });
    const cacheDir = await tracked(makeTempDir());
    const store = parsedStore(dir, { dir: cacheDir });
    await load(dir, cacheDir, { store });

    // Same process (the dev server): the edit is seen.
    await edit(path.join(dir, "a.md"), article({ title: '"Judul pertama BBBB"' }));
    const same = await load(dir, cacheDir, { store });
    expect(same.files).toEqual({ parsed: 1, reused: 1 });
    expect(same.articles.map((item) => item.title)).toEqual(["Judul pertama BBBB", "Judul kedua"]);

    // Next process: the cache file still holds the first title, and is not believed.
    forgetProcessState();
    await edit(path.join(dir, "a.md"), article({ title: '"Judul pertama CCCC"' }));
    const next = await load(dir, cacheDir);
    expect(next.files).toEqual({ parsed: 1, reused: 1 });
    expect(next.articles.map((item) => item.title)).toEqual(["Judul pertama CCCC", "Judul kedua"]);
  });

  test("a file written back with its old bytes is found by content, whatever its times say", async () => {
    const dir = await fixture({ "a.md": article({ title: '"Judul A"' }), "b.md": article({ title: '"Judul B"' }) });
    const cacheDir = await tracked(makeTempDir());
    await load(dir, cacheDir);
    const bytes = await fs.readFile(path.join(dir, "a.md"));
    await edit(path.join(dir, "a.md"), "sementara\n");
    await edit(path.join(dir, "a.md"), bytes.toString());
    forgetProcessState();
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 0, reused: 2 });
  });

  test("later loads in one process keep what they parse in memory and leave the cache file to the next process", async () => {
    const dir = await fixture({ "a.md": article({ title: '"Judul pertama AAAA"' }), "b.md": article({ title: '"Judul kedua"' }) });
    const cacheDir = await tracked(makeTempDir());
    const store = parsedStore(dir, { dir: cacheDir });
    await load(dir, cacheDir, { store });
    await edit(path.join(dir, "a.md"), article({ title: '"Judul pertama BBBB"' }));
    await load(dir, cacheDir, { store });
    expect([...(await keptFiles(dir, cacheDir)).values()].map((parsed) => parsed.article.title)).toEqual(["Judul pertama AAAA", "Judul kedua"]);

    forgetProcessState();
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 1, reused: 1 });
    expect([...(await keptFiles(dir, cacheDir)).values()].map((parsed) => parsed.article.title)).toEqual(["Judul pertama BBBB", "Judul kedua"]);
  });

  test("a deleted file leaves the cache file, and a new one enters it", async () => {
    const dir = await fixture({ "a.md": article({ title: '"Judul A"' }), "b.md": article({ title: '"Judul B"' }) });
    const cacheDir = await tracked(makeTempDir());
    await load(dir, cacheDir);
    forgetProcessState();
    await fs.rm(path.join(dir, "a.md"));
    await fs.writeFile(path.join(dir, "c.md"), article({ title: '"Judul C"' }));
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 1, reused: 1 });
    expect([...(await keptFiles(dir, cacheDir)).keys()]).toEqual(["b.md", "c.md"]);
  });

  test("a change rewrites the shard of its top folder only, and a folder left empty loses its file", async () => {
    const dir = await fixture({
      "2016/a.md": article({ title: '"Judul 2016"', date: '"2016-05-01T10:00:00+07:00"' }),
      "2017/b.md": article({ title: '"Judul 2017"' }),
      "2017/c.md": article({ title: '"Judul 2017 lagi"' }),
      "d.md": article({ title: '"Judul di akar"' }),
    });
    const cacheDir = await tracked(makeTempDir());
    await load(dir, cacheDir);
    const shard = (relative: string) => parseCacheFile(dir, relative, { dir: cacheDir });
    expect(await shardFilesOf(dir, cacheDir)).toEqual([shard("2016/a.md"), shard("2017/b.md"), shard("d.md")].sort());
    const bytes = async () => new Map(await Promise.all((await shardFilesOf(dir, cacheDir)).map(async (file) => [file, await fs.readFile(file)] as const)));
    const first = await bytes();

    // A back-filled article: its year's shard is written, no other.
    forgetProcessState();
    await fs.writeFile(path.join(dir, "2016", "e.md"), article({ title: '"Judul 2016 susulan"', date: '"2016-06-01T10:00:00+07:00"' }));
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 1, reused: 4 });
    const second = await bytes();
    expect(second.get(shard("2016/a.md"))).not.toEqual(first.get(shard("2016/a.md")));
    expect(second.get(shard("2017/b.md"))).toEqual(first.get(shard("2017/b.md")));
    expect(second.get(shard("d.md"))).toEqual(first.get(shard("d.md")));

    // An article moved to another folder: both shards are written, the article found again there by content.
    forgetProcessState();
    await fs.rename(path.join(dir, "2017", "c.md"), path.join(dir, "2016", "c.md"));
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 1, reused: 4 });
    expect([...(await keptFiles(dir, cacheDir)).keys()].sort()).toEqual(["2016/a.md", "2016/c.md", "2016/e.md", "2017/b.md", "d.md"].map(path.normalize).sort());

    // A folder with no article left: its shard file goes; one no longer read (the single file of
    // the layout before shards) too.
    forgetProcessState();
    await fs.rm(path.join(dir, "2017"), { recursive: true });
    const legacy = `${parseCachePath(dir, { dir: cacheDir })}.v8`;
    await fs.writeFile(legacy, "berkas lama");
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 0, reused: 4 });
    expect(await shardFilesOf(dir, cacheDir)).toEqual([shard("2016/a.md"), shard("d.md")].sort());
    await expect(fs.access(legacy)).rejects.toThrow();
    forgetProcessState();
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 0, reused: 4 });
  });

  test("articles kept for other outlet keys are not used, also by the same store", async () => {
    const dir = await fixture({ "a.md": article(), "b.md": article({ title: '"Judul B"' }) });
    const cacheDir = await tracked(makeTempDir());
    const store = parsedStore(dir, { dir: cacheDir });
    await load(dir, cacheDir, { store });
    expect((await load(dir, cacheDir, { store, keys: [...sourceKeys, "antara"] })).files).toEqual({ parsed: 2, reused: 0 });
    forgetProcessState();
    expect((await load(dir, cacheDir, { keys: ["tempo"] })).files).toEqual({ parsed: 2, reused: 0 });
  });

  test("articles kept from another working folder are not used, so paths in articles stay right", async () => {
    const dir = await fixture({ "2017/a.md": article() });
    const cacheDir = await tracked(makeTempDir());
    await load(dir, cacheDir);
    forgetProcessState();
    const other = await load(dir, cacheDir, { cwd: path.dirname(dir) });
    expect(other.files).toEqual({ parsed: 1, reused: 0 });
    expect(other.articles[0]!.file).toBe(path.join(path.basename(dir), "2017", "a.md"));
  });

  test("a damaged cache file is ignored and replaced", async () => {
    const dir = await fixture({ "a.md": article(), "b.md": article({ title: '"Judul B"' }) });
    const cacheDir = await tracked(makeTempDir());
    const cacheFile = parseCacheFile(dir, "a.md", { dir: cacheDir });
    await load(dir, cacheDir);
    const whole = await fs.readFile(cacheFile);
    for (const damaged of [whole.subarray(0, whole.length >> 1), Buffer.from("bukan cache"), Buffer.alloc(0)]) {
      forgetProcessState();
      await fs.writeFile(cacheFile, damaged);
      expect((await load(dir, cacheDir)).files).toEqual({ parsed: 2, reused: 0 });
    }
    forgetProcessState();
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 0, reused: 2 });
  });

  test("a cache that cannot be written is a notice, and the load succeeds", async () => {
    const dir = await fixture({ "a.md": article() });
    const root = await fixture({ "cache-is-a-file": "" });
    const loaded = await load(dir, path.join(root, "cache-is-a-file"));
    expect(loaded.files).toEqual({ parsed: 1, reused: 0 });
    expect(loaded.notices).toEqual([`${parseCachePath(dir, { dir: path.join(root, "cache-is-a-file") })}: parse cache not written (ENOTDIR); builds work without it, only slower (check the folder's permissions)`]);
  });

  test("an invalid file is reported by every build with the same message, and never enters the cache file", async () => {
    const dir = await fixture({
      "baik.md": article(),
      "rusak.md": article({ date: '"4 Agustus 2017"' }),
    });
    const cacheDir = await tracked(makeTempDir());
    const first = await failureMessage(load(dir, cacheDir));
    expect(first).toContain('rusak.md:3: field "date"');

    forgetProcessState();
    expect(await failureMessage(load(dir, cacheDir))).toBe(first);
    expect([...(await keptFiles(dir, cacheDir)).keys()]).toEqual(["baik.md"]);

    // Fixed, it is the only file parsed.
    forgetProcessState();
    await fs.writeFile(path.join(dir, "rusak.md"), article({ title: '"Sudah diperbaiki"' }));
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 1, reused: 1 });
  });

  test("URL collisions between articles from the cache file are still reported", async () => {
    const dir = await fixture({ "a.md": article(), "b.md": article() });
    const cacheDir = await tracked(makeTempDir());
    const first = await failureMessage(load(dir, cacheDir));
    expect(first).toContain("is also used by");
    forgetProcessState();
    expect(await failureMessage(load(dir, cacheDir))).toBe(first);
  });

  test("a cached file replaced by a link out of the folder is refused", async () => {
    const dir = await fixture({ "a.md": article(), "b.md": article({ title: '"Judul B"' }) });
    const outside = await fixture({ "a.md": article() });
    const cacheDir = await tracked(makeTempDir());
    await load(dir, cacheDir);
    forgetProcessState();
    await fs.rm(path.join(dir, "a.md"));
    await fs.symlink(path.join(outside, "a.md"), path.join(dir, "a.md"));
    expect(await failureMessage(load(dir, cacheDir))).toContain("a.md: symbolic link to a place outside the articles folder");
  });
});

/** A bundle as Pagefind writes one: files at the top and in folders. */
const bundle = {
  "pagefind-entry.json": '{"languages":{"id":{"page_count":2}}}',
  "pagefind-ui.js": "ui",
  "fragment/id_group_1.pf_fragment": Buffer.from([0x1f, 0x8b, 0, 1, 2]),
  "index/id_1.pf_index": Buffer.from([0x1f, 0x8b, 3]),
  "filter/id_topik.pf_filter": Buffer.from([0x1f, 0x8b, 4]),
};

async function contents(dir: string): Promise<[string, string][]> {
  return Promise.all((await filesIn(dir)).map(async (file) => [file, (await fs.readFile(path.join(dir, file))).toString("base64")] as [string, string]));
}

/** The kept bundles of a site with shards 2017 and 2016, in a new cache folder. */
async function bundles(prints: [string, string][] = [["2017", "a"], ["2016", "b"]]): Promise<SearchBundles> {
  const project = await fixture({ "src/search/search-index.ts": "export {};\n", pagefind: "binary" });
  const cache = await searchCache("/srv/_site", prints, { root: project, dir: path.join(await fixture(), "cache"), binary: path.join(project, "pagefind") });
  return cache!;
}

describe("searchCacheDir", () => {
  test("is one folder per output folder inside the cache folder", () => {
    const dir = searchCacheDir("/srv/arsip/_site", { dir: "/tmp/cache" });
    expect(dir).toMatch(/^\/tmp\/cache\/_site-[0-9a-f]{12}\.search$/);
    expect(searchCacheDir("/srv/lain/_site", { dir: "/tmp/cache" })).not.toBe(dir);
  });
});

describe("indexerKey", () => {
  test("changes with the code (in the next process) and with the binary, and is undefined when either is missing", async () => {
    const project = await fixture({ "src/search/search-index.ts": "export const x = 1;\n", pagefind: "binary 1" });
    const cacheDir = await tracked(makeTempDir());
    const options = { root: project, dir: cacheDir };
    const binary = path.join(project, "pagefind");
    const key = await indexerKey(binary, options);
    expect(key).toBeDefined();
    expect(await indexerKey(binary, options)).toBe(key);
    await fs.writeFile(path.join(project, "src", "search", "search-index.ts"), "export const x = 2;\n");
    forgetProcessState();
    const changedCode = await indexerKey(binary, options);
    expect(changedCode).not.toBe(key);
    await fs.writeFile(binary, "binary 2, longer");
    expect(await indexerKey(binary, options)).not.toBe(changedCode);
    expect(await indexerKey(path.join(project, "tidak-ada"), options)).toBeUndefined();
    expect(await indexerKey(binary, { root: await fixture(), dir: cacheDir })).toBeUndefined();
  });
});

describe("bundleName", () => {
  test("starts with the shard and differs with the fingerprint and the indexer key", () => {
    const name = bundleName("2017", "print-a", "key-a");
    expect(name).toMatch(/^2017-[\w-]{22}$/);
    expect(bundleName("2017", "print-a", "key-a")).toBe(name);
    expect(bundleName("2017", "print-b", "key-a")).not.toBe(name);
    expect(bundleName("2017", "print-a", "key-b")).not.toBe(name);
    expect(bundleName("2017-08", "print-a", "key-a")).toMatch(/^2017-08-/);
  });
});

describe("searchCache", () => {
  test("names every shard's bundle in the output's cache folder; none without a binary", async () => {
    const project = await fixture({ "src/x.ts": "", pagefind: "binary" });
    const options = { root: project, dir: "/tmp/cache" };
    const cache = await searchCache("/srv/_site", [["2017", "a"], ["2016", "b"]], { ...options, binary: path.join(project, "pagefind") });
    expect(cache?.dir).toBe(searchCacheDir("/srv/_site", options));
    expect([...cache!.names.keys()]).toEqual(["2017", "2016"]);
    expect(cache!.names.get("2017")).toMatch(/^2017-/);
    expect(await searchCache("/srv/_site", [["2017", "a"]], { ...options, binary: path.join(project, "tidak-ada") })).toBeUndefined();
  });

  test("keeps a bundle and copies it back byte for byte, folders included", async () => {
    const from = await fixture(bundle);
    const cache = await bundles();
    await cache.store("2016", from);
    expect(await fs.readdir(cache.dir)).toEqual([cache.names.get("2016")]);
    const dest = path.join(await fixture(), "pagefind", "2016");
    expect(await cache.restore("2016", dest)).toBe(true);
    expect(await contents(dest)).toEqual(await contents(from));
  });

  test("restoring a bundle that is not kept, or of a shard it has no name for, gives false and writes nothing", async () => {
    const cache = await bundles();
    await cache.store("2016", await fixture(bundle));
    const dest = path.join(await fixture(), "2017");
    expect(await cache.restore("2017", dest)).toBe(false);
    expect(await cache.restore("2015", dest)).toBe(false);
    await expect(fs.stat(dest)).rejects.toThrow(/ENOENT/);
  });

  test("storing replaces a bundle kept before (one that failed its check after a restore)", async () => {
    const cache = await bundles();
    await cache.store("2016", await fixture({ "pagefind-entry.json": "rusak" }));
    const good = await fixture(bundle);
    await cache.store("2016", good);
    const dest = path.join(await fixture(), "2016");
    expect(await cache.restore("2016", dest)).toBe(true);
    expect(await contents(dest)).toEqual(await contents(good));
    expect(await fs.readdir(cache.dir)).toEqual([cache.names.get("2016")]);
  });

  test("storing where the cache cannot be written does not fail and leaves no temporary folder", async () => {
    const root = await fixture({ "cache-is-a-file": "" });
    const project = await fixture({ "src/x.ts": "", pagefind: "binary" });
    const cache = (await searchCache(path.join(root, "_site"), [["2016", "a"]], { root: project, dir: path.join(root, "cache-is-a-file"), binary: path.join(project, "pagefind") }))!;
    await expect(cache.store("2016", await fixture(bundle))).resolves.toBeUndefined();
    expect(await fs.readdir(root)).toEqual(["cache-is-a-file"]);
  });

  test("prune keeps only the current shards' bundles, leftovers included; a missing folder is no error", async () => {
    const cache = await bundles();
    await expect(cache.prune()).resolves.toBeUndefined();
    await cache.store("2017", await fixture(bundle));
    await cache.store("2016", await fixture(bundle));
    await fs.mkdir(path.join(cache.dir, "2015-lama"));
    await fs.mkdir(path.join(cache.dir, `${cache.names.get("2016")}.123-1.tmp`));
    await cache.prune();
    expect((await fs.readdir(cache.dir)).sort()).toEqual([cache.names.get("2016"), cache.names.get("2017")].sort());
  });
});
