import { describe, expect, test } from "vitest";
import { aliasProblems, redirectsOf } from "../../src/archive/aliases.ts";

const a = { url: "/2017/08/04/baru/", title: "Baru", file: "articles/a.md", aliases: ["/2017/08/04/lama/", "/berita/1.html"] };
const b = { url: "/2017/08/05/lain/", title: "Lain", file: "articles/b.md" };
const files = new Map([[a.url, a.file], [b.url, b.file]]);

describe("redirectsOf", () => {
  test("one redirect per alias, to the article's URL, ordered by old URL", () => {
    expect(redirectsOf([a, b])).toEqual([
      { from: "/2017/08/04/lama/", to: a.url, title: "Baru", file: "articles/a.md" },
      { from: "/berita/1.html", to: a.url, title: "Baru", file: "articles/a.md" },
    ]);
  });
});

describe("aliasProblems", () => {
  test("a free old URL is fine", () => {
    expect(aliasProblems(redirectsOf([a, b]), ["index.html", "2017/08/04/baru/index.html"], files)).toEqual([]);
  });

  test("refuses an alias that is the article's own URL, another article's URL, a page, a build folder, or claimed twice", () => {
    const articles = [
      { ...a, aliases: [a.url, b.url, "/topik/", "/assets/x.css", "/2017/08/04/lama/"] },
      { ...b, aliases: ["/2017/08/04/lama/index.html"] },
    ];
    expect(aliasProblems(redirectsOf(articles), ["topik/index.html"], files)).toEqual([
      'articles/a.md: field "aliases": "/2017/08/04/baru/" is the article\'s own URL; remove it from aliases',
      'articles/b.md: field "aliases": "/2017/08/04/lama/index.html" is also an alias of articles/a.md; one old URL can redirect to one article only: remove it from one of them',
      'articles/a.md: field "aliases": "/2017/08/05/lain/" is the URL of another article (articles/b.md): a redirect there would hide that article, and its own aliases would redirect to a redirect; remove it from aliases',
      'articles/a.md: field "aliases": "/assets/x.css" lies in /assets/, which the build writes itself; remove it from aliases',
      'articles/a.md: field "aliases": "/topik/" is the URL of a page of the site (topik/index.html); an alias must name an address no page has; remove it from aliases',
    ]);
  });
});
