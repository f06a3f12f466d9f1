/**
 * The importer against the two captures in provenance/: what it makes of each must equal the
 * article committed from it (fields and body), and validate as a draft.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  escapeMarkdownText,
  importCapture,
  importGeneric,
  importMerdeka,
  importTempo,
  splitCaptionCredit,
  titleCaseRubric,
  type ImportedArticle,
} from "../../src/authoring/importer.ts";
import { renderBody } from "../../src/content/markdown/index.ts";
import { renderDraft } from "../../src/authoring/scaffold.ts";
import { parseArticle, type Article } from "../../src/content/schema.ts";
import { projectRoot, visibleText } from "../helpers/build.ts";

const sourceKeys = ["tempo", "merdeka"];

const seeds = [
  { name: "tempo-2017-08-04-bos-telegram-pavel-durov", source: "tempo", importer: importTempo },
  { name: "merdeka-2017-08-02-bos-telegram-ogah-buka-data", source: "merdeka", importer: importMerdeka },
] as const;

function readCapture(name: string): string {
  return fs.readFileSync(path.join(projectRoot, "provenance", `${name}.txt`), "utf8");
}

function readCommitted(name: string): Article {
  const file = path.join("articles", "2017", `${name}.md`);
  return parseArticle(fs.readFileSync(path.join(projectRoot, file), "utf8"), file, sourceKeys);
}

/** The imported capture as the draft file `npm run import` writes, parsed back. */
function asDraft(imported: ImportedArticle, source: string, tags: string[]): Article {
  const date = imported.fields.date ?? "";
  return parseArticle(renderDraft({ ...imported.fields, date, source, tags, draft: true }, imported.body), "articles/2017/imported.md", sourceKeys);
}

const comparedFields = ["title", "date", "reporter", "editor", "dateline", "section", "image", "signoff", "sourceRelated"] as const;

function pick(article: Article) {
  return Object.fromEntries(comparedFields.map((field) => [field, article[field]]));
}

function paragraphsOf(body: string): string[] {
  return body.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter((paragraph) => paragraph !== "");
}

describe.each(seeds)("$importer.name on provenance/$name.txt", ({ name, source, importer }) => {
  const imported = importer(readCapture(name));
  const committed = readCommitted(name);

  test("reads the capture with the outlet's own layout", () => {
    expect(imported.layout).toBe(source);
  });

  test("makes a draft that validates, with the committed article's topics", () => {
    const draft = asDraft(imported, source, committed.tags);
    expect(draft.draft).toBe(true);
    expect(draft.tags).toEqual(committed.tags);
  });

  test("gives the committed article's title, date, byline, dateline, rubric, photo, sign-off and related list", () => {
    expect(pick(asDraft(imported, source, committed.tags))).toEqual(pick(committed));
  });

  test("gives the committed article's body paragraphs, word for word and in order", () => {
    expect(paragraphsOf(imported.body)).toEqual(paragraphsOf(committed.body));
  });

  test("renders the same HTML body as the committed article", () => {
    expect(renderBody(imported.body)).toBe(renderBody(committed.body));
  });

  test("leaves the page chrome out of the body", () => {
    for (const chrome of ["Baca Selengkapnya", "Berita terkait", "TOPIK TERKAIT", "Ingatlah untuk menjaga komentar", "Baca juga:"]) {
      expect(imported.body).not.toContain(chrome);
    }
    expect(imported.body).not.toContain(imported.fields.title);
    expect(imported.body).not.toContain(imported.fields.signoff);
  });

  test("reads the capture the same way when saved with a byte-order mark and Windows line endings", () => {
    expect(importer(`\uFEFF${readCapture(name).replace(/\n/g, "\r\n")}`)).toEqual(imported);
  });

  test("the generic layout finds the same body in this capture", () => {
    expect(importGeneric(readCapture(name)).body).toBe(imported.body);
  });
});

describe("importTempo", () => {
  const imported = importTempo(readCapture(seeds[0].name));

  test("keeps the three 'Baca:' lines in place between the paragraphs", () => {
    const paragraphs = paragraphsOf(imported.body);
    expect(paragraphs.map((paragraph, index) => (paragraph.startsWith("Baca: ") ? index : -1)).filter((index) => index >= 0)).toEqual([2, 6, 10]);
    expect(paragraphs[2]).toBe("Baca: Pemerintah Akan Cabut Blokir Telegram, Ini Waktunya");
  });

  test("takes the rubric from the closing line that names the channel", () => {
    expect(imported.fields.section).toBe("Tekno");
  });

  test("warns that the byline names no reporter, and about nothing else", () => {
    expect(imported.warnings).toEqual(['the byline "Reporter" gives no name; reporter left empty']);
  });

  test("keeps each related story's date as shown and its summary, without the repeated title", () => {
    expect(imported.fields.sourceRelated?.[5]).toEqual({
      title: "Kasus Pornografi Anak Laki-laki di Bawah Umur, Polres Bandara Soekarno-Hatta Temukan 3.870 Video",
      date: "24 Februari 2024",
      summary: "Polres Bandara Soekarno-Hatta menemukan sebanyak 3.870 video dan 1.245 foto bermuatan pornografi anak laki-laki.",
    });
  });

  test("falls back to the generic layout, and says so, for a capture that is not a Tempo page", () => {
    const fallback = importTempo(readCapture(seeds[1].name));
    expect(fallback.layout).toBe("generic");
    expect(fallback.warnings[0]).toBe(
      'the capture does not look like a Tempo.co page (no lead paragraph starting with "TEMPO.CO"); imported with the generic layout',
    );
    expect(fallback.body).toBe(importMerdeka(readCapture(seeds[1].name)).body);
  });
});

describe("importMerdeka", () => {
  const imported = importMerdeka(readCapture(seeds[1].name));

  test("stores the capitalised rubric in title case", () => {
    expect(imported.fields.section).toBe("Teknologi");
  });

  test("takes the editor code off the last paragraph as the sign-off", () => {
    expect(imported.fields.signoff).toBe("(mdk/idc)");
    expect(paragraphsOf(imported.body).at(-1)).toMatch(/akrab disapa Semmy ini\.$/);
  });

  test("reads the 'Baca juga:' list after the body as the outlet's related list", () => {
    expect(imported.fields.sourceRelated).toHaveLength(7);
    expect(imported.fields.sourceRelated?.[0]).toEqual({ title: "Bos Telegram belum pastikan buat kantor di Indonesia" });
  });

  test("recognises everything in the capture: no warnings", () => {
    expect(imported.warnings).toEqual([]);
  });
});

describe("importGeneric", () => {
  // A synthetic page of an unknown layout (test fixture, not news).
  const capture = [
    "Judul Sintetis untuk Uji Impor",
    "",
    "Oleh: Penulis Uji",
    "Bagikan artikel ini",
    "Senin, 7 Agustus 2017 09:00 WIB",
    "",
    "Kalimat pembuka paragraf pertama yang cukup panjang untuk dianggap sebagai isi berita oleh importer.",
    "",
    "Paragraf kedua dengan *bintang* dan [kurung].",
    "Baca juga: Judul Lain",
    "Paragraf ketiga.",
    "",
    "Baca Selengkapnya",
  ].join("\n");
  const imported = importGeneric(capture);

  test("imports the title, date, byline and body of an unknown layout", () => {
    expect(imported.layout).toBe("generic");
    expect(imported.fields).toEqual({ title: "Judul Sintetis untuk Uji Impor", date: "2017-08-07T09:00:00+07:00", reporter: "Penulis Uji" });
    expect(paragraphsOf(imported.body)).toEqual([
      "Kalimat pembuka paragraf pertama yang cukup panjang untuk dianggap sebagai isi berita oleh importer.",
      "Paragraf kedua dengan \\*bintang\\* dan \\[kurung\\].",
      "Baca juga: Judul Lain",
      "Paragraf ketiga.",
    ]);
  });

  test("reports what it could not recognise instead of guessing", () => {
    expect(imported.warnings).toEqual([
      'no lead paragraph with a dateline found; the body was taken to start at "Kalimat pembuka paragraf pertama yang cukup panjang untuk dianggap se…"',
      "no photo caption recognised above the body; image left empty",
      'not recognised above the body, left out: "Bagikan artikel ini"',
      'no sign-off recognised at the end of the body (last paragraph: "Paragraf ketiga."); signoff left empty',
      "no rubric recognised; section left empty",
    ]);
  });

  test("asks for a date when the capture has none", () => {
    const undated = importGeneric("Judul\n\nJAKARTA - Paragraf pertama.\n");
    expect(undated.fields.date).toBeUndefined();
    expect(undated.fields.dateline).toBe("Jakarta");
    expect(undated.warnings).toContain("no publication date recognised above the body; pass --date");
  });

  test("reports an empty capture", () => {
    expect(importGeneric("\n  \n").warnings).toEqual(["the capture is empty"]);
  });
});

describe("importCapture", () => {
  test("chooses the layout by outlet key, and the generic one for outlets without a layout", () => {
    const text = readCapture(seeds[0].name);
    expect(importCapture(text, "tempo").layout).toBe("tempo");
    expect(importCapture(text, "kompas").layout).toBe("generic");
    expect(importCapture(text, "constructor").layout).toBe("generic");
  });
});

describe("escapeMarkdownText", () => {
  test("leaves ordinary news text as it is", () => {
    const text = 'TEMPO.CO, Jakarta - "Bukan 1-2 hari," kata Durov (kanan): 100% & 3.870 video.';
    expect(escapeMarkdownText(text)).toBe(text);
  });

  test.each([
    ["1945. Tahun itu", "1945\\. Tahun itu"],
    ["- daftar", "\\- daftar"],
    ["---", "\\---"],
    ["# 1 di dunia", "\\# 1 di dunia"],
    ["> kutipan", "\\> kutipan"],
    ["a *b* _c_ `d` [e](f) <g> ~~h~~ \\ &amp;", "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g> \\~\\~h\\~\\~ \\\\ \\&amp;"],
  ])("escapes markup: %s", (text, expected) => {
    expect(escapeMarkdownText(text)).toBe(expected);
  });

  test("the rendered paragraph shows exactly the captured text, whatever punctuation it holds", () => {
    const characters = [..."ab 1.)#>-+*_`[]()<>&;:!~\\|=\"'x0"];
    const line = fc
      .string({ unit: fc.constantFrom(...characters), minLength: 1, maxLength: 24 })
      .map((text) => text.trim())
      .filter((text) => text !== "");
    fc.assert(
      fc.property(line, (text) => {
        expect(visibleText(renderBody(escapeMarkdownText(text)))).toBe(text.replace(/\s+/g, " "));
      }),
      { numRuns: 500 },
    );
  });
});

describe("splitCaptionCredit", () => {
  test.each([
    ["CEO Telegram datangi Kemenkominfo. ©2017 merdeka.com/muhammad luthfi rahman", "CEO Telegram datangi Kemenkominfo.", "©2017 merdeka.com/muhammad luthfi rahman"],
    ["Menkominfo di Jakarta, 1 Agustus 2017. ANTARA/Galih Pradipta", "Menkominfo di Jakarta, 1 Agustus 2017.", "ANTARA/Galih Pradipta"],
    ["Suasana rapat. Foto: Dok. Humas", "Suasana rapat.", "Foto: Dok. Humas"],
  ])("splits %s", (text, caption, credit) => {
    expect(splitCaptionCredit(text)).toEqual({ caption, credit });
  });

  test("keeps a caption without a credit whole", () => {
    expect(splitCaptionCredit("Suasana rapat di Jakarta. Peserta hadir.")).toEqual({ caption: "Suasana rapat di Jakarta. Peserta hadir." });
  });
});

describe("titleCaseRubric", () => {
  test("turns a rubric in capitals into title case and leaves mixed case alone", () => {
    expect(titleCaseRubric("TEKNOLOGI")).toBe("Teknologi");
    expect(titleCaseRubric("BISNIS & EKONOMI")).toBe("Bisnis & Ekonomi");
    expect(titleCaseRubric("Tekno")).toBe("Tekno");
    expect(titleCaseRubric("e-Sport")).toBe("e-Sport");
  });
});
