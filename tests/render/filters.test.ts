import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as dates from "../../src/content/dates.ts";
import * as filtersModule from "../../src/render/filters.ts";
import { absoluteUrl, filters, joinIndonesian, jsonForScript } from "../../src/render/filters.ts";

describe("jsonForScript", () => {
  test("escapes <, > and & so no value can close the script block or open a comment", () => {
    const json = jsonForScript({ headline: "</script><script>alert(1)</script>", note: "<!-- x -->", and: "A & B" });
    expect(json).toBe(
      '{"headline":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e","note":"\\u003c!-- x --\\u003e","and":"A \\u0026 B"}',
    );
    expect(json).not.toMatch(/<|>|&/);
  });

  test("escapes the line and paragraph separators", () => {
    expect(jsonForScript("a\u2028b\u2029c")).toBe('"a\\u2028b\\u2029c"');
  });

  test("escapes upper-case and mixed-case closing tags too", () => {
    expect(jsonForScript(["</SCRIPT >", "</ScRiPt>"]).toLowerCase()).not.toContain("</script");
  });

  test("gives back the same value through JSON.parse", () => {
    const value = { headline: "Bos Telegram: \"Indonesia\" </script> <!-- & -->", tags: ["Pável", "C++"], count: 2, draft: false };
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
  });

  test("never lets </script or <!-- through and always round-trips, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: fc.constantFrom("<", "/", "!", "-", ">", "&", "s", "\u2028", "script") }), (value, text) => {
        for (const input of [value, text, { text, value }]) {
          const json = jsonForScript(input);
          expect(json.toLowerCase()).not.toContain("</script");
          expect(json).not.toContain("<!--");
          expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(input)));
        }
      }),
      { seed: 20170802, numRuns: 300 },
    );
  });
});

describe("absoluteUrl", () => {
  test("joins a site path to the site URL", () => {
    expect(absoluteUrl("/2017/08/04/bos-telegram/", "https://example.org/")).toBe("https://example.org/2017/08/04/bos-telegram/");
  });

  test("keeps the sub-path the site is served under", () => {
    expect(absoluteUrl("/2017/08/04/bos-telegram/", "https://example.org/arsip/")).toBe(
      "https://example.org/arsip/2017/08/04/bos-telegram/",
    );
    expect(absoluteUrl("/", "https://example.org/arsip/")).toBe("https://example.org/arsip/");
    expect(absoluteUrl("feed.xml", "https://example.org/arsip/")).toBe("https://example.org/arsip/feed.xml");
  });
});

describe("joinIndonesian", () => {
  test("joins with commas and 'dan' before the last item", () => {
    expect(joinIndonesian(["Telegram", "Pavel Durov", "Kemenkominfo"])).toBe("Telegram, Pavel Durov dan Kemenkominfo");
  });

  test("joins two items with 'dan' only", () => {
    expect(joinIndonesian(["Telegram", "Pavel Durov"])).toBe("Telegram dan Pavel Durov");
  });

  test("gives one item as it is and nothing for no items", () => {
    expect(joinIndonesian(["Telegram"])).toBe("Telegram");
    expect(joinIndonesian([])).toBe("");
  });
});

describe("filters", () => {
  test("registers each filter under the name of the function it calls", () => {
    const exported: Record<string, unknown> = { ...dates, ...filtersModule };
    const known = Object.entries(filters).filter(([name]) => name !== "filters" && name in exported);
    expect(known.length).toBeGreaterThanOrEqual(7);
    for (const [name, filter] of known) expect(filter, name).toBe(exported[name]);
  });

  test("includes the date and URL formatting filters the templates use", () => {
    expect(Object.keys(filters)).toEqual(
      expect.arrayContaining(["formatArticleDate", "formatShortDate", "toJakartaIso", "toUtcIso", "absoluteUrl", "jsonForScript", "joinIndonesian"]),
    );
  });
});
