import { describe, expect, test } from "vitest";
import { ArticleError } from "../../src/errors.ts";
import { createFrontMatterSchema, frontMatterFields, normalizeSourceText, parseArticle } from "../../src/content/schema.ts";
import { article } from "../fixtures/hostile/cases.ts";

const sourceKeys = ["tempo", "merdeka"];
const file = "articles/2017/x.md";

function parse(raw: string) {
  return parseArticle(raw, file, sourceKeys);
}

/** The error `parse` throws, for assertions on its problems. */
function problemsOf(raw: string): ArticleError["problems"] {
  try {
    parse(raw);
  } catch (error) {
    if (error instanceof ArticleError) return error.problems;
    throw error;
  }
  throw new Error("expected parseArticle to throw");
}

describe("parseArticle", () => {
  test("a valid file becomes a typed article with its URL, summary and defaults", () => {
    const parsed = parse(article({ section: "Tekno", reporter: "" }, "Paragraf pertama yang menjadi ringkasan.\n\nParagraf kedua.\n"));
    expect(parsed).toEqual({
      title: "Rapat koordinasi sintetis di Jakarta",
      date: "2017-08-04T14:54:00+07:00",
      source: "tempo",
      tags: ["Telegram"],
      section: "Tekno",
      file,
      epochMs: Date.UTC(2017, 7, 4, 7, 54),
      slug: "rapat-koordinasi-sintetis-di-jakarta",
      url: "/2017/08/04/rapat-koordinasi-sintetis-di-jakarta/",
      summary: "Paragraf pertama yang menjadi ringkasan.",
      sourceRelated: [],
      draft: false,
      body: "Paragraf pertama yang menjadi ringkasan.\n\nParagraf kedua.\n",
    });
  });

  test("the URL takes the calendar day in Jakarta, not the day of the written offset", () => {
    expect(parse(article({ date: '"2017-08-04T23:30:00Z"' })).url).toBe("/2017/08/05/rapat-koordinasi-sintetis-di-jakarta/");
  });

  test("an unquoted ISO date-time with offset stays the exact text (core schema, no YAML timestamp)", () => {
    expect(parse(article({ date: "2017-08-04T14:54:00+07:00" })).date).toBe("2017-08-04T14:54:00+07:00");
  });

  test("a byte-order mark and CRLF line endings parse exactly like the plain file", () => {
    const plain = article({}, "Satu.\n\nDua.\n");
    const windows = `\uFEFF${plain.replace(/\n/g, "\r\n")}`;
    expect(parse(windows)).toEqual(parse(plain));
  });

  test("a slug override sets the URL", () => {
    expect(parse(article({ slug: "durov-di-jakarta" })).url).toBe("/2017/08/04/durov-di-jakarta/");
  });

  test("a title that YAML reads as a number or boolean is kept as text", () => {
    expect(parse(article({ title: "2017" })).title).toBe("2017");
    expect(parse(article({ title: "yes" })).title).toBe("yes");
  });

  test("empty optional fields mean not given", () => {
    const parsed = parse(article({ reporter: "", editor: '""', dateline: "~", image: "", sourceRelated: "", slug: "", draft: "" }));
    expect(parsed.reporter).toBeUndefined();
    expect(parsed.editor).toBeUndefined();
    expect(parsed.dateline).toBeUndefined();
    expect(parsed.image).toBeUndefined();
    expect(parsed.sourceRelated).toEqual([]);
    expect(parsed.slug).toBe("rapat-koordinasi-sintetis-di-jakarta");
    expect(parsed.draft).toBe(false);
  });

  test("every failing field is reported at once, missing fields first, then in line order", () => {
    const raw = "---\ntitel: Salah ketik\ndate: 4 Agustus 2017\nsource: kompas\ntags: []\n---\n\nIsi.\n";
    expect(() => parse(raw)).toThrowErrorMatchingInlineSnapshot(`
      [ArticleError: articles/2017/x.md: field "title": required field is missing; expected the headline as text, e.g. title: "Bos Telegram tetap ogah buka data pengguna"
      articles/2017/x.md:2: field "titel": unknown field; did you mean "title"?; allowed fields: title, date, source, tags, section, reporter, editor, dateline, summary, image, signoff, sourceRelated, originalUrl, slug, aliases, draft
      articles/2017/x.md:3: field "date": expected an ISO 8601 date-time with offset such as "2017-08-04T14:54:00+07:00"; got "4 Agustus 2017"
      articles/2017/x.md:4: field "source": expected one of the outlet keys in templates/_data/sources.json (tempo, merdeka); add the outlet there first; got "kompas"
      articles/2017/x.md:5: field "tags": expected at least one topic, e.g. tags: [Telegram]; got []]
    `);
  });

  test("a typo in a nested field names the nested path and suggests the right name", () => {
    const raw = article({ image: "\n  captoin: Foto sintetis" });
    expect(() => parse(raw)).toThrowErrorMatchingInlineSnapshot(`
      [ArticleError: articles/2017/x.md:7: field "image.caption": required field is missing; expected the photo caption as text
      articles/2017/x.md:7: field "image.captoin": unknown field; did you mean "caption"?; allowed fields: caption, credit, file, alt]
    `);
  });

  test("a value of the wrong type gets the field's expected form with an example", () => {
    const raw = article({ title: "[Dua, Judul]", date: "20170804", section: "{ a: 1 }", draft: "ya" });
    expect(() => parse(raw)).toThrowErrorMatchingInlineSnapshot(`
      [ArticleError: articles/2017/x.md:2: field "title": expected the headline as text, e.g. title: "Bos Telegram tetap ogah buka data pengguna"; got ["Dua","Judul"]
      articles/2017/x.md:3: field "date": expected an ISO 8601 date-time with offset, e.g. date: "2017-08-04T14:54:00+07:00"; got 20170804
      articles/2017/x.md:6: field "section": expected the rubric as text, e.g. section: Tekno; got {"a":1}
      articles/2017/x.md:7: field "draft": expected true or false; got "ya"]
    `);
  });

  test("a date without offset, an impossible date and a YAML date are each refused with an example", () => {
    expect(problemsOf(article({ date: '"2017-08-04T14:54:00"' }))).toMatchInlineSnapshot(`
      [
        {
          "field": "date",
          "line": 3,
          "message": "expected an ISO 8601 date-time with offset such as "2017-08-04T14:54:00+07:00"; got "2017-08-04T14:54:00"",
        },
      ]
    `);
    expect(problemsOf(article({ date: '"2017-02-31T10:00:00+07:00"' }))).toMatchInlineSnapshot(`
      [
        {
          "field": "date",
          "line": 3,
          "message": "not a real date or time (you specified 31 (of type number) as a day, which is invalid); check the day, month and time, e.g. "2017-02-28T14:54:00+07:00"; got "2017-02-31T10:00:00+07:00"",
        },
      ]
    `);
    expect(problemsOf(article({ date: "2017-08-04" }))).toMatchInlineSnapshot(`
      [
        {
          "field": "date",
          "line": 3,
          "message": "expected an ISO 8601 date-time with offset such as "2017-08-04T14:54:00+07:00"; got "2017-08-04"",
        },
      ]
    `);
  });

  test("topics are refused when empty, duplicated by URL or without letters, once each", () => {
    expect(problemsOf(article({ tags: '[Telegram, "", "TELEGRAM", "!!!"]' }))).toMatchInlineSnapshot(`
      [
        {
          "field": "tags.1",
          "line": 5,
          "message": "expected a topic name, e.g. "Pavel Durov"; remove empty entries; got """,
        },
        {
          "field": "tags.2",
          "line": 5,
          "message": "duplicate topic (same as "Telegram"); list each topic once; got "TELEGRAM"",
        },
        {
          "field": "tags.3",
          "line": 5,
          "message": "a topic needs letters or digits to make its URL from; got "!!!"",
        },
      ]
    `);
  });

  test.each([
    ["../../../etc/passwd"],
    ["2017/berita"],
    ["/etc/passwd"],
    ["..\\\\windows"],
    ["%2e%2e%2fetc"],
    ["berita-sémuel"],
    ["．．／etc"],
    ["berita--ganda"],
    ["-berita"],
    ["Berita"],
    ["berita "],
  ])("the slug %j, which is not lowercase ASCII words with hyphens, is refused", (slug) => {
    const problems = problemsOf(article({ slug: JSON.stringify(slug) }));
    expect(problems).toEqual([
      { field: "slug", line: 6, message: `expected lowercase ASCII words joined by hyphens, e.g. slug: "durov-di-jakarta"; got ${JSON.stringify(slug)}` },
    ]);
  });

  test("permalink is not a field, so a URL cannot be set around the slug rules", () => {
    expect(problemsOf(article({ permalink: '"/../../etc/passwd"' }))).toEqual([
      { field: "permalink", line: 6, message: `unknown field; allowed fields: ${frontMatterFields.join(", ")}` },
    ]);
  });

  test("__proto__ and constructor are unknown fields and leave the article's prototype alone", () => {
    const problems = problemsOf(article({ ["__proto__"]: "{ draft: true }", constructor: "x" }));
    expect(problems.map((problem) => [problem.field, problem.line])).toEqual([
      ["__proto__", 6],
      ["constructor", 7],
    ]);
    expect(Object.getPrototypeOf(parse(article()))).toBe(Object.prototype);
  });

  test("'---js' front matter is refused without being evaluated", () => {
    const global = globalThis as { hostileFrontMatterRan?: boolean };
    const raw = "---js\n{ title: (globalThis.hostileFrontMatterRan = true) }\n---\n\nIsi.\n";
    expect(problemsOf(raw)).toEqual([{ line: 1, message: "front matter must be YAML: open it with a line that is exactly '---'" }]);
    expect(problemsOf(raw.replace("---js", "--- javascript"))).toHaveLength(1);
    expect(global.hostileFrontMatterRan).toBeUndefined();
  });

  test("a file without front matter, empty or blank is refused with what it needs", () => {
    expect(problemsOf("Judul\n\nIsi.\n")).toMatchInlineSnapshot(`
      [
        {
          "line": 1,
          "message": "no front matter: the file must start with a line '---', then the YAML fields, then another '---'",
        },
      ]
    `);
    expect(problemsOf("")).toMatchInlineSnapshot(`
      [
        {
          "message": "the file is empty; an article needs front matter and a body (see README, 'Adding an article')",
        },
      ]
    `);
    expect(problemsOf("\uFEFF \r\n\t\n")).toEqual(problemsOf(""));
  });

  test("front matter that is never closed is reported at its opening line", () => {
    expect(problemsOf("---\ntitle: Judul\ndate: x\n\nIsi berita.\n")).toMatchInlineSnapshot(`
      [
        {
          "line": 1,
          "message": "the front matter is never closed; add a line '---' after its last field, before the body",
        },
      ]
    `);
  });

  test("a line starting with '---' that would end the front matter early is reported at its line", () => {
    const raw = article().replace("source: tempo\n", "source: tempo\n------ catatan\n");
    expect(problemsOf(raw)).toMatchInlineSnapshot(`
      [
        {
          "line": 5,
          "message": "this line starts with '---' and so ends the front matter; the closing line must be exactly '---' (reword or indent this line)",
        },
      ]
    `);
  });

  test("empty front matter reports each required field", () => {
    expect(problemsOf("---\n# hanya komentar\n---\n\nIsi.\n").map((problem) => problem.field)).toEqual(["title", "date", "source", "tags"]);
  });

  test("front matter that is a list or a single value is refused", () => {
    expect(problemsOf("---\n- title\n- date\n---\n\nIsi.\n")).toMatchInlineSnapshot(`
      [
        {
          "line": 2,
          "message": "front matter must be a set of fields (name: value), e.g. title: "..."",
        },
      ]
    `);
    expect(problemsOf("---\nhanya teks\n---\n\nIsi.\n")).toEqual(problemsOf("---\n- title\n---\n\nIsi.\n"));
  });

  test("malformed YAML is reported with its line and what to check", () => {
    const raw = article({ source: undefined }).replace("tags:", "source tempo\ntags:");
    expect(problemsOf(raw)).toMatchInlineSnapshot(`
      [
        {
          "line": 4,
          "message": "malformed YAML: Implicit keys need to be on a single line; check quotes, colons and indentation",
        },
      ]
    `);
  });

  test("a field given twice is reported at the second one", () => {
    const raw = article({ section: "Tekno" }).replace("section: Tekno\n", "section: Tekno\nsection: Nasional\n");
    expect(problemsOf(raw)).toMatchInlineSnapshot(`
      [
        {
          "line": 7,
          "message": "malformed YAML: Map keys must be unique; a field is given twice; keep one",
        },
      ]
    `);
  });

  test("YAML tags are refused, so no field gets a Buffer, a Set or a JS function", () => {
    for (const value of ["!!binary aGVsbG8=", "!!set { a, b }", "!!js/function 'function () {}'", "!!timestamp 2017-08-04"]) {
      const problems = problemsOf(article({ section: value }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ line: 6, message: expect.stringContaining("YAML tags are not supported") });
    }
  });

  test("a map used as a field name is refused", () => {
    expect(problemsOf(article().replace("tags:", "? [a, b]\n: x\ntags:"))).toMatchInlineSnapshot(`
      [
        {
          "line": 5,
          "message": "a field name must be plain text; write fields as name: value",
        },
      ]
    `);
  });

  test('a YAML alias bomb ("billion laughs") is stopped and reported at its first alias', () => {
    const bomb = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]"];
    const raw = article().replace("\n---\n\n", `\n${bomb.join("\n")}\n---\n\n`);
    expect(problemsOf(raw)).toMatchInlineSnapshot(`
      [
        {
          "line": 7,
          "message": "front matter cannot be read: Excessive alias count indicates a resource exhaustion attack; write the values out instead of YAML aliases (*name)",
        },
      ]
    `);
  });

  test("invisible control characters in the file are reported by line and code point, five at most", () => {
    expect(problemsOf(article({}, "Satu\u0007.\n\nDua\u001b\u007f\u0085\uFFFE\u0000.\n"))).toMatchInlineSnapshot(`
      [
        {
          "line": 8,
          "message": "invisible control character U+0007, which HTML and XML do not allow; delete it (retype the text around it if your editor does not show it)",
        },
        {
          "line": 10,
          "message": "invisible control character U+001B, which HTML and XML do not allow; delete it (retype the text around it if your editor does not show it)",
        },
        {
          "line": 10,
          "message": "invisible control character U+007F, which HTML and XML do not allow; delete it (retype the text around it if your editor does not show it)",
        },
        {
          "line": 10,
          "message": "invisible control character U+0085, which HTML and XML do not allow; delete it (retype the text around it if your editor does not show it)",
        },
        {
          "line": 10,
          "message": "invisible control character U+FFFE, which HTML and XML do not allow; delete it (retype the text around it if your editor does not show it)",
        },
        {
          "message": "1 more such character; delete them all",
        },
      ]
    `);
  });

  test("a control character made by a YAML escape is refused in the field", () => {
    expect(problemsOf(article({ tags: '[Telegram, "Pavel\\u0008Durov"]' }))).toMatchInlineSnapshot(`
      [
        {
          "field": "tags.1",
          "line": 5,
          "message": "invisible control character U+0008, which HTML and XML do not allow; remove the escape that produces it; got "Pavel\\bDurov"",
        },
      ]
    `);
  });

  test("tabs, line breaks, emoji and Indonesian accents are allowed", () => {
    const parsed = parse(article({ title: '"Sémuel\\tbertemu 🚀 Rudiantara"' }, "Baris satu\tdengan tab.\nBaris dua.\n"));
    expect(parsed.title).toBe("Sémuel\tbertemu 🚀 Rudiantara");
    expect(parsed.slug).toBe("semuel-bertemu-rudiantara");
  });

  test("a title without letters or digits needs a slug, and a slug makes it valid", () => {
    expect(problemsOf(article({ title: '"🎉 !!!"' }))).toMatchInlineSnapshot(`
      [
        {
          "field": "title",
          "line": 2,
          "message": "the title has no letters or digits to make a URL from; add a field slug: "kata-kata-judul"",
        },
      ]
    `);
    expect(parse(article({ title: '"🎉 !!!"', slug: "perayaan" })).url).toBe("/2017/08/04/perayaan/");
  });

  test("an article without body text is refused", () => {
    expect(problemsOf(article({}, "\n\n  \n"))).toMatchInlineSnapshot(`
      [
        {
          "message": "the article has no body; write its paragraphs after the closing '---'",
        },
      ]
    `);
  });

  test("originalUrl takes only http(s) URLs", () => {
    expect(problemsOf(article({ originalUrl: '"javascript:alert(1)"' }))).toMatchInlineSnapshot(`
      [
        {
          "field": "originalUrl",
          "line": 6,
          "message": "expected an absolute http(s) URL, e.g. "https://www.tempo.co/..."; got "javascript:alert(1)"",
        },
      ]
    `);
    expect(parse(article({ originalUrl: '"https://www.tempo.co/read/1"' })).originalUrl).toBe("https://www.tempo.co/read/1");
  });
});

describe("normalizeSourceText", () => {
  test("drops a leading byte-order mark and turns CRLF and lone CR into LF", () => {
    expect(normalizeSourceText("\uFEFFa\r\nb\rc\n")).toBe("a\nb\nc\n");
  });

  test("keeps a byte-order mark that is not at the start of the file", () => {
    expect(normalizeSourceText("a\uFEFF")).toBe("a\uFEFF");
  });
});

describe("createFrontMatterSchema", () => {
  test("accepts only the given outlet keys and names them in the message", () => {
    const schema = createFrontMatterSchema(["tempo"]);
    const base = { title: "Judul", date: "2017-08-04T14:54:00+07:00", tags: ["Telegram"] };
    expect(schema.safeParse({ ...base, source: "tempo" }).success).toBe(true);
    const result = schema.safeParse({ ...base, source: "merdeka" });
    expect(result.error?.issues[0]?.message).toBe("expected one of the outlet keys in templates/_data/sources.json (tempo); add the outlet there first");
  });
});

describe("frontMatterFields", () => {
  test("lists every field the README documents, in its order", () => {
    expect(frontMatterFields).toEqual([
      "title",
      "date",
      "source",
      "tags",
      "section",
      "reporter",
      "editor",
      "dateline",
      "summary",
      "image",
      "signoff",
      "sourceRelated",
      "originalUrl",
      "slug",
      "aliases",
      "draft",
    ]);
  });
});

describe("aliases", () => {
  test("takes old URL paths, with a trailing slash or ending in .html", () => {
    expect(parse(article({ aliases: '["/2017/08/02/judul-lama/", "/berita/123.html"]' })).aliases).toEqual(["/2017/08/02/judul-lama/", "/berita/123.html"]);
    expect(parse(article({})).aliases).toBeUndefined();
  });

  test.each([["../x/"], ["/a/../b/"], ["/.rahasia/"], ["/tanpa-garis"], ["https://example.org/x/"], ["/a b/"]])("refuses %s with the field and the form expected", (alias) => {
    expect(() => parse(article({ aliases: `["${alias}"]` }))).toThrow(`field "aliases.0": expected the old URL path without the path prefix, e.g. "/2017/08/04/judul-lama/"; got "${alias}"`);
  });
});
