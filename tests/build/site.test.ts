import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import { forgetProcessState, parseCacheFile, parsedStore, readCacheFile, writeCacheFile, type ParsedFiles } from "../../src/build/cache.ts";
import { readSettings } from "../../src/settings.ts";
import { loadSite, readOutlets } from "../../src/build/site.ts";
import { article } from "../fixtures/hostile/cases.ts";
import { writeFixture } from "../helpers/build.ts";

// Synthetic articles only; loadSite reads templates/_data/ from the project (vitest's working folder).
const now = Date.parse("2018-01-01T00:00:00+07:00");
const made: string[] = [];

async function fixture(files: Record<string, string>): Promise<string> {
  const dir = await writeFixture(files);
  made.push(dir);
  return dir;
}

/** Two published articles in 2017, one in 2016, a draft and one dated after `now`. */
function articleFiles(): Record<string, string> {
  return {
    "2017/rapat.md": article({ title: '"Rapat sintetis pertama"', date: '"2017-08-04T14:54:00+07:00"' }),
    "2017/sidang.md": article({ title: '"Sidang sintetis kedua"', date: '"2017-03-01T09:00:00+07:00"', source: "merdeka" }),
    "2016/lama.md": article({ title: '"Catatan sintetis lama"', date: '"2016-05-10T10:00:00+07:00"' }),
    "2017/draf.md": article({ title: '"Draf sintetis"', date: '"2017-09-01T10:00:00+07:00"', draft: "true" }),
    "2018/nanti.md": article({ title: '"Berita sintetis masa depan"', date: '"2018-06-01T10:00:00+07:00"' }),
  };
}

function settingsFor(articlesDir: string, mode: "production" | "development" = "production") {
  return readSettings({ ARTICLES_DIR: articlesDir }, process.cwd(), mode);
}

beforeEach(() => {
  // The parse cache goes to ARSIP_CACHE_DIR (tests/helpers/global-setup.ts), not .cache/.
  expect(process.env.ARSIP_CACHE_DIR).toBeTruthy();
});

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe("readOutlets", () => {
  test("maps each outlet key to its key, name and URL, in file order", async () => {
    const dir = await fixture({
      "sources.json": JSON.stringify({
        contoh: { name: "Contoh Media", url: "https://contoh.example/" },
        "uji-dua": { name: "Media Uji Dua", url: "https://dua.example/" },
      }),
    });
    const outlets = await readOutlets(path.join(dir, "sources.json"));
    expect([...outlets]).toEqual([
      ["contoh", { key: "contoh", name: "Contoh Media", url: "https://contoh.example/" }],
      ["uji-dua", { key: "uji-dua", name: "Media Uji Dua", url: "https://dua.example/" }],
    ]);
  });

  test("drops fields other than name and URL", async () => {
    const dir = await fixture({ "sources.json": JSON.stringify({ contoh: { name: "Contoh", url: "https://contoh.example/", logo: "x.png" } }) });
    expect((await readOutlets(path.join(dir, "sources.json"))).get("contoh")).toEqual({ key: "contoh", name: "Contoh", url: "https://contoh.example/" });
  });

  test("reads the project's sources.json by default", async () => {
    const outlets = await readOutlets();
    expect(outlets.get("tempo")).toEqual({ key: "tempo", name: "Tempo.co", url: "https://www.tempo.co/" });
  });

  test("rejects a file that is not JSON", async () => {
    const dir = await fixture({ "sources.json": "{ contoh: " });
    await expect(readOutlets(path.join(dir, "sources.json"))).rejects.toThrow(SyntaxError);
  });
});

describe("loadSite", () => {
  test("builds the archive of the articles folder, newest first, with notices and a file count", async () => {
    const dir = await fixture({ ...articleFiles(), "catatan.txt": "bukan artikel" });
    const site = await loadSite(settingsFor(dir), { now });
    expect(site.archive.articles.map((item) => item.url)).toEqual([
      "/2017/08/04/rapat-sintetis-pertama/",
      "/2017/03/01/sidang-sintetis-kedua/",
      "/2016/05/10/catatan-sintetis-lama/",
    ]);
    expect(site.archive.articles[1]?.outlet.name).toBe("Merdeka.com");
    expect(site.fileCount).toBe(5);
    expect(site.notices.join("\n")).toContain("catatan.txt");
    expect(site.feeds.length).toBeGreaterThan(0);
    expect(site.sitemap.length).toBeGreaterThan(0);
  });

  test("leaves drafts and future articles out in production mode", async () => {
    const dir = await fixture(articleFiles());
    const titles = (await loadSite(settingsFor(dir), { now })).archive.articles.map((item) => item.title);
    expect(titles).not.toContain("Draf sintetis");
    expect(titles).not.toContain("Berita sintetis masa depan");
  });

  test("keeps drafts and future articles, marked unpublished, in development mode", async () => {
    const dir = await fixture(articleFiles());
    const site = await loadSite(settingsFor(dir, "development"), { now });
    const unpublished = site.archive.articles.filter((item) => item.unpublished).map((item) => item.title);
    expect(unpublished.sort()).toEqual(["Berita sintetis masa depan", "Draf sintetis"]);
    expect(site.archive.articles).toHaveLength(5);
  });

  test("judges future articles at the given time", async () => {
    const dir = await fixture(articleFiles());
    const later = Date.parse("2019-01-01T00:00:00+07:00");
    const titles = (await loadSite(settingsFor(dir), { now: later })).archive.articles.map((item) => item.title);
    expect(titles).toContain("Berita sintetis masa depan");
    expect(titles).not.toContain("Draf sintetis");
  });

  test("counts article pages per search shard: the newest month, then years, newest first", async () => {
    const dir = await fixture(articleFiles());
    expect([...(await loadSite(settingsFor(dir), { now })).searchShards]).toEqual([
      ["2017-08", 1],
      ["2017", 1],
      ["2016", 1],
    ]);
    expect([...(await loadSite(settingsFor(dir, "development"), { now })).searchShards]).toEqual([
      ["2018-06", 1],
      ["2017", 3],
      ["2016", 1],
    ]);
  });

  test("puts the path prefix into links between articles", async () => {
    const dir = await fixture({
      "a.md": article({ title: '"Rapat sintetis pertama"' }),
      "b.md": article({ title: '"Tindak lanjut sintetis"', date: '"2017-08-05T10:00:00+07:00"' }, "Paragraf sintetis.\n\nBaca juga: Rapat sintetis pertama\n"),
    });
    const settings = readSettings({ ARTICLES_DIR: dir, PATH_PREFIX: "/arsip/" }, process.cwd());
    const site = await loadSite(settings, { now });
    const followUp = site.archive.articles.find((item) => item.title === "Tindak lanjut sintetis");
    expect(followUp?.bodyHtml).toContain('href="/arsip/2017/08/04/rapat-sintetis-pertama/"');
  });

  test("shows the body HTML kept in the parse cache", async () => {
    const dir = await fixture(articleFiles());
    await loadSite(settingsFor(dir), { now, load: { store: parsedStore(dir) } });
    const cacheFile = parseCacheFile(dir, path.join("2017", "rapat.md"));
    const cached = (await readCacheFile(cacheFile))!;
    const stored = cached.value as ParsedFiles;
    expect(stored.get(path.join("2017", "rapat.md"))!.body.html).toMatch(/^<p>/);
    stored.get(path.join("2017", "rapat.md"))!.body = { html: "<p>ditanam</p>\n", titles: [] };
    await writeCacheFile(cacheFile, cached);
    forgetProcessState();
    const site = await loadSite(settingsFor(dir), { now, load: { store: parsedStore(dir) } });
    expect(site.archive.articles.find((item) => item.url === "/2017/08/04/rapat-sintetis-pertama/")!.bodyHtml).toBe("<p>ditanam</p>\n");
  });

  test("reads the folder afresh on every call: nothing is kept between loads but what a store keeps", async () => {
    const dir = await fixture(articleFiles());
    const first = await loadSite(settingsFor(dir), { now });
    await fs.writeFile(path.join(dir, "2017/tambahan.md"), article({ title: '"Tambahan sintetis"', date: '"2017-10-01T10:00:00+07:00"' }));
    const second = await loadSite(settingsFor(dir), { now });
    expect(first.archive.articles.map((item) => item.title)).not.toContain("Tambahan sintetis");
    expect(second.archive.articles.map((item) => item.title)).toContain("Tambahan sintetis");
  });

  test("a failed load leaves nothing behind: the next call reads the fixed folder", async () => {
    const dir = await fixture({ ...articleFiles(), "2017/rusak.md": article({ date: '"4 Agustus 2017"' }) });
    await expect(loadSite(settingsFor(dir), { now })).rejects.toThrow(/rusak\.md/);
    await fs.writeFile(path.join(dir, "2017/rusak.md"), article({ title: '"Diperbaiki sintetis"', date: '"2017-08-06T10:00:00+07:00"' }));
    const site = await loadSite(settingsFor(dir), { now });
    expect(site.archive.articles.map((item) => item.title)).toContain("Diperbaiki sintetis");
  });

  test("rejects a missing articles folder", async () => {
    const dir = await fixture({});
    await expect(loadSite(settingsFor(path.join(dir, "tidak-ada")), { now })).rejects.toThrow(/articles folder not found/);
  });
});
