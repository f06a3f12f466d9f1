import path from "node:path";
import { describe, expect, test } from "vitest";
import { SettingsError } from "../src/errors.ts";
import { defaultSiteUrl, normalizePathPrefix, normalizeSiteUrl, readSettings } from "../src/settings.ts";

const cwd = path.resolve("/srv/arsip");

describe("normalizePathPrefix", () => {
  test.each([
    ["arsip", "/arsip/"],
    ["/arsip", "/arsip/"],
    ["arsip/", "/arsip/"],
    ["/arsip/", "/arsip/"],
    ["//arsip//", "/arsip/"],
    ["  /arsip/  ", "/arsip/"],
    ["/berita/arsip", "/berita/arsip/"],
  ])("writes %j as %j", (value, expected) => {
    expect(normalizePathPrefix(value)).toBe(expected);
  });

  test.each(["", " ", "/"])("takes %j as the root /", (value) => {
    expect(normalizePathPrefix(value)).toBe("/");
  });

  test.each(["../x", "/arsip/../x", "..", "./x", "/arsip/./", "%2e%2e/x", "/%2E%2E/", "a?b", "a#b", "arsip berita", "a\\b", "http://example.org/arsip/"])(
    "rejects %j",
    (value) => {
      expect(() => normalizePathPrefix(value)).toThrow(SettingsError);
    },
  );

  test("names the variable and the expected form in its error", () => {
    expect(() => normalizePathPrefix("../x")).toThrowErrorMatchingInlineSnapshot(
      `[SettingsError: PATH_PREFIX: expected a URL path such as "/arsip/", got "../x"]`,
    );
  });
});

describe("normalizeSiteUrl", () => {
  test("adds a trailing slash", () => {
    expect(normalizeSiteUrl("https://example.org")).toBe("https://example.org/");
    expect(normalizeSiteUrl("https://example.org/arsip")).toBe("https://example.org/arsip/");
  });

  test("keeps a URL that already ends in a slash", () => {
    expect(normalizeSiteUrl("https://example.org/arsip/")).toBe("https://example.org/arsip/");
  });

  test("drops a query and a fragment", () => {
    expect(normalizeSiteUrl("https://example.org/arsip/?utm=x#atas")).toBe("https://example.org/arsip/");
  });

  test("accepts http with a port", () => {
    expect(normalizeSiteUrl("http://localhost:8080")).toBe("http://localhost:8080/");
  });

  test("rejects text that is not an absolute URL", () => {
    expect(() => normalizeSiteUrl("example.org/arsip")).toThrowErrorMatchingInlineSnapshot(
      `[SettingsError: SITE_URL: expected an absolute URL such as "https://example.org/arsip/", got "example.org/arsip"]`,
    );
    expect(() => normalizeSiteUrl("")).toThrow(SettingsError);
  });

  test("rejects a scheme other than http(s)", () => {
    expect(() => normalizeSiteUrl("ftp://example.org/")).toThrowErrorMatchingInlineSnapshot(
      `[SettingsError: SITE_URL: expected an http(s) URL, got "ftp://example.org/"]`,
    );
    expect(() => normalizeSiteUrl("javascript:alert(1)")).toThrow(SettingsError);
  });
});

describe("readSettings", () => {
  test("defaults to articles/, _site/, the root prefix and the local server's URL", () => {
    expect(readSettings({}, cwd)).toEqual({
      articlesDir: path.join(cwd, "articles"),
      outputDir: path.join(cwd, "_site"),
      siteUrl: defaultSiteUrl,
      pathPrefix: "/",
      mode: "production",
      host: "127.0.0.1",
      port: 8080,
    });
  });

  test("keeps the dev server on the loopback address unless HOST says otherwise", () => {
    expect(readSettings({ HOST: "0.0.0.0", PORT: "9000" }, cwd)).toMatchObject({ host: "0.0.0.0", port: 9000 });
  });

  test("refuses a PORT that is not a port number, saying what it expects", () => {
    expect(() => readSettings({ PORT: "delapan" }, cwd)).toThrow('PORT: expected a port number such as 8080, got "delapan"');
  });

  test("takes the search shard bound from ARSIP_SEARCH_SHARD_PAGES, and leaves it to the search module when unset", () => {
    expect(readSettings({ ARSIP_SEARCH_SHARD_PAGES: " 8000 " }, cwd).searchShardPages).toBe(8000);
    expect(readSettings({}, cwd)).not.toHaveProperty("searchShardPages");
    expect(readSettings({ ARSIP_SEARCH_SHARD_PAGES: "" }, cwd)).not.toHaveProperty("searchShardPages");
  });

  test.each(["0", "-5", "2.5", "lima ribu", "5e3"])("refuses ARSIP_SEARCH_SHARD_PAGES=%s, saying what it expects", (value) => {
    expect(() => readSettings({ ARSIP_SEARCH_SHARD_PAGES: value }, cwd)).toThrow(`ARSIP_SEARCH_SHARD_PAGES: expected a whole number of pages such as 5000, got "${value}"`);
  });

  test("writes the dev server's pages, drafts included, to _site-dev/ unless OUTPUT_DIR says otherwise", () => {
    expect(readSettings({}, cwd, "development")).toMatchObject({ mode: "development", outputDir: path.join(cwd, "_site-dev") });
    expect(readSettings({ OUTPUT_DIR: "keluaran" }, cwd, "development").outputDir).toBe(path.join(cwd, "keluaran"));
  });

  test("puts the path prefix into the default SITE_URL", () => {
    expect(readSettings({ PATH_PREFIX: "arsip" }, cwd)).toMatchObject({ pathPrefix: "/arsip/", siteUrl: "http://localhost:8080/arsip/" });
  });

  test("uses SITE_URL when given, with a trailing slash", () => {
    expect(readSettings({ PATH_PREFIX: "/arsip/", SITE_URL: "https://example.org/arsip" }, cwd)).toMatchObject({
      pathPrefix: "/arsip/",
      siteUrl: "https://example.org/arsip/",
    });
  });

  test("treats an empty SITE_URL as not given", () => {
    expect(readSettings({ SITE_URL: "  " }, cwd).siteUrl).toBe(defaultSiteUrl);
  });

  test("resolves ARTICLES_DIR and OUTPUT_DIR against the working folder", () => {
    const settings = readSettings({ ARTICLES_DIR: "fixtures/articles", OUTPUT_DIR: "/tmp/site" }, cwd);
    expect(settings.articlesDir).toBe(path.join(cwd, "fixtures/articles"));
    expect(settings.outputDir).toBe(path.resolve("/tmp/site"));
  });

  test("switches to development mode under the dev server only", () => {
    expect(readSettings({ ELEVENTY_RUN_MODE: "serve" }, cwd).mode).toBe("development");
    expect(readSettings({ ELEVENTY_RUN_MODE: "watch" }, cwd).mode).toBe("development");
    expect(readSettings({ ELEVENTY_RUN_MODE: "build" }, cwd).mode).toBe("production");
  });

  test("fails on a bad PATH_PREFIX or SITE_URL", () => {
    expect(() => readSettings({ PATH_PREFIX: "../x" }, cwd)).toThrow(SettingsError);
    expect(() => readSettings({ SITE_URL: "example.org" }, cwd)).toThrow(SettingsError);
  });
});

describe("readSettings with SITE_URL and PATH_PREFIX", () => {
  test("rejects a SITE_URL whose path does not end with the path prefix", () => {
    expect(() => readSettings({ SITE_URL: "https://example.org/", PATH_PREFIX: "/arsip/" }, "/p")).toThrow(
      'SITE_URL "https://example.org/" does not end with PATH_PREFIX "/arsip/"; set SITE_URL to the address the site is served at, e.g. "https://example.org/arsip/"',
    );
  });

  test("accepts a SITE_URL that carries the path prefix", () => {
    expect(readSettings({ SITE_URL: "https://example.org/arsip", PATH_PREFIX: "arsip" }, "/p").siteUrl).toBe("https://example.org/arsip/");
  });
});
