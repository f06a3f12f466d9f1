import { describe, expect, test } from "vitest";
import { bodyTermCount, keyTerms, tokenize } from "../../src/content/terms.ts";

describe("tokenize", () => {
  test("gives lowercase words without accents", () => {
    expect(tokenize("Pável DUROV Telegram")).toEqual(["pavel", "durov", "telegram"]);
  });

  test("drops Indonesian stop words and words every news story uses", () => {
    expect(tokenize("Durov mengatakan bahwa Telegram akan ke Jakarta, kata dia, pada Senin")).toEqual(["durov", "telegram"]);
  });

  test("drops words shorter than three letters and numbers", () => {
    expect(tokenize("CEO RI di 2017 ke-10 4G")).toEqual(["ceo"]);
  });

  test("splits on punctuation and keeps digits inside words", () => {
    expect(tokenize("Kemkominfo/Telegram: e-mail, mp3")).toEqual(["kemkominfo", "telegram", "mail", "mp3"]);
  });

  test("treats typographic quotes, dashes and ellipses as separators", () => {
    expect(tokenize("“Durov”—Telegram… ‘blokir’ – privasi")).toEqual(["durov", "telegram", "blokir", "privasi"]);
  });

  test("still takes accents and ligatures apart in text with typographic punctuation", () => {
    expect(tokenize("“Pável” meluncurkan ﬁtur Ｔelegram")).toEqual(["pavel", "meluncurkan", "fitur", "telegram"]);
  });

  test("gives nothing for text without words", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("… 2017 — 🎉")).toEqual([]);
  });
});

describe("keyTerms", () => {
  test("starts with the title words, in title order", () => {
    expect(keyTerms("Bos Telegram Pavel Durov: Indonesia Sangat Luar Biasa", "")).toEqual(["bos", "telegram", "pavel", "durov", "indonesia"]);
  });

  test("adds body words seen more than once, most frequent first, ties alphabetical", () => {
    const body = "blokir blokir blokir privasi privasi konten konten radikal";
    expect(keyTerms("Durov", body)).toEqual(["durov", "blokir", "konten", "privasi"]);
  });

  test("does not repeat a title word found in the body", () => {
    expect(keyTerms("Telegram diblokir", "Telegram telegram TELEGRAM privasi privasi")).toEqual(["telegram", "diblokir", "privasi"]);
  });

  test(`keeps at most ${bodyTermCount} body words`, () => {
    const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];
    const body = words.map((word, index) => `${word} `.repeat(20 - index)).join("");
    expect(keyTerms("Judul", body)).toEqual(["judul", ...words.slice(0, bodyTermCount)]);
    expect(keyTerms("Judul", body, 2)).toEqual(["judul", "alpha", "bravo"]);
  });

  test("counts an accented and a plain spelling as the same word", () => {
    expect(keyTerms("Kafe", "café cafe rapat rapat rapat")).toEqual(["kafe", "rapat", "cafe"]);
  });

  test("counts body words the same with and without typographic punctuation", () => {
    const body = "blokir blokir privasi privasi privasi konten";
    expect(keyTerms("Durov", body.replaceAll(" ", "” “"))).toEqual(keyTerms("Durov", body));
  });

  test("never chooses a stop word from the body, however frequent", () => {
    expect(keyTerms("Durov", "yang yang yang jakarta jakarta tidak tidak blokir blokir")).toEqual(["durov", "blokir"]);
  });

  test("keeps every repeated body word when count is larger and none when it is 0", () => {
    const body = "blokir blokir privasi privasi konten konten radikal";
    expect(keyTerms("Durov", body, 100)).toEqual(["durov", "blokir", "konten", "privasi"]);
    expect(keyTerms("Durov", body, 0)).toEqual(["durov"]);
  });

  test("counts right in a body with thousands of distinct words", () => {
    const distinct = Array.from({ length: 6000 }, (_, i) => `kw${i}`);
    const repeated = distinct.slice(2000);
    const body = [...distinct, ...repeated, "zzzz zzzz zzzz", "yyyy yyyy yyyy yyyy", "kw5999"].join(" ");
    expect(keyTerms("Judul", body, 10_000)).toEqual(["judul", "yyyy", "kw5999", "zzzz", ...repeated.slice(0, -1).sort()]);
    expect(keyTerms("Judul", body, 4)).toEqual(["judul", "yyyy", "kw5999", "zzzz", "kw2000"]);
  });

  test("gives the same terms for the same text", () => {
    const body = "Durov bertemu Rudiantara. Rudiantara dan Durov membahas blokir. Blokir dicabut.";
    expect(keyTerms("Durov di Jakarta", body)).toEqual(keyTerms("Durov di Jakarta", body));
    expect(keyTerms("Durov di Jakarta", body)).toEqual(["durov", "blokir", "rudiantara"]);
  });
});
