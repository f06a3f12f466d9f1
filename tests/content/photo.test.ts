import path from "node:path";
import { describe, expect, test } from "vitest";
import { ArticleError } from "../../src/errors.ts";
import { isPhotoFile, photoPathProblem, resolvePhotoFile } from "../../src/content/photo.ts";
import { parseArticle } from "../../src/content/schema.ts";
import { article } from "../fixtures/hostile/cases.ts";

describe("isPhotoFile", () => {
  test("takes the photo extensions in any case and nothing else", () => {
    expect(["a.jpg", "a.JPEG", "b.png", "c.webp", "d.avif"].map(isPhotoFile)).toEqual([true, true, true, true, true]);
    expect(["a.gif", "a.md", "jpg", "a.jpg.txt"].map(isPhotoFile)).toEqual([false, false, false, false]);
  });
});

describe("photoPathProblem", () => {
  test("accepts a relative path with a photo extension", () => {
    expect(photoPathProblem("foto/durov.jpg")).toBeUndefined();
    expect(photoPathProblem("durov.png")).toBeUndefined();
  });

  test.each([
    ["/etc/foto.jpg", /an absolute path is not allowed/],
    ["C:/foto.jpg", /an absolute path is not allowed/],
    ["../foto.jpg", /without "\." or "\.\." segments/],
    ["foto/../../x.jpg", /without "\." or "\.\." segments/],
    ["./foto.jpg", /without "\." or "\.\." segments/],
    ["foto//x.jpg", /without "\." or "\.\." segments/],
    ["foto\\x.jpg", /write the path with "\/"/],
    ["foto/x.gif", /expected a photo file ending in \.jpg/],
  ])("refuses %s", (value, message) => {
    expect(photoPathProblem(value)).toMatch(message);
  });
});

describe("resolvePhotoFile", () => {
  const root = path.resolve("/arsip/articles");
  test("resolves next to the article", () => {
    expect(resolvePhotoFile(root, path.join(root, "2017", "x.md"), "foto/d.jpg")).toEqual({ path: path.join(root, "2017", "foto", "d.jpg") });
  });
  test("refuses a place outside the folder", () => {
    expect(resolvePhotoFile(root, path.join(root, "x.md"), "../luar.jpg")).toEqual({ problem: expect.stringMatching(/inside the articles folder/) });
  });
});

describe("image.file in the schema", () => {
  const parse = (image: string) => parseArticle(article({ image }), "articles/2017/x.md", ["tempo", "merdeka"]);

  test("is optional beside caption and credit, with an optional alt", () => {
    expect(parse("\n  caption: Foto.\n").image).toEqual({ caption: "Foto." });
    expect(parse('\n  caption: Foto.\n  file: foto/d.jpg\n  alt: "Durov berjabat tangan"\n').image).toEqual({ caption: "Foto.", file: "foto/d.jpg", alt: "Durov berjabat tangan" });
  });

  test("a bad path is reported with file, line and field", () => {
    try {
      parse("\n  caption: Foto.\n  file: ../../rahasia.jpg\n");
      throw new Error("expected an error");
    } catch (error) {
      expect(error).toBeInstanceOf(ArticleError);
      expect((error as ArticleError).message).toMatch(/^articles\/2017\/x\.md:\d+: field "image\.file": expected a path inside the articles folder without "\." or "\.\." segments, e\.g\. "foto\/durov\.jpg"; got "\.\.\/\.\.\/rahasia\.jpg"$/);
    }
  });
});
