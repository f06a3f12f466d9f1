import { describe, expect, test } from "vitest";
import { contentSecurityPolicy, headerRules, headersFor, immutableCache, parseHeaders, parseRedirects, pathMatches, redirectFor } from "../src/hosting.ts";

describe("headerRules", () => {
  test("gives every path the security headers and hashed files an immutable cache, under the prefix", () => {
    const rules = headerRules("/arsip/", ["2017", "2017-08"]);
    expect(rules.map((rule) => rule.path)).toEqual([
      "/arsip/*",
      "/arsip/assets/*",
      "/arsip/foto/*",
      "/arsip/pagefind/2017/fragment/*",
      "/arsip/pagefind/2017/index/*",
      "/arsip/pagefind/2017/filter/*",
      "/arsip/pagefind/2017-08/fragment/*",
      "/arsip/pagefind/2017-08/index/*",
      "/arsip/pagefind/2017-08/filter/*",
    ]);
    expect(Object.fromEntries(rules[0]!.headers)).toEqual({
      "Content-Security-Policy": contentSecurityPolicy,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });

  test("no two rules that can match one path set the same header (Cloudflare would join their values)", () => {
    const rules = headerRules("/", ["2016"]);
    for (const [index, rule] of rules.entries()) {
      for (const other of rules.slice(index + 1)) {
        const overlap = pathMatches(rule.path, other.path.replace("*", "x")) || pathMatches(other.path, rule.path.replace("*", "x"));
        const shared = rule.headers.filter(([name]) => other.headers.some(([otherName]) => otherName === name));
        if (overlap) expect(shared, `${rule.path} and ${other.path}`).toEqual([]);
      }
    }
  });

  test("the policy allows no inline script or style and no other host", () => {
    expect(contentSecurityPolicy).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:|\*/);
    expect(contentSecurityPolicy).toContain("default-src 'none'");
  });
});

describe("parseHeaders", () => {
  test("reads path lines and their indented headers, skipping comments", () => {
    const text = "# comment\n/*\n  A: 1\n  B: x: y\n/assets/*\n  Cache-Control: c\n";
    expect(parseHeaders(text)).toEqual([
      { path: "/*", headers: [["A", "1"], ["B", "x: y"]] },
      { path: "/assets/*", headers: [["Cache-Control", "c"]] },
    ]);
  });

  test("refuses a header line before any path", () => {
    expect(() => parseHeaders("  A: 1\n")).toThrow(/_headers: expected a path line/);
  });
});

describe("headersFor", () => {
  test("collects the headers of every matching rule", () => {
    const rules = headerRules("/", ["2016"]);
    expect(headersFor(rules, "/assets/style.abc.css").get("Cache-Control")).toBe(immutableCache);
    expect(headersFor(rules, "/pagefind/2016/fragment/x.pf_fragment").get("Cache-Control")).toBe(immutableCache);
    expect(headersFor(rules, "/pagefind/2016/pagefind-entry.json").has("Cache-Control")).toBe(false);
    expect(headersFor(rules, "/2016/01/02/x/").get("X-Content-Type-Options")).toBe("nosniff");
  });
});

describe("parseRedirects and redirectFor", () => {
  test("reads 301 lines and matches with or without the trailing slash", () => {
    const rules = parseRedirects("# c\n\n/arsip/lama/ /arsip/baru/ 301\n");
    expect(rules).toEqual([{ from: "/arsip/lama/", to: "/arsip/baru/", status: 301 }]);
    expect(redirectFor(rules, "/arsip/lama/")?.to).toBe("/arsip/baru/");
    expect(redirectFor(rules, "/arsip/lama")?.to).toBe("/arsip/baru/");
    expect(redirectFor(rules, "/arsip/lain/")).toBeUndefined();
  });

  test("refuses a line that is not a 301", () => {
    expect(() => parseRedirects("/a /b 302\n")).toThrow('_redirects: expected "<from> <to> 301", got "/a /b 302"');
  });
});
