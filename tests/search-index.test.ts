import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { buildSearchIndex, SearchIndexError } from "../src/search-index.ts";
import { writeFixture } from "./helpers/build.ts";

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

const dirs: string[] = [];

async function fixtureSite(files: Record<string, string> = site): Promise<string> {
  const dir = await writeFixture(files);
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe("buildSearchIndex", () => {
  test("reads only article pages (YYYY/MM/DD/slug/) and indexes them as Indonesian", async () => {
    const dir = await fixtureSite({ ...site, "topik/uji-a/halaman/2/index.html": page("Daftar", "Halaman daftar.") });
    const result = await buildSearchIndex(dir);
    expect(result).toEqual({ filesRead: 2, pagesIndexed: 2, outputPath: path.join(dir, "pagefind") });
    const entry = JSON.parse(await fs.readFile(path.join(dir, "pagefind", "pagefind-entry.json"), "utf8"));
    expect(Object.keys(entry.languages)).toEqual(["id"]);
  });

  test("writes the search UI and the filter index next to the pages", async () => {
    const dir = await fixtureSite();
    await buildSearchIndex(dir);
    const bundle = await fs.readdir(path.join(dir, "pagefind"));
    expect(bundle).toEqual(expect.arrayContaining(["pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "filter"]));
    expect((await fs.readdir(path.join(dir, "pagefind", "filter"))).length).toBeGreaterThan(0);
  });

  test("writes the same bytes for the same pages", async () => {
    const first = await fixtureSite();
    const second = await fixtureSite();
    await buildSearchIndex(first);
    await buildSearchIndex(second);
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

  test("fails when the index holds another number of pages than expected", async () => {
    const dir = await fixtureSite();
    const error = await buildSearchIndex(dir, { expectedPages: 3 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SearchIndexError);
    expect((error as Error).message).toMatchInlineSnapshot(
      `"Search index (Pagefind) holds 2 pages, expected 3 (one per article). Every article page needs data-pagefind-body on its <article> (templates/_includes/pages/article.njk)."`,
    );
  });

  test("accepts the expected number of pages", async () => {
    const dir = await fixtureSite();
    await expect(buildSearchIndex(dir, { expectedPages: 2 })).resolves.toMatchObject({ pagesIndexed: 2 });
  });
});
