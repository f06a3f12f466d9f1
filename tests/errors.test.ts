import { describe, expect, test } from "vitest";
import { ArchiveError, ArticleError, formatArchiveError, formatArticleError, SettingsError } from "../src/errors.ts";

const file = "articles/2017/x.md";

describe("formatArticleError", () => {
  test("prints one line per problem: file, line, field, message", () => {
    expect(
      formatArticleError(file, [
        { field: "date", line: 3, message: 'expected an ISO 8601 date-time with offset such as "2017-08-04T14:54:00+07:00"; got "4 Agustus 2017"' },
        { field: "image.caption", line: 9, message: "expected text" },
      ]),
    ).toMatchInlineSnapshot(`
      "articles/2017/x.md:3: field "date": expected an ISO 8601 date-time with offset such as "2017-08-04T14:54:00+07:00"; got "4 Agustus 2017"
      articles/2017/x.md:9: field "image.caption": expected text"
    `);
  });

  test("leaves out the line or the field when they are not known", () => {
    expect(formatArticleError(file, [{ field: "title", message: "required field is missing" }, { line: 1, message: "no front matter" }, { message: "the file is empty" }]))
      .toMatchInlineSnapshot(`
        "articles/2017/x.md: field "title": required field is missing
        articles/2017/x.md:1: no front matter
        articles/2017/x.md: the file is empty"
      `);
  });
});

describe("ArticleError", () => {
  test("carries the file and problems and uses them as its message", () => {
    const problems = [{ field: "source", line: 4, message: "expected an outlet key" }];
    const error = new ArticleError(file, problems);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ArticleError");
    expect(error.file).toBe(file);
    expect(error.problems).toEqual(problems);
    expect(error.message).toBe('articles/2017/x.md:4: field "source": expected an outlet key');
  });

  test("keeps the error that caused it", () => {
    const cause = new SyntaxError("bad YAML");
    expect(new ArticleError(file, [{ message: "front matter cannot be read" }], { cause }).cause).toBe(cause);
  });
});

describe("ArchiveError", () => {
  test("counts problems and files in a heading, then lists every problem of every file", () => {
    const error = new ArchiveError([
      new ArticleError("articles/a.md", [{ field: "title", line: 2, message: "expected text" }, { field: "date", line: 3, message: "expected a date" }]),
      new ArticleError("articles/b.md", [{ message: "the file is empty" }]),
    ]);
    expect(error.name).toBe("ArchiveError");
    expect(error.errors).toHaveLength(2);
    expect(error.message).toMatchInlineSnapshot(`
      "3 problems in 2 files:
      articles/a.md:2: field "title": expected text
      articles/a.md:3: field "date": expected a date
      articles/b.md: the file is empty"
    `);
  });

  test("uses the singular for one problem in one file", () => {
    expect(formatArchiveError([new ArticleError(file, [{ message: "the file is empty" }])])).toMatchInlineSnapshot(`
      "1 problem in 1 file:
      articles/2017/x.md: the file is empty"
    `);
  });
});

describe("SettingsError", () => {
  test("is an Error named SettingsError", () => {
    const error = new SettingsError('PATH_PREFIX: expected a URL path such as "/arsip/", got "../x"');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("SettingsError");
    expect(String(error)).toBe('SettingsError: PATH_PREFIX: expected a URL path such as "/arsip/", got "../x"');
  });
});
