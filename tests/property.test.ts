/**
 * Property-based tests (fast-check) for issue 7: random titles, tags and other text never produce
 * unescaped markup in HTML, broken JSON-LD or invalid feed XML, and no front matter can give an
 * article a URL outside its folder. The build property runs one real build over a fixed sample
 * (seeded, so every run builds the same articles).
 */
import fs from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ArticleError } from "../src/errors.ts";
import { jsonForScript } from "../src/render/filters.ts";
import { parseArticle } from "../src/content/schema.ts";
import { slugPattern } from "../src/content/slug.ts";
import { activeMarkup, atomEntries, filesEndingWith, headingOf, jsonLdBlocks, markerElement, newsArticleOf, topicNamesOf, xmlProblems } from "./fixtures/hostile/inspect.ts";
import { makeTempDir, runBuild, writeFixture, type BuildResult } from "./helpers/build.ts";

/** Pieces that break HTML, scripts, XML, templates or paths when pasted unescaped. */
const hostilePieces = [
  "<", ">", "&", '"', "'", "/", "\\", "=", "`",
  "<script>", "</script>", "</SCRIPT >", "<!--", "-->", "]]>", "<![CDATA[", `<${markerElement}>`, `</${markerElement}>`,
  '"><img src=x onerror=alert(1)>', "javascript:", "&amp;", "&#39;", "&lt;", "&#x3c;", "\u2028", "\u2029",
  "{{ 7*7 }}", "{% raw %}", "${7*7}", " ", "\t", "\n", "é", "Ñ", "🚀", "👩🏽‍💻", "A", "b", "1", "%2e%2e%2f", "../", ":", "#", "?", "-",
];

/** Characters the schema refuses (tests/schema.test.ts); generated text for valid articles drops them. */
const refused = /(?![\t\n])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/** Text an editor could type or paste: hostile pieces, any graphemes, any code points. */
const anyText = fc.oneof(
  fc.array(fc.constantFrom(...hostilePieces), { maxLength: 10 }).map((parts) => parts.join("")),
  fc.string({ unit: "grapheme", maxLength: 16 }),
  fc.string({ unit: "binary", maxLength: 16 }),
);
const validText = anyText.map((text) => text.replace(refused, ""));

const safeUrl = /^\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9]+(?:-[a-z0-9]+)*\/$/;

function articleFile(fields: Record<string, unknown>, body = "Paragraf sintetis.\n"): string {
  const lines = Object.entries(fields).map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
  return `---\n${lines.join("\n")}\n---\n\n${body}`;
}

describe("jsonForScript", () => {
  test("any JSON value comes back unchanged through JSON.parse, with no <, >, & or line separators left", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), anyText), (value) => {
        const json = jsonForScript(value);
        expect(json).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("parseArticle", () => {
  test("any title, tag and slug either fail with an ArticleError or give a URL inside the site", () => {
    fc.assert(
      fc.property(anyText, anyText, fc.option(anyText, { nil: undefined }), (title, tag, slug) => {
        const raw = articleFile({ title, date: "2017-08-04T14:54:00+07:00", source: "tempo", tags: [tag], ...(slug === undefined ? {} : { slug }) });
        try {
          const parsed = parseArticle(raw, "x.md", ["tempo"]);
          expect(parsed.url).toMatch(safeUrl);
          expect(parsed.slug).toMatch(slugPattern);
          expect(parsed.title).toBe(title.trim());
        } catch (error) {
          expect(error).toBeInstanceOf(ArticleError);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("activeMarkup", () => {
  test("finds injected elements, handlers, javascript: URLs and scripts closed early (the oracle can fail)", () => {
    expect(activeMarkup('<p>&lt;img src=x onerror=alert(1)&gt;</p><meta content="&lt;script&gt; onerror=x">')).toEqual([]);
    expect(activeMarkup('<p><img src=x onerror=alert(1)></p>')).toEqual(["<img src=x onerror=alert(1)>"]);
    expect(activeMarkup(`<h1><${markerElement}>x</${markerElement}></h1>`)).toEqual([`<${markerElement}>`]);
    expect(activeMarkup('<a href=" JavaScript:alert(1)">x</a>')).toHaveLength(1);
    expect(activeMarkup('<script type="application/ld+json">{"a":"</script><script>alert(1)</script>"}</script>')).toEqual([
      "<script>",
      "2 <script> but 3 </script>",
    ]);
  });
});

describe("xmlProblems", () => {
  test("finds what XML 1.0 forbids but a lenient validator lets through (the oracle can fail)", () => {
    expect(xmlProblems("<a>x &amp; y</a>")).toEqual([]);
    expect(xmlProblems("<a>x ]]> y</a>")).toEqual(['"]]>" in text outside a CDATA section']);
    expect(xmlProblems("<a>\u0001</a>")).toEqual(["character U+1 is not allowed in XML"]);
    expect(xmlProblems("<a>&#1;</a>")).toEqual(["reference &#1; names a character XML forbids"]);
    expect(xmlProblems("<a><b></a>")).toHaveLength(1);
  });
});

interface SampledArticle {
  title: string;
  tags: string[];
  summary: string;
  caption: string;
  reporter: string;
}

/** 30 articles of random text; the numbers keep titles, topics and reporters unique by URL. */
const sample: SampledArticle[] = fc
  .sample(
    fc.record({
      title: validText,
      tags: fc.array(validText, { minLength: 1, maxLength: 4 }),
      summary: validText,
      caption: validText,
      reporter: validText,
    }),
    { numRuns: 30, seed: 20170804 },
  )
  .map((random, index) => ({
    title: `Judul ${index + 1} ${random.title}`.trim(),
    tags: random.tags.map((tag, position) => `Topik ${index + 1}-${position + 1} ${tag}`.trim()),
    summary: `${random.summary} ringkasan`.trim(),
    caption: `${random.caption} foto`.trim(),
    // Reporter pages are grouped by name but addressed by slug: see the todo in tests/hostile-valid.test.ts.
    reporter: `Reporter ${index + 1} ${random.reporter}`.trim(),
  }));

let articlesDir: string;
let output: string;
let result: BuildResult;
let entries: ReturnType<typeof atomEntries>;
const pages = new Map<SampledArticle, string>();

beforeAll(async () => {
  articlesDir = await writeFixture(
    Object.fromEntries(
      sample.map((item, index) => [
        `acak-${index + 1}.md`,
        articleFile({
          title: item.title,
          date: `2017-08-${String(index + 1).padStart(2, "0")}T10:00:00+07:00`,
          source: index % 2 === 0 ? "tempo" : "merdeka",
          tags: item.tags,
          summary: item.summary,
          reporter: item.reporter,
          image: { caption: item.caption },
        }),
      ]),
    ),
  );
  output = path.join(await makeTempDir(), "_site");
  result = await runBuild({ ARTICLES_DIR: articlesDir, OUTPUT_DIR: output });
  if (result.code !== 0) return;
  entries = atomEntries(await fs.readFile(path.join(output, "feed.xml"), "utf8"));
  for (const html of await filesEndingWith(output, ".html")) {
    const page = await fs.readFile(html, "utf8");
    const item = sample.find((candidate) => newsArticleOf(page)?.headline === candidate.title);
    if (item) pages.set(item, page);
  }
});

afterAll(async () => {
  await fs.rm(articlesDir, { recursive: true, force: true });
  await fs.rm(path.dirname(output), { recursive: true, force: true });
});

describe("npm run build", () => {
  test("builds 30 articles of random hostile text", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(pages.size).toBe(sample.length);
  });

  test("random titles and topics reach each page as text, in the heading, the topic list and the JSON-LD", () => {
    for (const item of sample) {
      const page = pages.get(item)!;
      expect(headingOf(page)).toBe(item.title);
      expect(topicNamesOf(page)).toEqual(item.tags);
      expect(newsArticleOf(page)?.keywords).toEqual(item.tags);
      expect(newsArticleOf(page)?.description).toBe(item.summary);
    }
  });

  test("no page carries live markup and every JSON-LD block parses", async () => {
    const found: string[] = [];
    for (const file of await filesEndingWith(output, ".html")) {
      const page = await fs.readFile(file, "utf8");
      expect(() => jsonLdBlocks(page), file).not.toThrow();
      for (const tag of activeMarkup(page)) found.push(`${path.relative(output, file)}: ${tag}`);
    }
    expect(found).toEqual([]);
  });

  test("every Atom feed is well-formed XML 1.0, and the site feed gives titles, summaries and topics back", async () => {
    const feeds = await filesEndingWith(output, ".xml");
    expect(feeds.length).toBeGreaterThan(sample.length);
    for (const feed of feeds) expect(xmlProblems(await fs.readFile(feed, "utf8")), path.relative(output, feed)).toEqual([]);
    for (const item of sample) {
      const entry = entries.find((candidate) => candidate.title === item.title);
      expect(entry, item.title).toBeDefined();
      expect(entry!.summary).toBe(item.summary);
      expect(entry!.categories).toEqual(item.tags);
    }
  });

  test("every JSON Feed parses", async () => {
    for (const feed of await filesEndingWith(output, ".json")) {
      const json = await fs.readFile(feed, "utf8");
      expect(() => JSON.parse(json), path.relative(output, feed)).not.toThrow();
    }
  });
});
