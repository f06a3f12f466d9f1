import core from "@citation-js/core";
import "@citation-js/plugin-ris";
import "@citation-js/plugin-bibtex";
import "@citation-js/plugin-csl";
import { describe, expect, test } from "vitest";
import { apaReference, apaText, articleCitation, citationFiles, cslAuthors, cslItem, cslName, highwireTags, type Citable, type CslItem } from "../../src/archive/citation.ts";

const { plugins } = core;
const siteUrl = "http://localhost:8080/";

const merdeka: Citable = {
  title: "Bos Telegram tetap ogah buka data pengguna",
  date: "2017-08-02T10:47:00+07:00",
  url: "/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/",
  slug: "bos-telegram-tetap-ogah-buka-data-pengguna",
  reporter: "Fauzan Jamaludin",
  section: "Teknologi",
  outlet: { name: "Merdeka.com" },
};

/** Name forms the schema's free-text `reporter` allows. */
const bylines = [
  "Fauzan Jamaludin",
  "Rudiantara",
  "NUR QOLBI",
  "Abdullah bin Ahmad",
  "Semuel A. Pangerapan",
  "Muhammad Al-Faruq",
  "Fauzan Jamaludin, Nur Qolbi",
  "Fauzan Jamaludin dan Nur Qolbi",
  "A Satu; B Dua & C Tiga",
  "van der Berg",
];

/** The APA 7th reference citeproc-js (through citation-js's CSL plugin) makes of an item. */
function citeprocApa(item: CslItem): string {
  return (plugins.output.format("bibliography", [item], { template: "apa", lang: "en-US", format: "text" }) as string).trim();
}

function nameText(name: Record<string, unknown>): string {
  return typeof name.literal === "string" ? name.literal : [name.given, name.family].filter(Boolean).join(" ");
}

describe("cslName", () => {
  test("splits a plain personal name into given and family name", () => {
    expect(cslName("Fauzan Jamaludin")).toEqual({ given: "Fauzan", family: "Jamaludin" });
    expect(cslName("Semuel A. Pangerapan")).toEqual({ given: "Semuel A.", family: "Pangerapan" });
  });

  test("keeps one-word names, names with particles and uppercase sign-offs whole, as written", () => {
    expect(cslName("Rudiantara")).toEqual({ literal: "Rudiantara" });
    expect(cslName("Abdullah bin Ahmad")).toEqual({ literal: "Abdullah bin Ahmad" });
    expect(cslName("van der Berg")).toEqual({ literal: "van der Berg" });
    expect(cslName("NUR QOLBI")).toEqual({ literal: "NUR QOLBI" });
    expect(cslName("Pangerapan S.")).toEqual({ literal: "Pangerapan S." });
  });
});

describe("cslAuthors", () => {
  test("names no author when the capture names none", () => {
    expect(cslAuthors(undefined)).toEqual([]);
    expect(cslAuthors(" , ")).toEqual([]);
  });

  test("reads several reporters separated by commas, semicolons, ampersands or 'dan'", () => {
    expect(cslAuthors("Fauzan Jamaludin dan NUR QOLBI; Rudiantara & Abdullah bin Ahmad").map(nameText)).toEqual([
      "Fauzan Jamaludin",
      "NUR QOLBI",
      "Rudiantara",
      "Abdullah bin Ahmad",
    ]);
  });
});

describe("cslItem", () => {
  test("describes the original publication: outlet as newspaper, original date in Jakarta, this archive as the archive", () => {
    expect(cslItem({ ...merdeka, originalUrl: "https://www.merdeka.com/teknologi/x.html" }, siteUrl, "Arsip Berita")).toEqual({
      id: "bos-telegram-tetap-ogah-buka-data-pengguna",
      type: "article-newspaper",
      title: "Bos Telegram tetap ogah buka data pengguna",
      author: [{ given: "Fauzan", family: "Jamaludin" }],
      "container-title": "Merdeka.com",
      section: "Teknologi",
      issued: { "date-parts": [[2017, 8, 2]] },
      URL: "https://www.merdeka.com/teknologi/x.html",
      language: "id",
      archive: "Arsip Berita",
      archive_location: "http://localhost:8080/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/",
    });
  });

  test("gives the archived page as the address when the original's is unknown, and the Jakarta calendar date", () => {
    const item = cslItem({ ...merdeka, date: "2017-08-02T00:30:00+07:00", reporter: undefined }, siteUrl, "Arsip Berita");
    expect(item.URL).toBe("http://localhost:8080/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/");
    expect(item.archive_location).toBeUndefined();
    expect(item.author).toBeUndefined();
    expect(item.issued).toEqual({ "date-parts": [[2017, 8, 2]] });
  });
});

describe("apaReference", () => {
  test.each(bylines.flatMap((reporter) => [[reporter, undefined], [reporter, "https://www.merdeka.com/x.html"]] as const))(
    "is the text citeproc-js makes with the APA style (%s, original %s)",
    (reporter, originalUrl) => {
      const item = cslItem({ ...merdeka, reporter, originalUrl }, siteUrl, "Arsip Berita");
      expect(apaText(apaReference(item))).toBe(citeprocApa(item));
    },
  );

  test("is the text citeproc-js makes without an author (title first) and for a title ending in a question mark", () => {
    for (const article of [{ ...merdeka, reporter: undefined }, { ...merdeka, title: "Telegram diblokir, lalu apa?" }]) {
      const item = cslItem(article, siteUrl, "Arsip Berita");
      expect(apaText(apaReference(item))).toBe(citeprocApa(item));
    }
  });

  test("keeps quotes and markup-like text in a title as printed (citeproc-js would curl, move or interpret them)", () => {
    const item = cslItem({ ...merdeka, title: `Rock 'n' roll: "<b>tegas</b>"` }, siteUrl, "Arsip Berita");
    expect(apaReference(item).lead).toBe(`Jamaludin, F. (2017, August 2). Rock 'n' roll: "<b>tegas</b>".`);
  });
});

describe("citationFiles", () => {
  const article = { ...merdeka, reporter: "Fauzan Jamaludin, NUR QOLBI, Abdullah bin Ahmad", originalUrl: "https://www.merdeka.com/x.html" };
  const item = cslItem(article, siteUrl, "Arsip Berita");
  const files = citationFiles(item);

  function expectSameFields(parsed: Record<string, unknown>) {
    expect(parsed.title).toBe(item.title);
    expect((parsed.author as Record<string, unknown>[]).map(nameText)).toEqual(["Fauzan Jamaludin", "NUR QOLBI", "Abdullah bin Ahmad"]);
    expect(parsed["container-title"]).toBe("Merdeka.com");
    expect(parsed.issued).toEqual({ "date-parts": [[2017, 8, 2]] });
    expect(parsed.URL).toBe("https://www.merdeka.com/x.html");
  }

  test("RIS parses back with citation-js to the same title, authors, newspaper, date, address and archived copy", () => {
    const [parsed] = plugins.input.chain(files.ris);
    expectSameFields(parsed!);
    expect(parsed!.type).toBe("article-newspaper");
    expect(parsed!.archive_location).toBe(item.archive_location);
  });

  test("BibTeX parses back with citation-js to the same title, authors, newspaper, date and address", () => {
    const [parsed] = plugins.input.chain(files.bibtex);
    expectSameFields(parsed!);
  });

  test("CSL-JSON parses back with citation-js to the item itself", () => {
    const [parsed] = plugins.input.chain(files.csl);
    const { _graph, ...fields } = parsed as Record<string, unknown>;
    expect(fields).toEqual(item);
  });

  test("offers each file as a data: URI named after the article", () => {
    const citation = articleCitation(article, siteUrl, "Arsip Berita");
    expect(citation.ris.name).toBe("bos-telegram-tetap-ogah-buka-data-pengguna.ris");
    expect(citation.bibtex.name).toBe("bos-telegram-tetap-ogah-buka-data-pengguna.bib");
    expect(citation.csl.name).toBe("bos-telegram-tetap-ogah-buka-data-pengguna.json");
    const [, ris] = citation.ris.href.split(",");
    expect(citation.ris.href.startsWith("data:application/x-research-info-systems;charset=utf-8,")).toBe(true);
    expect(decodeURIComponent(ris!)).toBe(files.ris);
  });
});

describe("highwireTags", () => {
  const topics = [{ name: "Telegram" }, { name: "Pavel Durov" }];

  test("describes the original: title, each reporter as written, outlet, Jakarta date, address, language, topics", () => {
    const tags = highwireTags({ ...merdeka, reporter: "Fauzan Jamaludin dan NUR QOLBI", originalUrl: "https://www.merdeka.com/x.html", topics }, siteUrl);
    expect(tags).toEqual([
      { name: "citation_title", content: "Bos Telegram tetap ogah buka data pengguna" },
      { name: "citation_author", content: "Fauzan Jamaludin" },
      { name: "citation_author", content: "NUR QOLBI" },
      { name: "author", content: "Fauzan Jamaludin, NUR QOLBI" },
      { name: "citation_publisher", content: "Merdeka.com" },
      { name: "citation_publication_date", content: "2017/08/02" },
      { name: "citation_public_url", content: "https://www.merdeka.com/x.html" },
      { name: "citation_language", content: "id" },
      { name: "citation_keywords", content: "Telegram; Pavel Durov" },
    ]);
  });

  test("invents no author when the capture names none, and gives the archived page as the address", () => {
    const tags = highwireTags({ ...merdeka, reporter: undefined, topics }, siteUrl);
    expect(tags.filter((tag) => tag.name === "citation_author" || tag.name === "author")).toEqual([]);
    expect(tags.find((tag) => tag.name === "citation_public_url")!.content).toBe("http://localhost:8080/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/");
    expect(tags.map((tag) => tag.name)).not.toContain("citation_journal_title");
  });
});
