import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { findCollisions, maxSlugLength, slugify, slugPattern } from "../../src/content/slug.ts";

describe("slugify", () => {
  test("makes lowercase hyphenated words of an Indonesian headline", () => {
    expect(slugify("Bos Telegram Pavel Durov: Indonesia Sangat Luar Biasa")).toBe(
      "bos-telegram-pavel-durov-indonesia-sangat-luar-biasa",
    );
    expect(slugify("Bos Telegram tetap ogah buka data pengguna")).toBe("bos-telegram-tetap-ogah-buka-data-pengguna");
  });

  test("drops punctuation, brackets, dashes and quotes", () => {
    expect(slugify('Kemenkominfo (Kominfo) — Blokir Telegram?! "Kami siap"')).toBe("kemenkominfo-kominfo-blokir-telegram-kami-siap");
    expect(slugify("  --Apa kabar--  ")).toBe("apa-kabar");
  });

  test("keeps hyphenated words and numbers", () => {
    expect(slugify("Ke-10 kalinya, Rp 1.000")).toBe("ke-10-kalinya-rp-1-000");
  });

  test("writes &, % and @ as Indonesian words", () => {
    expect(slugify("Jokowi & Prabowo bertemu")).toBe("jokowi-dan-prabowo-bertemu");
    expect(slugify("Harga BBM naik 10% mulai hari ini")).toBe("harga-bbm-naik-10-persen-mulai-hari-ini");
    expect(slugify("Durov @ Jakarta")).toBe("durov-at-jakarta");
  });

  test("transliterates accented letters to ASCII", () => {
    expect(slugify("Sémuel Pangerapan")).toBe("semuel-pangerapan");
    expect(slugify("Ñandú çava Œuvre straße")).toBe("nandu-cava-oeuvre-strasse");
  });

  test("does not split camel-case names", () => {
    expect(slugify("iPhone dan WhatsApp")).toBe("iphone-dan-whatsapp");
  });

  test("gives an empty slug for a title of only emoji or punctuation", () => {
    expect(slugify("🎉🔥")).toBe("");
    expect(slugify("?!…")).toBe("");
  });

  test("cuts a long slug at the last word boundary within 80 characters", () => {
    const title =
      "Pemerintah Indonesia dan Telegram sepakat membuat prosedur standar operasional untuk menangani konten radikal di kanal publik";
    const slug = slugify(title);
    expect(slug).toBe("pemerintah-indonesia-dan-telegram-sepakat-membuat-prosedur-standar-operasional");
    expect(slug.length).toBeLessThanOrEqual(maxSlugLength);
  });

  test("keeps a word that ends exactly at the 80th character", () => {
    const words = `${"a".repeat(39)} ${"b".repeat(40)} ccc`;
    expect(slugify(words)).toBe(`${"a".repeat(39)}-${"b".repeat(40)}`);
    expect(slugify(words)).toHaveLength(80);
  });

  test("leaves a slug of exactly 80 characters whole", () => {
    const title = `${"a".repeat(39)} ${"b".repeat(40)}`;
    expect(slugify(title)).toBe(`${"a".repeat(39)}-${"b".repeat(40)}`);
  });

  test("cuts one word longer than the limit at the limit", () => {
    expect(slugify("a".repeat(100))).toBe("a".repeat(80));
  });

  test("honours a smaller maximum length", () => {
    expect(slugify("Bos Telegram Pavel Durov", 15)).toBe("bos-telegram");
  });

  test("remembers slugs per maximum length: one text cut at two lengths gives two slugs, in either order", () => {
    const text = "Menkominfo Rudiantara bertemu bos Telegram di Jakarta";
    expect(slugify(text, 20)).toBe("menkominfo");
    expect(slugify(text)).toBe("menkominfo-rudiantara-bertemu-bos-telegram-di-jakarta");
    expect(slugify(text, 20)).toBe("menkominfo");
    expect(slugify(text, 30)).toBe("menkominfo-rudiantara-bertemu");
  });

  test("always gives a valid slug no longer than the limit that begins the full slug", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (title) => {
        const slug = slugify(title);
        const full = slugify(title, Number.POSITIVE_INFINITY);
        expect(slug.length).toBeLessThanOrEqual(maxSlugLength);
        expect(full.startsWith(slug)).toBe(true);
        if (slug !== "") expect(slug).toMatch(slugPattern);
      }),
      { seed: 20170804, numRuns: 300 },
    );
  });
});

describe("slugPattern", () => {
  test("accepts lowercase words joined by single hyphens only", () => {
    expect(slugPattern.test("durov-di-jakarta")).toBe(true);
    expect(slugPattern.test("durov--jakarta")).toBe(false);
    expect(slugPattern.test("-durov")).toBe(false);
    expect(slugPattern.test("Durov")).toBe(false);
    expect(slugPattern.test("durov_jakarta")).toBe(false);
  });
});

describe("findCollisions", () => {
  test("returns only the keys shared by more than one item, with those items in input order", () => {
    const titles = ["Durov di Jakarta", "Telegram diblokir", "Durov di Jakarta!", "durov di jakarta?"];
    const collisions = findCollisions(titles, (title) => slugify(title));
    expect([...collisions]).toEqual([["durov-di-jakarta", ["Durov di Jakarta", "Durov di Jakarta!", "durov di jakarta?"]]]);
  });

  test("returns an empty map when every key is unique", () => {
    expect(findCollisions(["a", "b", "c"], (item) => item).size).toBe(0);
  });

  test("returns an empty map for no items", () => {
    expect(findCollisions([], (item: string) => item).size).toBe(0);
  });
});
