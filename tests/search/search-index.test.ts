import fs from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { buildSearchIndex, buildSearchShard, fragmentFilesFor, mayStartShard, monthsOf, pagefindBinary, SearchIndexError, searchPagesAtOnce, searchShards, shardGlob, shardLayout, ShardQueue, shardOf, type BundleCache } from "../../src/search/search-index.ts";
import { writeFixture } from "../helpers/build.ts";

function page(title: string, body: string, topics: string[] = []): string {
  const filters = topics.map((topic) => `<a href="/topik/" data-pagefind-filter="topik">${topic}</a>`).join(" ");
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${title}</title></head><body>` +
    `<nav>Beranda</nav><article data-pagefind-body><h1>${title}</h1><p>${body}</p><p data-pagefind-ignore>${filters}</p></article></body></html>`;
}

const site = {
  "index.html": `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Beranda</title></head><body><p>Daftar berita</p></body></html>`,
  "2016/01/01/satu/index.html": page("Contoh satu", "Teks sintetis pertama tentang perpustakaan.", ["Uji A"]),
  "2016/01/02/dua/index.html": page("Contoh dua", "Teks sintetis kedua tentang jembatan.", ["Uji A", "Uji B"]),
};

/** URLs of the pages in a shard's fragment files (gzip, "pagefind_dcd" then JSON, one or a group per file). */
async function indexedUrls(dir: string, shard: string): Promise<string[]> {
  const folder = path.join(dir, "pagefind", shard, "fragment");
  const urls: string[] = [];
  for (const file of await fs.readdir(folder)) {
    const text = gunzipSync(await fs.readFile(path.join(folder, file))).toString("utf8");
    urls.push(...[...text.matchAll(/"url":"([^"]+)"/g)].map((match) => match[1]!));
  }
  return urls.sort();
}

const dirs: string[] = [];

/**
 * Bundles kept in `dir`, one folder per shard: the interface as the build's cache implements it
 * (src/build/cache.ts), without its keys. `stored` lists the shards stored, in order.
 */
function folderCache(dir: string): BundleCache & { stored: string[] } {
  const stored: string[] = [];
  return {
    stored,
    async restore(shard, dest) {
      try {
        await fs.cp(path.join(dir, shard), dest, { recursive: true });
        return true;
      } catch {
        await fs.rm(dest, { recursive: true, force: true });
        return false;
      }
    },
    async store(shard, from) {
      stored.push(shard);
      await fs.rm(path.join(dir, shard), { recursive: true, force: true });
      await fs.cp(from, path.join(dir, shard), { recursive: true });
    },
  };
}

async function fixtureSite(files: Record<string, string> = site): Promise<string> {
  const dir = await writeFixture(files);
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe("shardOf", () => {
  test("gives the year of an article page and nothing for other pages", () => {
    expect(shardOf("2017/08/04/durov/index.html")).toBe("2017");
    expect(shardOf("topik/telegram/index.html")).toBeUndefined();
    expect(shardOf("2017/08/04/index.html")).toBeUndefined();
    expect(shardOf("indeks/2017/08/index.html")).toBeUndefined();
  });

  test("gives the newest month's pages their month", () => {
    const layout = shardLayout(["2017-08", "2017", "2016"]);
    expect(shardOf("2017/08/04/durov/index.html", layout)).toBe("2017-08");
    expect(shardOf("2017/07/31/lain/index.html", layout)).toBe("2017");
    expect(shardOf("2016/08/04/lain/index.html", layout)).toBe("2016");
  });

  test("gives a page the finest shard that covers its month", () => {
    const layout = shardLayout(["2018-02", "2018-h1", "2017-h2", "2017-q1", "2017-q2", "2016"]);
    expect(shardOf("2018/02/01/a/index.html", layout)).toBe("2018-02");
    expect(shardOf("2018/01/31/a/index.html", layout)).toBe("2018-h1");
    expect(shardOf("2017/12/31/a/index.html", layout)).toBe("2017-h2");
    expect(shardOf("2017/06/30/a/index.html", layout)).toBe("2017-q2");
    expect(shardOf("2017/03/01/a/index.html", layout)).toBe("2017-q1");
    expect(shardOf("2016/05/01/a/index.html", layout)).toBe("2016");
  });
});

describe("monthsOf", () => {
  test("gives the months of a year, a half, a quarter and a month, and none for another name", () => {
    expect(monthsOf("2017")).toHaveLength(12);
    expect(monthsOf("2017-h2")).toEqual(["2017-07", "2017-08", "2017-09", "2017-10", "2017-11", "2017-12"]);
    expect(monthsOf("2017-q2")).toEqual(["2017-04", "2017-05", "2017-06"]);
    expect(monthsOf("2017-08")).toEqual(["2017-08"]);
    expect(monthsOf("2017-h3")).toEqual([]);
    expect(monthsOf("semua")).toEqual([]);
  });
});

describe("searchShards", () => {
  test("counts article pages per shard: the newest month, then years, newest first", () => {
    const shards = searchShards(["2016/01/01/a/index.html", "2018/02/02/b/index.html", "index.html", "2016/03/03/c/index.html", "2018/01/09/d/index.html", "2018/02/01/e/index.html"]);
    expect([...shards]).toEqual([["2018-02", 2], ["2018", 1], ["2016", 2]]);
  });

  test("gives a newest month alone in its year no year shard, and an empty site none", () => {
    expect([...searchShards(["2018/01/01/a/index.html", "2017/12/31/b/index.html"])]).toEqual([["2018-01", 1], ["2017", 1]]);
    expect([...searchShards(["index.html"])]).toEqual([]);
  });

  test("splits a year of more than the most pages into halves, then quarters, then months, leaving out empty ones", () => {
    const pages = (year: number, month: number, count: number) => Array.from({ length: count }, (_, index) => `${year}/${String(month).padStart(2, "0")}/01/p${index}/index.html`);
    const paths = [
      ...pages(2019, 1, 1), // the newest month
      ...pages(2018, 1, 2), ...pages(2018, 7, 2), // 4 pages: halves of 2
      ...pages(2017, 1, 3), ...pages(2017, 4, 1), ...pages(2017, 8, 1), // first half 4: quarters 3 and 1; second half 1
      ...pages(2016, 2, 3), ...pages(2016, 3, 3), // one quarter of 6: months
      ...pages(2015, 5, 3), // 3 pages: the year
    ];
    expect([...searchShards(paths, 3)]).toEqual([
      ["2019-01", 1],
      ["2018-h2", 2],
      ["2018-h1", 2],
      ["2017-h2", 1],
      ["2017-q2", 1],
      ["2017-q1", 3],
      ["2016-03", 3],
      ["2016-02", 3],
      ["2015", 3],
    ]);
    expect(Math.max(...searchShards(paths, 3).values())).toBe(3);
  });

  test("splits the newest month's year without counting the newest month", () => {
    const paths = ["2018/03/01/a/index.html", "2018/03/02/b/index.html", "2018/03/03/c/index.html", "2018/01/01/d/index.html", "2018/02/01/e/index.html"];
    expect([...searchShards(paths, 2)]).toEqual([["2018-03", 3], ["2018", 2]]);
    expect([...searchShards(paths, 1)]).toEqual([["2018-03", 3], ["2018-02", 1], ["2018-01", 1]]);
  });

  test("keeps every split year's pages: the shards' counts add up to the article pages", () => {
    const paths = Array.from({ length: 500 }, (_, index) => `${2010 + (index % 7)}/${String(1 + ((index * 7) % 12)).padStart(2, "0")}/01/p${index}/index.html`);
    for (const most of [1, 7, 30, 80, 500]) {
      const shards = searchShards(paths, most);
      expect([...shards.values()].reduce((sum, count) => sum + count, 0)).toBe(500);
      const layout = shardLayout(shards.keys());
      const counted = new Map<string, number>();
      for (const page of paths) counted.set(shardOf(page, layout)!, (counted.get(shardOf(page, layout)!) ?? 0) + 1);
      expect(counted).toEqual(shards);
    }
  });
});

describe("shardGlob", () => {
  test("matches a month's pages, or a year's pages without the newest month", () => {
    const layout = shardLayout(["2018-02", "2018", "2017"]);
    expect(shardGlob("2018-02", layout)).toBe("2018/02/[0-9][0-9]/*/index.html");
    expect(shardGlob("2017", layout)).toBe("2017/[0-9][0-9]/[0-9][0-9]/*/index.html");
    expect(shardGlob("2018", layout)).toBe("2018/{01,03,04,05,06,07,08,09,10,11,12}/[0-9][0-9]/*/index.html");
  });

  test("matches a half's or a quarter's months, without a finer shard's", () => {
    const layout = shardLayout(["2018-08", "2018-h2", "2018-q1", "2018-q2"]);
    expect(shardGlob("2018-h2", layout)).toBe("2018/{07,09,10,11,12}/[0-9][0-9]/*/index.html");
    expect(shardGlob("2018-q2", layout)).toBe("2018/{04,05,06}/[0-9][0-9]/*/index.html");
    expect(shardGlob("2018-h1")).toBe("2018/{01,02,03,04,05,06}/[0-9][0-9]/*/index.html");
  });
});

describe("fragmentFilesFor", () => {
  test("gives one fragment file per four pages, and at least one", () => {
    expect([0, 1, 4, 5, 8, 1011].map(fragmentFilesFor)).toEqual([1, 1, 1, 2, 2, 253]);
  });
});

describe("pagefindBinary", () => {
  test("finds the binary npm installed for this platform, or the one a setting names", async () => {
    const binary = pagefindBinary({});
    expect(binary).toMatch(new RegExp(`@pagefind[/\\\\]${process.platform}-${process.arch}[/\\\\]bin[/\\\\]pagefind_extended`));
    await expect(fs.access(binary)).resolves.toBeUndefined();
    expect(pagefindBinary({ PAGEFIND_BINARY_PATH: "/opt/pagefind" })).toBe("/opt/pagefind");
  });
});

describe("buildSearchShard", () => {
  const { PAGEFIND_BINARY_PATH } = process.env;
  afterEach(() => {
    if (PAGEFIND_BINARY_PATH === undefined) delete process.env.PAGEFIND_BINARY_PATH;
    else process.env.PAGEFIND_BINARY_PATH = PAGEFIND_BINARY_PATH;
  });

  test("fails with what Pagefind printed when it finds no page", async () => {
    const dir = await fixtureSite();
    const error = await buildSearchShard({ siteDir: dir, shard: "2019" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SearchIndexError);
    expect((error as Error).message).toMatch(/^Search index \(Pagefind\) failed \(exit code 1\):\n {2}Error: Pagefind was not able to build an index/);
    await expect(fs.stat(path.join(dir, "pagefind"))).rejects.toThrow(/ENOENT/);
  });

  test("fails with a clear message when the binary cannot be started", async () => {
    const dir = await fixtureSite();
    process.env.PAGEFIND_BINARY_PATH = path.join(dir, "tidak-ada");
    const error = await buildSearchShard({ siteDir: dir, shard: "2016" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SearchIndexError);
    expect((error as Error).message).toContain(`Search index (Pagefind) could not start ${path.join(dir, "tidak-ada")}: spawn`);
  });

  test("indexes one year's article pages as Indonesian into pagefind/<year>/", async () => {
    const dir = await fixtureSite({ ...site, "topik/uji-a/halaman/2/index.html": page("Daftar", "Halaman daftar."), "2017/05/05/tiga/index.html": page("Contoh tiga", "Teks ketiga.") });
    const result = await buildSearchShard({ siteDir: dir, shard: "2016" });
    expect(result).toEqual({ shard: "2016", pagesIndexed: 2, outputPath: path.join(dir, "pagefind", "2016"), restored: false });
    const entry = JSON.parse(await fs.readFile(path.join(dir, "pagefind", "2016", "pagefind-entry.json"), "utf8"));
    expect(Object.keys(entry.languages)).toEqual(["id"]);
  });

  test("moves the default UI to the bundle root and drops Pagefind's other UIs", async () => {
    const dir = await fixtureSite();
    await buildSearchShard({ siteDir: dir, shard: "2016" });
    expect((await fs.readdir(path.join(dir, "pagefind"))).sort()).toEqual(["2016", "pagefind-ui.css", "pagefind-ui.js"]);
    const shard = await fs.readdir(path.join(dir, "pagefind", "2016"));
    expect(shard).toEqual(expect.arrayContaining(["pagefind.js", "pagefind-entry.json", "wasm.id.pagefind", "filter", "fragment", "index"]));
    expect(shard.filter((file) => /ui|highlight/.test(file))).toEqual([]);
    expect((await fs.readdir(path.join(dir, "pagefind", "2016", "filter"))).length).toBeGreaterThan(0);
  });

  test("writes the same bytes for the same pages", async () => {
    const first = await fixtureSite();
    const second = await fixtureSite();
    await buildSearchShard({ siteDir: first, shard: "2016" });
    await buildSearchShard({ siteDir: second, shard: "2016" });
    const read = async (dir: string) => {
      const files = (await fs.readdir(path.join(dir, "pagefind"), { recursive: true })).sort();
      const contents = await Promise.all(
        files.map(async (file) => {
          const full = path.join(dir, "pagefind", file);
          return (await fs.stat(full)).isFile() ? `${file}:${(await fs.readFile(full)).toString("base64")}` : file;
        }),
      );
      return contents;
    };
    expect(await read(first)).toEqual(await read(second));
  });

  test("writes where it is told, reading pages from the site", async () => {
    const dir = await fixtureSite();
    const elsewhere = await fixtureSite({});
    await buildSearchShard({ siteDir: dir, shard: "2016", outputPath: path.join(elsewhere, "shard"), bundleRoot: path.join(elsewhere, "ui") });
    expect(await fs.readdir(path.join(elsewhere, "ui"))).toEqual(["pagefind-ui.css", "pagefind-ui.js"]);
    expect(await fs.readdir(path.join(elsewhere, "shard"))).toContain("pagefind-entry.json");
    await expect(fs.stat(path.join(dir, "pagefind"))).rejects.toThrow(/ENOENT/);
  });

  test("fails when the shard holds another number of pages than expected", async () => {
    const dir = await fixtureSite();
    const error = await buildSearchShard({ siteDir: dir, shard: "2016", expectedPages: 3 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SearchIndexError);
    expect((error as Error).message).toMatchInlineSnapshot(`"Search index (Pagefind) for 2016 holds 2 pages, expected 3 (one per article). Every article page needs data-pagefind-body on its <article> (templates/_includes/pages/article.njk)."`);
  });

  test("accepts the expected number of pages", async () => {
    const dir = await fixtureSite();
    await expect(buildSearchShard({ siteDir: dir, shard: "2016", expectedPages: 2 })).resolves.toMatchObject({ pagesIndexed: 2 });
  });

  test("keeps the result data of up to four pages in one fragment file when it knows the page count", async () => {
    const pages = Object.fromEntries(
      Array.from({ length: 9 }, (_, index) => [`2016/03/0${index + 1}/hal-${index}/index.html`, page(`Contoh ${index}`, `Teks sintetis nomor ${index}.`)]),
    );
    const dir = await fixtureSite(pages);
    await buildSearchShard({ siteDir: dir, shard: "2016", expectedPages: 9 });
    const grouped = await fs.readdir(path.join(dir, "pagefind", "2016", "fragment"));
    expect(grouped.length).toBeLessThanOrEqual(3);
    expect(grouped.every((file) => file.startsWith("id_group_"))).toBe(true);
    expect(await indexedUrls(dir, "2016")).toEqual(Object.keys(pages).map((file) => `/${file.replace("index.html", "")}`).sort());
    await fs.rm(path.join(dir, "pagefind"), { recursive: true });
    await buildSearchShard({ siteDir: dir, shard: "2016" });
    expect(await fs.readdir(path.join(dir, "pagefind", "2016", "fragment"))).toHaveLength(9);
  });
});

describe("buildSearchShard with a bundle cache", () => {
  /** Every file of the site's search bundles with its bytes. */
  const bundleOf = async (dir: string) => {
    const names = (await fs.readdir(path.join(dir, "pagefind"), { recursive: true })).sort();
    return Promise.all(names.map(async (name) => [name, await fs.readFile(path.join(dir, "pagefind", name)).catch(() => "folder")]));
  };

  test("keeps what Pagefind wrote, then copies it instead of running Pagefind, with the same result", async () => {
    const first = await fixtureSite();
    const cacheDir = path.join(await fixtureSite({}), "search");
    const cache = folderCache(cacheDir);
    expect(await buildSearchShard({ siteDir: first, shard: "2016", expectedPages: 2, cache })).toMatchObject({ restored: false, pagesIndexed: 2 });
    // Kept as Pagefind wrote it: the UI files are still inside.
    expect(await fs.readdir(path.join(cacheDir, "2016"))).toEqual(expect.arrayContaining(["pagefind-entry.json", "pagefind-ui.js", "fragment"]));

    const second = await fixtureSite();
    const binary = process.env.PAGEFIND_BINARY_PATH;
    // A run would fail: the bundle can only come from the cache.
    process.env.PAGEFIND_BINARY_PATH = path.join(second, "tidak-ada");
    try {
      expect(await buildSearchShard({ siteDir: second, shard: "2016", expectedPages: 2, cache })).toMatchObject({ restored: true, pagesIndexed: 2 });
    } finally {
      if (binary === undefined) delete process.env.PAGEFIND_BINARY_PATH;
      else process.env.PAGEFIND_BINARY_PATH = binary;
    }
    expect(await bundleOf(second)).toEqual(await bundleOf(first));
    expect(cache.stored).toEqual(["2016"]);
  });

  test("indexes again, and keeps the new bundle, when the kept one is damaged", async () => {
    const dir = await fixtureSite();
    const cacheDir = path.join(await fixtureSite({}), "search");
    const cache = folderCache(cacheDir);
    await buildSearchShard({ siteDir: dir, shard: "2016", expectedPages: 2, cache });
    const good = await fs.readFile(path.join(cacheDir, "2016", "pagefind-entry.json"), "utf8");
    await fs.writeFile(path.join(cacheDir, "2016", "pagefind-entry.json"), "{ terpotong");
    await fs.rm(path.join(dir, "pagefind"), { recursive: true });
    expect(await buildSearchShard({ siteDir: dir, shard: "2016", expectedPages: 2, cache })).toMatchObject({ restored: false, pagesIndexed: 2 });
    expect(await fs.readFile(path.join(cacheDir, "2016", "pagefind-entry.json"), "utf8")).toBe(good);
    await fs.rm(path.join(dir, "pagefind"), { recursive: true });
    expect(await buildSearchShard({ siteDir: dir, shard: "2016", expectedPages: 2, cache })).toMatchObject({ restored: true });
  });

  test("checks a copied bundle like a fresh one, and keeps nothing that failed the check", async () => {
    const dir = await fixtureSite();
    const cacheDir = path.join(await fixtureSite({}), "search");
    const cache = folderCache(cacheDir);
    await expect(buildSearchShard({ siteDir: dir, shard: "2016", expectedPages: 3, cache })).rejects.toThrow(/holds 2 pages, expected 3/);
    await expect(fs.readdir(cacheDir)).rejects.toThrow(/ENOENT/);
    await fs.rm(path.join(dir, "pagefind"), { recursive: true });
    await buildSearchShard({ siteDir: dir, shard: "2016", expectedPages: 2, cache });
    await fs.rm(path.join(dir, "pagefind"), { recursive: true });
    await expect(buildSearchShard({ siteDir: dir, shard: "2016", expectedPages: 3, cache })).rejects.toThrow(/holds 2 pages, expected 3/);
    expect(cache.stored).toEqual(["2016"]);
  });
});

describe("buildSearchIndex", () => {
  test("builds one shard per year", async () => {
    const dir = await fixtureSite({ ...site, "2017/05/05/tiga/index.html": page("Contoh tiga", "Teks ketiga.") });
    const results = await buildSearchIndex(dir, new Map([["2017", 1], ["2016", 2]]));
    expect(results.map(({ shard, pagesIndexed }) => [shard, pagesIndexed])).toEqual([["2017", 1], ["2016", 2]]);
    expect((await fs.readdir(path.join(dir, "pagefind"))).sort()).toEqual(["2016", "2017", "pagefind-ui.css", "pagefind-ui.js"]);
  });

  test("indexes the newest month in its own shard and leaves it out of its year's", async () => {
    const dir = await fixtureSite({ ...site, "2016/02/03/tiga/index.html": page("Contoh tiga", "Teks ketiga.") });
    const shards = searchShards(["2016/01/01/satu/index.html", "2016/01/02/dua/index.html", "2016/02/03/tiga/index.html"]);
    const results = await buildSearchIndex(dir, shards);
    expect(results.map(({ shard, pagesIndexed }) => [shard, pagesIndexed])).toEqual([["2016-02", 1], ["2016", 2]]);
    expect(await indexedUrls(dir, "2016-02")).toEqual(["/2016/02/03/tiga/"]);
    expect(await indexedUrls(dir, "2016")).toEqual(["/2016/01/01/satu/", "/2016/01/02/dua/"]);
  });

  test("indexes a split year's halves and quarters, each with the pages of its months only", async () => {
    const files = { ...site, "2016/05/05/tiga/index.html": page("Contoh tiga", "Teks ketiga."), "2016/08/08/empat/index.html": page("Contoh empat", "Teks keempat."), "2016/12/12/lima/index.html": page("Contoh lima", "Teks kelima."), "2017/01/01/enam/index.html": page("Contoh enam", "Teks keenam.") };
    const dir = await fixtureSite(files);
    const shards = searchShards(Object.keys(files), 2);
    expect([...shards]).toEqual([["2017-01", 1], ["2016-h2", 2], ["2016-q2", 1], ["2016-q1", 2]]);
    const results = await buildSearchIndex(dir, shards);
    expect(results.map(({ shard, pagesIndexed }) => [shard, pagesIndexed])).toEqual([...shards]);
    expect(await indexedUrls(dir, "2016-h2")).toEqual(["/2016/08/08/empat/", "/2016/12/12/lima/"]);
    expect(await indexedUrls(dir, "2016-q2")).toEqual(["/2016/05/05/tiga/"]);
    expect(await indexedUrls(dir, "2016-q1")).toEqual(["/2016/01/01/satu/", "/2016/01/02/dua/"]);
  });

  test("gives the same bundles whether the shards run one at a time or side by side, in the order asked", async () => {
    const files = { ...site, "2017/05/05/tiga/index.html": page("Contoh tiga", "Teks ketiga."), "2018/06/06/empat/index.html": page("Contoh empat", "Teks keempat.") };
    const [one, two] = [await fixtureSite(files), await fixtureSite(files)];
    const shards = new Map([["2018", 1], ["2017", 1], ["2016", 2]]);
    const alone = await buildSearchIndex(one, shards, { concurrency: 1 });
    const sideBySide = await buildSearchIndex(two, shards, { concurrency: 3 });
    expect(sideBySide.map((result) => result.shard)).toEqual(["2018", "2017", "2016"]);
    expect(sideBySide.map((result) => result.pagesIndexed)).toEqual(alone.map((result) => result.pagesIndexed));
    const bundle = async (dir: string) => {
      const names = (await fs.readdir(path.join(dir, "pagefind"), { recursive: true })).sort();
      return Promise.all(names.map(async (name) => [name, await fs.readFile(path.join(dir, "pagefind", name)).catch(() => "folder")]));
    };
    expect(await bundle(two)).toEqual(await bundle(one));
  });

  test("copies the shards the cache keeps and indexes the others", async () => {
    const files = { ...site, "2017/05/05/tiga/index.html": page("Contoh tiga", "Teks ketiga.") };
    const [one, two] = [await fixtureSite(files), await fixtureSite(files)];
    const cacheDir = path.join(await fixtureSite({}), "search");
    const shards = new Map([["2017", 1], ["2016", 2]]);
    await buildSearchIndex(one, new Map([["2016", 2]]), { cache: folderCache(cacheDir) });
    const results = await buildSearchIndex(two, shards, { cache: folderCache(cacheDir) });
    expect(results.map(({ shard, restored }) => [shard, restored])).toEqual([["2017", false], ["2016", true]]);
    expect((await fs.readdir(cacheDir)).sort()).toEqual(["2016", "2017"]);
    expect(await indexedUrls(two, "2016")).toEqual(["/2016/01/01/satu/", "/2016/01/02/dua/"]);
  });

  test("fails when one shard fails, after the others have ended", async () => {
    const dir = await fixtureSite();
    const error = await buildSearchIndex(dir, new Map([["2016", 2], ["2019", 1]])).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SearchIndexError);
    expect(await indexedUrls(dir, "2016")).toEqual(["/2016/01/01/satu/", "/2016/01/02/dua/"]);
  });
});

describe("mayStartShard", () => {
  test("lets a shard run alone however large, and beside others only while their pages fit", () => {
    expect(mayStartShard(searchPagesAtOnce * 3, 0, 0, 2)).toBe(true);
    expect(mayStartShard(1000, 1, 1000, 2)).toBe(true);
    expect(mayStartShard(searchPagesAtOnce - 999, 1, 1000, 2)).toBe(false);
    expect(mayStartShard(searchPagesAtOnce - 1000, 1, 1000, 2)).toBe(true);
    expect(mayStartShard(10, 2, 20, 2)).toBe(false);
    expect(mayStartShard(10, 1, 10, 1)).toBe(false);
  });
});

describe("ShardQueue", () => {
  /** A queue whose runs end when the test says; `started` lists the shards in the order they began. */
  function controlled(pages: Record<string, number>) {
    const started: string[] = [];
    const ends = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
    const queue = new ShardQueue(
      (shard) =>
        new Promise<void>((resolve, reject) => {
          started.push(shard);
          ends.set(shard, { resolve, reject });
        }),
      (shard) => pages[shard]!,
    );
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    return { queue, started, end: async (shard: string) => (ends.get(shard)!.resolve(), settle()), fail: async (shard: string, error: Error) => (ends.get(shard)!.reject(error), settle()) };
  }

  test("runs two small shards side by side, a large one alone, and a small one beside a large one that fits", async () => {
    const half = searchPagesAtOnce / 2;
    const { queue, started, end } = controlled({ a: half + 1, b: half + 1, c: 100, d: 100 });
    queue.add(["a", "b", "c", "d"], 2);
    expect(started).toEqual(["a", "c"]);
    await end("c");
    expect(started).toEqual(["a", "c", "d"]);
    await end("d");
    await end("a");
    expect(started).toEqual(["a", "c", "d", "b"]);
    await end("b");
    await queue.drain();
  });

  test("keeps to its width", async () => {
    const { queue, started, end } = controlled({ a: 1, b: 1, c: 1 });
    queue.add(["a", "b", "c"], 1);
    expect(started).toEqual(["a"]);
    await end("a");
    expect(started).toEqual(["a", "b"]);
    queue.add([], 2);
    expect(started).toEqual(["a", "b", "c"]);
  });

  test("starts nothing after a failure, waits for the runs under way, then throws the first failure", async () => {
    const { queue, started, end, fail } = controlled({ a: 1, b: 1, c: 1 });
    queue.add(["a", "b", "c"], 2);
    await fail("a", new Error("pagefind gagal"));
    expect(started).toEqual(["a", "b"]);
    expect(() => queue.check()).toThrow("pagefind gagal");
    let drained = false;
    const draining = queue.drain().catch((error: Error) => ((drained = true), error));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(drained).toBe(false);
    await end("b");
    expect(((await draining) as Error).message).toBe("pagefind gagal");
    expect(started).toEqual(["a", "b"]);
  });
});
