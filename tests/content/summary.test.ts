import { describe, expect, test } from "vitest";
import { deriveSummary, maxSummaryLength, truncateAtWord } from "../../src/content/summary.ts";

describe("deriveSummary", () => {
  test("takes the first paragraph as one line of text", () => {
    expect(deriveSummary("Durov datang\nke Jakarta   hari ini.\n\nParagraf kedua.")).toBe("Durov datang ke Jakarta hari ini.");
  });

  test("drops an outlet's dateline opener", () => {
    expect(deriveSummary("TEMPO.CO, Jakarta - CEO Telegram, Pavel Durov, datang.")).toBe("CEO Telegram, Pavel Durov, datang.");
    expect(deriveSummary("Merdeka.com - Pendiri sekaligus CEO Telegram.")).toBe("Pendiri sekaligus CEO Telegram.");
    expect(deriveSummary("Antaranews.com, Bandung – Hujan turun.")).toBe("Hujan turun.");
  });

  test("keeps a lead that only mentions an outlet later on", () => {
    expect(deriveSummary("Durov berbicara kepada Tempo.co - katanya - kemarin.")).toBe("Durov berbicara kepada Tempo.co - katanya - kemarin.");
  });

  test("skips headings and read-also lines", () => {
    expect(deriveSummary("# Judul\n\nBaca juga: Berita lain\n\nBaca: Satu lagi\n\nIsi pertama.")).toBe("Isi pertama.");
  });

  test("removes Markdown emphasis, code marks and links but keeps their text", () => {
    expect(deriveSummary("Isi **tebal**, _miring_, `kode` dan [tautan](https://www.tempo.co/) di sini.")).toBe(
      "Isi tebal, miring, kode dan tautan di sini.",
    );
  });

  test("gives an empty summary for a body without a paragraph", () => {
    expect(deriveSummary("")).toBe("");
    expect(deriveSummary("\n\n# Judul\n\nBaca: Lain\n")).toBe("");
  });

  test("cuts a long lead at a word boundary within 200 characters, ending in an ellipsis", () => {
    const lead = `${"Telegram akan membuka saluran komunikasi khusus. ".repeat(6)}`.trim();
    const summary = deriveSummary(lead);
    expect(summary.length).toBeLessThanOrEqual(maxSummaryLength);
    expect(summary).toBe(`${"Telegram akan membuka saluran komunikasi khusus. ".repeat(3)}Telegram akan membuka saluran komunikasi khusus…`);
  });

  test("honours another maximum length", () => {
    expect(deriveSummary("Durov datang ke Jakarta hari ini.", 20)).toBe("Durov datang ke…");
  });
});

describe("truncateAtWord", () => {
  test("leaves text that fits alone", () => {
    expect(truncateAtWord("Durov datang.", 13)).toBe("Durov datang.");
  });

  test("cuts at the last space and adds an ellipsis", () => {
    expect(truncateAtWord("satu dua tiga empat lima enam", 15)).toBe("satu dua tiga…");
  });

  test("drops punctuation before the ellipsis", () => {
    expect(truncateAtWord("satu, dua. tiga", 11)).toBe("satu, dua…");
    expect(truncateAtWord("satu dua, tiga empat", 10)).toBe("satu dua…");
  });

  test("cuts inside a word when the only space is too early, still within the maximum", () => {
    const result = truncateAtWord(`a ${"b".repeat(30)}`, 10);
    expect(result).toBe("a bbbbbbb…");
    expect(result.length).toBeLessThanOrEqual(10);
  });

  test("never returns more than the maximum, ellipsis included", () => {
    const texts = ["x".repeat(300), `satu ${"y".repeat(300)}`, "kata ".repeat(100), "a,".repeat(150)];
    for (const text of texts) for (const max of [5, 10, 57, 200]) expect(truncateAtWord(text, max).length).toBeLessThanOrEqual(max);
  });
});
