/**
 * What citation tools read from an article page: the libraries behind real citation services
 * (html-metadata, which Wikipedia's Citoid uses) run over the built pages of the
 * two seed articles, and the page's "Kutip" downloads read back with citation-js. Expectations
 * come from the seed files' front matter and the outlets' names, not from the build's code.
 */
import fs from "node:fs/promises";
import path from "node:path";
import core from "@citation-js/core";
import "@citation-js/plugin-ris";
import "@citation-js/plugin-bibtex";
import htmlMetadata from "html-metadata";
import { beforeAll, describe, expect, test } from "vitest";
import { makeTempDir, projectRoot, runBuild } from "./helpers/build.ts";

const siteUrl = "https://arsip.example.org/";

const seeds = [
  {
    name: "Merdeka.com",
    page: "2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/index.html",
    title: "Bos Telegram tetap ogah buka data pengguna",
    authors: ["Fauzan Jamaludin"],
    publisher: "Merdeka.com",
    date: "2017/08/02",
  },
  {
    name: "Tempo.co",
    page: "2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/index.html",
    title: "Bos Telegram Pavel Durov: Indonesia Sangat Luar Biasa",
    // The capture names no reporter: no author may be invented.
    authors: [],
    publisher: "Tempo.co",
    date: "2017/08/04",
  },
];

const pages = new Map<string, string>();

beforeAll(async () => {
  const output = await makeTempDir("arsip-cite-");
  const result = await runBuild({ ARTICLES_DIR: path.join(projectRoot, "articles"), OUTPUT_DIR: output, SITE_URL: siteUrl, ARSIP_CACHE_DIR: path.join(output, ".cache") }, ["--quiet"]);
  expect(result.code, result.stderr).toBe(0);
  for (const seed of seeds) pages.set(seed.page, await fs.readFile(path.join(output, seed.page), "utf8"));
}, 120_000);

/** Decoded contents of the page's download link for `extension`. */
function download(html: string, extension: string): string {
  const match = new RegExp(`<a href="data:[^,"]+,([^"]*)" download="[^"]+\\.${extension}"`).exec(html);
  expect(match, `a .${extension} download link`).not.toBeNull();
  return decodeURIComponent(match![1]!.replace(/&amp;/g, "&"));
}

describe.each(seeds)("the $name seed article page", (seed) => {
  test("html-metadata (Citoid) reads the title, authors, outlet and original date from its Highwire tags", async () => {
    const metadata = await htmlMetadata.loadFromString(pages.get(seed.page)!);
    const highwire = metadata.highwirePress as Record<string, string | string[]>;
    expect(highwire.title).toBe(seed.title);
    expect(highwire.author === undefined ? [] : [highwire.author].flat()).toEqual(seed.authors);
    expect(highwire.publisher).toBe(seed.publisher);
    expect(highwire.publication_date).toBe(seed.date);
    expect(highwire.language).toBe("id");
  });

  test("its RIS, BibTeX and CSL-JSON downloads read back with citation-js to the same fields", () => {
    const html = pages.get(seed.page)!;
    for (const extension of ["ris", "bib", "json"]) {
      const [entry] = core.plugins.input.chain(download(html, extension));
      expect(entry!.title, extension).toBe(seed.title);
      expect(entry!["container-title"], extension).toBe(seed.publisher);
      const [year, month, day] = seed.date.split("/").map(Number);
      expect(entry!.issued, extension).toEqual({ "date-parts": [[year, month, day]] });
      const authors = ((entry!.author ?? []) as { given?: string; family?: string; literal?: string }[]).map((name) => name.literal ?? [name.given, name.family].filter(Boolean).join(" "));
      expect(authors, extension).toEqual(seed.authors);
    }
  });

  test("shows an APA reference of the original publication in its Kutip section", () => {
    const section = pages.get(seed.page)!.split('id="kutip"')[1]!.split("</section>")[0]!;
    const reference = /<p class="cite__reference">([^]*?)<\/p>/.exec(section)![1]!;
    expect(reference).toContain(`<i>${seed.publisher}</i>`);
    expect(reference).toContain(seed.title);
    expect(reference).toContain(seed.authors.length > 0 ? "Jamaludin, F. (2017, August 2)." : `${seed.title}. (2017, August 4).`);
  });
});
