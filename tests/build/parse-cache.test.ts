import fs from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { ArchiveError } from "../../src/errors.ts";
import { buildArchive } from "../../src/archive/archive.ts";
import { forgetParsedArticles, loadArticles, type LoadResult } from "../../src/content/load.ts";
import { renderBody, renderStandaloneBody } from "../../src/content/markdown/index.ts";
import { moduleClosure } from "../../src/build/cache-files.ts";
import { parseCachePath, parserInputs, parserKey, readParseCache, writeParseCache, type ParsedFiles } from "../../src/build/parse-cache.ts";
import { keyTerms } from "../../src/content/terms.ts";
import { article, unusualCases } from "../fixtures/hostile/cases.ts";
import { testOutlets, testNow } from "../helpers/articles.ts";
import { makeTempDir, projectRoot, writeFixture } from "../helpers/build.ts";

const sourceKeys = ["tempo", "merdeka"];
const made: string[] = [];

async function tracked(dir: Promise<string>): Promise<string> {
  made.push(await dir);
  return made[made.length - 1]!;
}

const fixture = (files: Record<string, string | Buffer>) => tracked(writeFixture(files));

afterEach(() => {
  // Every test starts as a new process would: nothing parsed in memory.
  forgetParsedArticles();
});

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** Loads `dir` with its cache file in `cacheDir`, paths shown relative to `dir`. */
function load(dir: string, cacheDir: string, keys: readonly string[] = sourceKeys, cwd: string = dir) {
  return loadArticles(dir, { sourceKeys: keys, cwd, parseCache: { dir: cacheDir } });
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
    bodyHtml: (item) => loaded.bodyHtml.get(item),
  });
  return new Map(archive.articles.map((view) => [view.url, view.bodyHtml]));
}

describe("loadArticles", () => {
  test("a new process gets from the cache file exactly the articles that parsing gives", async () => {
    const dir = await richFixture();
    const cacheDir = await tracked(makeTempDir());
    const cold = await load(dir, cacheDir);
    expect(cold.files).toEqual({ parsed: cold.articles.length, reused: 0 });

    forgetParsedArticles();
    const warm = await load(dir, cacheDir);
    expect(warm.files).toEqual({ parsed: 0, reused: cold.articles.length });

    forgetParsedArticles();
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
    // Bodies as HTML too, for the bodies without read-also lines (the seed articles have them).
    expect(warm.articles.map((item) => warm.bodyHtml.get(item))).toStrictEqual(uncached.articles.map((item) => uncached.bodyHtml.get(item)));
    expect(warm.articles.map((item) => warm.bodyHtml.get(item))).toStrictEqual(warm.articles.map((item) => renderStandaloneBody(item.body)));
    expect(warm.bodyHtml.size).toBeGreaterThan(0);
    expect(warm.bodyHtml.size).toBeLessThan(warm.articles.length);
  });

  test("bodies come from the cache file as HTML rendered when the file was parsed, and an edited file gets new HTML", async () => {
    const dir = await fixture({
      "a.md": article({ title: '"Pelabuhan baru dibuka"' }, "Kapal kontainer bersandar.\n"),
      "b.md": article({ title: '"Harga cabai naik"' }, "Pedagang mengeluh.\n\nBaca: Pelabuhan baru dibuka\n"),
    });
    const cacheDir = await tracked(makeTempDir());
    const cacheFile = parseCachePath(dir, cacheDir);
    const key = (await parserKey(sourceKeys))!;
    const cold = await load(dir, cacheDir);
    const stored = await readParseCache(cacheFile, key);
    expect(stored.get("a.md")!.bodyHtml).toBe("<p>Kapal kontainer bersandar.</p>\n");
    // A read-also body is not kept: its HTML depends on the archive.
    expect(Object.keys(stored.get("b.md")!)).toContain("bodyHtml");
    expect(stored.get("b.md")!.bodyHtml).toBeUndefined();
    expect(cold.bodyHtml.get(cold.articles[0]!)).toBe("<p>Kapal kontainer bersandar.</p>\n");

    // A new process takes the HTML as the file holds it, and its pages show it: planted HTML
    // comes back, not a new rendering.
    stored.get("a.md")!.bodyHtml = "<p>ditanam</p>\n";
    await writeParseCache(cacheFile, key, stored);
    forgetParsedArticles();
    const warm = await load(dir, cacheDir);
    expect(warm.files).toEqual({ parsed: 0, reused: 2 });
    expect(warm.bodyHtml.get(warm.articles[0]!)).toBe("<p>ditanam</p>\n");
    expect(bodiesOf(warm).get("/2017/08/04/pelabuhan-baru-dibuka/")).toBe("<p>ditanam</p>\n");

    // An edited file is rendered again, in this process and in the next one; one that gains a
    // read-also line loses its HTML.
    await edit(path.join(dir, "a.md"), article({ title: '"Pelabuhan baru dibuka"' }, "Kapal *kontainer* bersandar.\n"));
    const same = await load(dir, cacheDir);
    expect(same.files).toEqual({ parsed: 1, reused: 1 });
    expect(same.bodyHtml.get(same.articles[0]!)).toBe("<p>Kapal <em>kontainer</em> bersandar.</p>\n");
    forgetParsedArticles();
    await edit(path.join(dir, "a.md"), article({ title: '"Pelabuhan baru dibuka"' }, "Kapal bersandar.\n\nBaca juga: Harga cabai naik\n"));
    const next = await load(dir, cacheDir);
    expect(next.files).toEqual({ parsed: 1, reused: 1 });
    expect(next.bodyHtml.size).toBe(0);
    expect((await readParseCache(cacheFile, key)).get("a.md")!.bodyHtml).toBeUndefined();
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
    forgetParsedArticles();
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
    const cacheFile = parseCachePath(dir, cacheDir);
    const key = (await parserKey(sourceKeys))!;
    const cold = await load(dir, cacheDir);
    const stored = await readParseCache(cacheFile, key);
    expect(stored.get("a.md")!.keyTerms).toEqual(["pelabuhan", "dibuka", "kontainer"]);
    expect(stored.get("b.md")!.keyTerms).toEqual(["harga", "cabai", "pasar"]);
    for (const item of cold.articles) expect(cold.keyTerms.get(item)).toEqual(keyTerms(item.title, item.body));

    // A new process takes them as the file holds them: planted terms come back, not recomputed ones.
    stored.get("b.md")!.keyTerms = ["ditanam"];
    await writeParseCache(cacheFile, key, stored);
    forgetParsedArticles();
    const warm = await load(dir, cacheDir);
    expect(warm.files).toEqual({ parsed: 0, reused: 2 });
    expect(warm.articles.map((item) => warm.keyTerms.get(item))).toEqual([["pelabuhan", "dibuka", "kontainer"], ["ditanam"]]);

    // An edited file is parsed again with its terms, in this process and in the next one.
    await edit(path.join(dir, "a.md"), article({ title: '"Pelabuhan baru ditutup"' }, "Festival musik digelar. Musik terdengar.\n"));
    const same = await load(dir, cacheDir);
    expect(same.files).toEqual({ parsed: 1, reused: 1 });
    expect(same.keyTerms.get(same.articles[0]!)).toEqual(["pelabuhan", "ditutup", "musik"]);
    forgetParsedArticles();
    await edit(path.join(dir, "a.md"), article({ title: '"Pelabuhan baru diresmikan"' }, "Festival musik digelar. Musik terdengar.\n"));
    const next = await load(dir, cacheDir);
    expect(next.files).toEqual({ parsed: 1, reused: 1 });
    expect(next.articles.map((item) => next.keyTerms.get(item))).toEqual([["pelabuhan", "diresmikan", "musik"], ["ditanam"]]);
  });

  test("an edited file is parsed again, also when its size is unchanged", async () => {
    const dir = await fixture({ "a.md": article({ title: '"Judul pertama AAAA"' }), "b.md": article({ title: '"Judul kedua"' }) });
    const cacheDir = await tracked(makeTempDir());
    await load(dir, cacheDir);

    // Same process (the dev server): the edit is seen.
    await edit(path.join(dir, "a.md"), article({ title: '"Judul pertama BBBB"' }));
    const same = await load(dir, cacheDir);
    expect(same.files).toEqual({ parsed: 1, reused: 1 });
    expect(same.articles.map((item) => item.title)).toEqual(["Judul pertama BBBB", "Judul kedua"]);

    // Next process: the cache file still holds the first title, and is not believed.
    forgetParsedArticles();
    await edit(path.join(dir, "a.md"), article({ title: '"Judul pertama CCCC"' }));
    const next = await load(dir, cacheDir);
    expect(next.files).toEqual({ parsed: 1, reused: 1 });
    expect(next.articles.map((item) => item.title)).toEqual(["Judul pertama CCCC", "Judul kedua"]);
  });

  test("later loads in one process keep what they parse in memory and leave the cache file to the next process", async () => {
    const dir = await fixture({ "a.md": article({ title: '"Judul pertama AAAA"' }), "b.md": article({ title: '"Judul kedua"' }) });
    const cacheDir = await tracked(makeTempDir());
    const cacheFile = parseCachePath(dir, cacheDir);
    const key = (await parserKey(sourceKeys))!;
    await load(dir, cacheDir);
    await edit(path.join(dir, "a.md"), article({ title: '"Judul pertama BBBB"' }));
    await load(dir, cacheDir);
    expect([...(await readParseCache(cacheFile, key)).values()].map((parsed) => parsed.article.title)).toEqual(["Judul pertama AAAA", "Judul kedua"]);

    forgetParsedArticles();
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 1, reused: 1 });
    expect([...(await readParseCache(cacheFile, key)).values()].map((parsed) => parsed.article.title)).toEqual(["Judul pertama BBBB", "Judul kedua"]);
  });

  test("a deleted file leaves the cache file, and a new one enters it", async () => {
    const dir = await fixture({ "a.md": article({ title: '"Judul A"' }), "b.md": article({ title: '"Judul B"' }) });
    const cacheDir = await tracked(makeTempDir());
    await load(dir, cacheDir);
    forgetParsedArticles();
    await fs.rm(path.join(dir, "a.md"));
    await fs.writeFile(path.join(dir, "c.md"), article({ title: '"Judul C"' }));
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 1, reused: 1 });
    const cached = await readParseCache(parseCachePath(dir, cacheDir), (await parserKey(sourceKeys))!);
    expect([...cached.keys()]).toEqual(["b.md", "c.md"]);
  });

  test("a cache file written for other outlet keys is not used", async () => {
    const dir = await fixture({ "a.md": article(), "b.md": article({ title: '"Judul B"' }) });
    const cacheDir = await tracked(makeTempDir());
    await load(dir, cacheDir);
    forgetParsedArticles();
    expect((await load(dir, cacheDir, [...sourceKeys, "antara"])).files).toEqual({ parsed: 2, reused: 0 });
  });

  test("a cache file made from another working folder is not used, so paths in articles stay right", async () => {
    const dir = await fixture({ "2017/a.md": article() });
    const cacheDir = await tracked(makeTempDir());
    await load(dir, cacheDir);
    forgetParsedArticles();
    const other = await load(dir, cacheDir, sourceKeys, path.dirname(dir));
    expect(other.files).toEqual({ parsed: 1, reused: 0 });
    expect(other.articles[0]!.file).toBe(path.join(path.basename(dir), "2017", "a.md"));
  });

  test("a damaged cache file is ignored and replaced", async () => {
    const dir = await fixture({ "a.md": article(), "b.md": article({ title: '"Judul B"' }) });
    const cacheDir = await tracked(makeTempDir());
    const cacheFile = parseCachePath(dir, cacheDir);
    await load(dir, cacheDir);
    const whole = await fs.readFile(cacheFile);
    for (const damaged of [whole.subarray(0, whole.length >> 1), Buffer.from("bukan cache"), Buffer.alloc(0)]) {
      forgetParsedArticles();
      await fs.writeFile(cacheFile, damaged);
      expect((await load(dir, cacheDir)).files).toEqual({ parsed: 2, reused: 0 });
    }
    forgetParsedArticles();
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 0, reused: 2 });
  });

  test("an invalid file is reported by every build with the same message, and never enters the cache file", async () => {
    const dir = await fixture({
      "baik.md": article(),
      "rusak.md": article({ date: '"4 Agustus 2017"' }),
    });
    const cacheDir = await tracked(makeTempDir());
    const first = await failureMessage(load(dir, cacheDir));
    expect(first).toContain('rusak.md:3: field "date"');

    forgetParsedArticles();
    expect(await failureMessage(load(dir, cacheDir))).toBe(first);
    const cached = await readParseCache(parseCachePath(dir, cacheDir), (await parserKey(sourceKeys))!);
    expect([...cached.keys()]).toEqual(["baik.md"]);

    // Fixed, it is the only file parsed.
    forgetParsedArticles();
    await fs.writeFile(path.join(dir, "rusak.md"), article({ title: '"Sudah diperbaiki"' }));
    expect((await load(dir, cacheDir)).files).toEqual({ parsed: 1, reused: 1 });
  });

  test("URL collisions between articles from the cache file are still reported", async () => {
    const dir = await fixture({ "a.md": article(), "b.md": article() });
    const cacheDir = await tracked(makeTempDir());
    const first = await failureMessage(load(dir, cacheDir));
    expect(first).toContain("is also used by");
    forgetParsedArticles();
    expect(await failureMessage(load(dir, cacheDir))).toBe(first);
  });

  test("a cached file replaced by a link out of the folder is refused", async () => {
    const dir = await fixture({ "a.md": article(), "b.md": article({ title: '"Judul B"' }) });
    const outside = await fixture({ "a.md": article() });
    const cacheDir = await tracked(makeTempDir());
    await load(dir, cacheDir);
    forgetParsedArticles();
    await fs.rm(path.join(dir, "a.md"));
    await fs.symlink(path.join(outside, "a.md"), path.join(dir, "a.md"));
    expect(await failureMessage(load(dir, cacheDir))).toContain("a.md: symbolic link to a place outside the articles folder");
  });
});

describe("readParseCache", () => {
  const entries: ParsedFiles = new Map([["a.md", { size: 1, mtimeMs: 2, ctimeMs: 3, ino: 4, article: { title: "Judul" } as never, keyTerms: ["judul"], bodyHtml: "<p>Isi</p>\n" }]]);

  test("returns what writeParseCache wrote with the same key", async () => {
    const file = path.join(await tracked(makeTempDir()), "sub", "x.parsed.v8");
    await writeParseCache(file, "kunci", entries);
    expect(await readParseCache(file, "kunci")).toStrictEqual(entries);
    expect(await fs.readdir(path.dirname(file))).toEqual(["x.parsed.v8"]);
  });

  test("returns nothing for a file written with another key (other parsing code or outlets)", async () => {
    const file = path.join(await tracked(makeTempDir()), "x.parsed.v8");
    await writeParseCache(file, "kunci-lama", entries);
    expect((await readParseCache(file, "kunci-baru")).size).toBe(0);
  });

  test("returns nothing for a missing file, garbage, or a value of another shape", async () => {
    const dir = await tracked(makeTempDir());
    expect((await readParseCache(path.join(dir, "tidak-ada"), "kunci")).size).toBe(0);
    const cases: [string, Buffer][] = [
      ["sampah", Buffer.from([0xff, 0x0d, 0x22, 0x99])],
      ["null", v8.serialize(null)],
      ["array", v8.serialize({ key: "kunci", files: [["a.md", {}]] })],
    ];
    for (const [name, bytes] of cases) {
      await fs.writeFile(path.join(dir, name), bytes);
      expect((await readParseCache(path.join(dir, name), "kunci")).size).toBe(0);
    }
  });
});

describe("parseCachePath", () => {
  test("gives each articles folder its own file in the cache folder, named after it", async () => {
    const a = parseCachePath("/srv/satu/articles", "/tmp/cache");
    expect(a).toMatch(/^\/tmp\/cache\/articles-[0-9a-f]{12}\.parsed\.v8$/);
    expect(parseCachePath("/srv/satu/articles/", "/tmp/cache")).toBe(a);
    expect(parseCachePath("/srv/dua/articles", "/tmp/cache")).not.toBe(a);
  });
});

describe("parserInputs", () => {
  test("covers every module that shapes an Article, its key terms or its body's HTML", async () => {
    const modules = (await moduleClosure(parserInputs.modules)).map((file) => path.relative(projectRoot, file));
    expect(modules).toEqual(
      expect.arrayContaining(["src/content/load.ts", "src/content/schema.ts", "src/content/dates.ts", "src/content/slug.ts", "src/content/summary.ts", "src/errors.ts", "src/build/parse-cache.ts", "src/content/terms.ts", "src/content/markdown/index.ts", "src/content/markdown/read-also.ts"]),
    );
  });
});

describe("parserKey", () => {
  test("differs between lists of outlet keys", async () => {
    expect(await parserKey(["tempo"])).toBe(await parserKey(["tempo"]));
    expect(await parserKey(["tempo"])).not.toBe(await parserKey(["tempo", "antara"]));
  });

  test("is undefined when the parsing code cannot be read, so no cache file is used", async () => {
    expect(await parserKey(["tempo"], { modules: ["/tidak/ada/load.ts"], files: [] })).toBeUndefined();
  });
});
