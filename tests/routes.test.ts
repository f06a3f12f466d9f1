import { describe, expect, test } from "vitest";
import { absoluteUrl } from "../src/routes.ts";

// Site paths come from the archive without the path prefix; siteUrl (settings.ts) carries the
// prefix and always ends with "/". The outlet, rubric, reporter, topic, month and paging URL
// builders live in collections.ts and paginate.ts and are tested there.
describe("absoluteUrl", () => {
  test("joins an article path to a site URL at the domain root", () => {
    expect(absoluteUrl("/2017/08/04/rapat-sintetis/", "https://example.org/")).toBe("https://example.org/2017/08/04/rapat-sintetis/");
  });

  test("puts the path below the prefix that the site URL carries", () => {
    expect(absoluteUrl("/sumber/tempo/rubrik/nasional/", "https://example.org/arsip/")).toBe(
      "https://example.org/arsip/sumber/tempo/rubrik/nasional/",
    );
  });

  test("maps the home path to the site URL itself, trailing slash kept", () => {
    expect(absoluteUrl("/", "https://example.org/arsip/")).toBe("https://example.org/arsip/");
  });

  test("keeps a file path's missing trailing slash", () => {
    expect(absoluteUrl("/feed.xml", "https://example.org/")).toBe("https://example.org/feed.xml");
    expect(absoluteUrl("/404.html", "https://example.org/arsip/")).toBe("https://example.org/arsip/404.html");
  });

  test("accepts a path without a leading slash", () => {
    expect(absoluteUrl("topik/uji/", "https://example.org/arsip/")).toBe("https://example.org/arsip/topik/uji/");
  });

  test("never adds the prefix a second time: the site path must not carry it", () => {
    expect(absoluteUrl("/arsip/indeks/", "https://example.org/arsip/")).toBe("https://example.org/arsip/arsip/indeks/");
  });

  test("leaves the path's case, query and fragment as given", () => {
    expect(absoluteUrl("/Topik/Uji/?halaman=2#daftar", "http://localhost:8080/")).toBe("http://localhost:8080/Topik/Uji/?halaman=2#daftar");
  });

  test("does not encode or normalise: percent-encoded paths pass through unchanged", () => {
    expect(absoluteUrl("/topik/caf%C3%A9%20baru/", "https://example.org/")).toBe("https://example.org/topik/caf%C3%A9%20baru/");
  });

  test("keeps the site URL's port", () => {
    expect(absoluteUrl("/sumber/", "http://localhost:8080/arsip/")).toBe("http://localhost:8080/arsip/sumber/");
  });
});
