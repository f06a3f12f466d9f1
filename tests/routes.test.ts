import { describe, expect, test } from "vitest";
import {
  absoluteUrl,
  articleUrl,
  atomFeedPath,
  dateIndexUrl,
  homeUrl,
  jsonFeedPath,
  monthUrl,
  outletIndexUrl,
  outletUrl,
  outputPathOf,
  pageUrl,
  reporterUrl,
  searchUrl,
  sectionUrl,
  topicIndexUrl,
  topicUrl,
  withPathPrefix,
} from "../src/routes.ts";

describe("articleUrl", () => {
  test("puts an article under its year, month and day, then its slug", () => {
    expect(articleUrl({ year: "2017", month: "08", day: "04" }, "bos-telegram-pavel-durov")).toBe("/2017/08/04/bos-telegram-pavel-durov/");
  });
});

describe("topicUrl", () => {
  test("puts topic pages under /topik/", () => {
    expect(topicUrl("pavel-durov")).toBe("/topik/pavel-durov/");
    expect(topicUrl("pavel-durov").startsWith(topicIndexUrl)).toBe(true);
  });
});

describe("outletUrl, sectionUrl, reporterUrl", () => {
  test("put an outlet under /sumber/ and its rubrics and reporters under the outlet", () => {
    expect(outletUrl("tempo")).toBe("/sumber/tempo/");
    expect(sectionUrl("tempo", "sains-dan-teknologi")).toBe("/sumber/tempo/rubrik/sains-dan-teknologi/");
    expect(reporterUrl("merdeka", "fauzan-jamaludin")).toBe("/sumber/merdeka/penulis/fauzan-jamaludin/");
  });
});

describe("monthUrl", () => {
  test("puts a month under /indeks/ by year and two-digit month", () => {
    expect(monthUrl("2017", "08")).toBe("/indeks/2017/08/");
  });
});

describe("overview pages", () => {
  test("have the paths the templates' permalinks give them", () => {
    expect([homeUrl, topicIndexUrl, outletIndexUrl, dateIndexUrl, searchUrl]).toEqual(["/", "/topik/", "/sumber/", "/indeks/", "/cari/"]);
  });
});

describe("pageUrl", () => {
  test("gives the newest page the list's URL and numbered pages /halaman/<n>/", () => {
    expect(pageUrl("/x/")).toBe("/x/");
    expect(pageUrl("/x/", 1)).toBe("/x/halaman/1/");
    expect(pageUrl("/", 3)).toBe("/halaman/3/");
  });
});

describe("atomFeedPath, jsonFeedPath", () => {
  test("put a list's feeds inside its folder", () => {
    expect(atomFeedPath("/topik/desa-sukamaju/")).toBe("/topik/desa-sukamaju/feed.xml");
    expect(jsonFeedPath("/topik/desa-sukamaju/")).toBe("/topik/desa-sukamaju/feed.json");
    expect([atomFeedPath(homeUrl), jsonFeedPath(homeUrl)]).toEqual(["/feed.xml", "/feed.json"]);
  });
});

describe("outputPathOf", () => {
  test("writes a folder path's page as the folder's index.html", () => {
    expect(outputPathOf("/2017/08/04/x/")).toBe("2017/08/04/x/index.html");
    expect(outputPathOf("/topik/telegram/halaman/2/")).toBe("topik/telegram/halaman/2/index.html");
    expect(outputPathOf("/")).toBe("index.html");
  });

  test("writes a file path as that file", () => {
    expect(outputPathOf("/feed.xml")).toBe("feed.xml");
    expect(outputPathOf("/topik/telegram/feed.json")).toBe("topik/telegram/feed.json");
  });
});

describe("withPathPrefix", () => {
  test("leaves a site path as it is at the domain root", () => {
    expect(withPathPrefix("/topik/x/", "/")).toBe("/topik/x/");
    expect(withPathPrefix("/", "/")).toBe("/");
  });

  test("puts a site path under the prefix, with one slash between", () => {
    expect(withPathPrefix("/topik/x/", "/arsip/")).toBe("/arsip/topik/x/");
    expect(withPathPrefix("/", "/arsip/")).toBe("/arsip/");
    expect(withPathPrefix("/assets/style.css", "/arsip/berita/")).toBe("/arsip/berita/assets/style.css");
  });
});

// Site paths come from the archive without the path prefix; siteUrl (settings.ts) carries the
// prefix and always ends with "/".
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
