import path from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ArticleError } from "../../src/errors.ts";
import {
  createDraftFields,
  displayPath,
  draftBodyPlaceholder,
  draftPath,
  parseTagList,
  readDateArgument,
  renderDraft,
  renderFrontMatter,
  yamlString,
  type DraftFields,
} from "../../src/authoring/scaffold.ts";
import { frontMatterFields, parseArticle } from "../../src/content/schema.ts";

const sourceKeys = ["tempo", "merdeka"];

const required = {
  title: "Bos Telegram Pavel Durov: Indonesia Sangat Luar Biasa",
  date: "2017-08-04T14:54:00+07:00",
  source: "tempo",
  tags: ["Telegram", "Pavel Durov"],
};

function parse(text: string) {
  return parseArticle(text, "articles/2017/draft.md", sourceKeys);
}

describe("renderFrontMatter", () => {
  test("writes every field of the schema once, in the schema's order", () => {
    const keys = renderFrontMatter(createDraftFields(required))
      .split("\n")
      .map((line) => /^([A-Za-z]+):/.exec(line)?.[1])
      .filter((key) => key !== undefined);
    expect(keys).toEqual(frontMatterFields);
  });

  test("leaves unknown fields empty and marks the draft", () => {
    expect(renderFrontMatter(createDraftFields(required))).toBe(
      [
        'title: "Bos Telegram Pavel Durov: Indonesia Sangat Luar Biasa"',
        'date: "2017-08-04T14:54:00+07:00"',
        'source: "tempo"',
        "tags:",
        '  - "Telegram"',
        '  - "Pavel Durov"',
        "section:",
        "reporter:",
        "editor:",
        "dateline:",
        "summary:",
        "image:",
        "signoff:",
        "sourceRelated:",
        "originalUrl:",
        "slug:",
        "aliases:",
        "draft: true",
        "",
      ].join("\n"),
    );
  });

  test("writes the image and the outlet's related list as nested YAML", () => {
    const text = renderFrontMatter({
      ...required,
      image: { caption: "CEO Telegram datangi Kemenkominfo.", credit: "©2017 merdeka.com/muhammad luthfi rahman" },
      sourceRelated: [{ title: "Login ke Telegram Bisa Tanpa Sinyal", date: "34 hari lalu", summary: "Skema login baru." }, { title: "CEO Telegram temui Menkominfo" }],
    });
    expect(text).toContain(
      [
        "image:",
        '  caption: "CEO Telegram datangi Kemenkominfo."',
        '  credit: "©2017 merdeka.com/muhammad luthfi rahman"',
        "signoff:",
        "sourceRelated:",
        '  - title: "Login ke Telegram Bisa Tanpa Sinyal"',
        '    date: "34 hari lalu"',
        '    summary: "Skema login baru."',
        '  - title: "CEO Telegram temui Menkominfo"',
      ].join("\n"),
    );
  });

  test("refuses a field the schema does not know", () => {
    expect(() => renderFrontMatter({ ...required, titel: "x" } as DraftFields)).toThrow(/not front-matter fields: titel/);
  });
});

describe("renderDraft", () => {
  test("makes a file that parseArticle accepts as a draft with the given fields", () => {
    const article = parse(renderDraft(createDraftFields(required), draftBodyPlaceholder));
    expect(article).toMatchObject({ ...required, draft: true, body: `${draftBodyPlaceholder}\n` });
    expect(article.reporter).toBeUndefined();
    expect(article.image).toBeUndefined();
    expect(article.sourceRelated).toEqual([]);
  });

  test("keeps every value exactly through YAML, including text YAML would otherwise misread", () => {
    const fields: DraftFields = {
      ...required,
      title: 'Durov: "Indonesia #1" - yes',
      section: "1945",
      reporter: "null",
      editor: "true",
      dateline: "- Jakarta",
      summary: "'kutip' & \\ backslash, tab\tand { braces } [brackets] *star* @at `tick` %persen",
      image: { caption: "Foto: ~ tilde", credit: "ANTARA/Galih Pradipta" },
      signoff: "NUR QOLBI | AMB",
      sourceRelated: [{ title: "Bos Telegram: belum?", date: "32 hari lalu", summary: "Ringkasan > satu baris." }],
      originalUrl: "https://www.tempo.co/a?b=1#c",
      slug: "durov-di-jakarta",
    };
    const article = parse(renderDraft(fields, "Isi."));
    const { draft: _draft, ...expected } = fields;
    expect(article).toMatchObject(expected);
  });

  test("keeps any printable reporter name exactly, whatever characters it holds (trimmed, as the schema reads it)", () => {
    // Control characters and noncharacters are the schema's to refuse; any other text must survive YAML.
    const printable = fc
      .string({ unit: "binary", maxLength: 40 })
      .filter((name) => name.trim() !== "" && !/[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/u.test(name));
    fc.assert(
      fc.property(printable, (name) => {
        expect(parse(renderDraft({ ...required, reporter: name }, "Isi.")).reporter).toBe(name.trim());
      }),
      { numRuns: 100 },
    );
  });

  test("writes the comment as YAML comment lines at the top of the front matter", () => {
    const text = renderDraft(createDraftFields(required), "Isi.", { comment: "Imported from x.txt\nCheck it." });
    expect(text.startsWith("---\n# Imported from x.txt\n# Check it.\ntitle: ")).toBe(true);
    expect(parse(text).title).toBe(required.title);
  });

  test("ends the file with exactly one newline after the body", () => {
    expect(renderDraft(createDraftFields(required), "\nSatu.\n\nDua.\n\n\n")).toMatch(/---\n\nSatu\.\n\nDua\.\n$/);
  });

  test("a draft without tags fails validation naming the field", () => {
    expect(() => parse(renderDraft({ ...required, tags: [] }, "Isi."))).toThrow(ArticleError);
    expect(() => parse(renderDraft({ ...required, tags: [] }, "Isi."))).toThrow(/field "tags"/);
  });
});

describe("yamlString", () => {
  test("escapes the characters YAML does not allow unescaped", () => {
    expect(yamlString("a\u0085b\ufeffc\u007f")).toBe('"a\\u0085b\\ufeffc\\u007f"');
  });
});

describe("draftPath", () => {
  test("names the file like the existing articles: year folder, outlet, Jakarta date, title words", () => {
    expect(draftPath(required)).toBe("2017/tempo-2017-08-04-bos-telegram-pavel-durov-indonesia.md");
  });

  test("uses the day in Jakarta, not in UTC", () => {
    expect(draftPath({ ...required, date: "2017-12-31T17:30:00Z" })).toBe("2018/tempo-2018-01-01-bos-telegram-pavel-durov-indonesia.md");
  });

  test("takes the words from the slug when one is given", () => {
    expect(draftPath({ ...required, source: "merdeka", slug: "bos-telegram-ogah-buka-data" })).toBe(
      "2017/merdeka-2017-08-04-bos-telegram-ogah-buka-data.md",
    );
  });

  test("refuses a title with nothing to name the file after", () => {
    expect(() => draftPath({ ...required, title: "!!!" })).toThrow(/no letters or digits/);
  });

  test("refuses an outlet key that could leave the folder", () => {
    expect(() => draftPath({ ...required, source: "../x" })).toThrow(/not usable in a file name/);
  });
});

describe("parseTagList", () => {
  test("splits on commas and drops blanks", () => {
    expect(parseTagList(" Telegram, Pavel Durov ,, ")).toEqual(["Telegram", "Pavel Durov"]);
  });
});

describe("readDateArgument", () => {
  test("accepts ISO 8601 with offset as given", () => {
    expect(readDateArgument("2017-08-04T14:54:00+07:00")).toBe("2017-08-04T14:54:00+07:00");
  });

  test("accepts a date as Indonesian outlets print it", () => {
    expect(readDateArgument("Jumat, 4 Agustus 2017 14:54 WIB")).toBe("2017-08-04T14:54:00+07:00");
  });

  test("refuses a date without time or offset", () => {
    expect(readDateArgument("2017-08-04")).toBeUndefined();
    expect(readDateArgument("2017-08-04T14:54")).toBeUndefined();
  });
});

describe("createDraftFields", () => {
  test("marks the new article as a draft", () => {
    expect(createDraftFields(required)).toEqual({ ...required, draft: true });
  });
});

describe("displayPath", () => {
  test("is relative inside the working folder and absolute outside it", () => {
    expect(displayPath("/work/arsip/articles/2017/a.md", "/work/arsip")).toBe(path.join("articles", "2017", "a.md"));
    expect(displayPath("/tmp/x/2017/a.md", "/work/arsip")).toBe("/tmp/x/2017/a.md");
  });
});
