/**
 * src/content/parse-pool.ts: a parser that hands files to worker threads once a load is large
 * gives exactly what parsing in this thread gives, errors included, and parses small loads here.
 */
import { afterEach, describe, expect, test } from "vitest";
import { makeCorpus } from "../../bench/corpus.ts";
import { ArticleError } from "../../src/errors.ts";
import { parseArticleText } from "../../src/content/parse.ts";
import { createParser, type Parser } from "../../src/content/parse-pool.ts";
import { testOutlets } from "../helpers/articles.ts";

const sourceKeys = [...testOutlets.keys(), "kompas", "detik", "antara", "cnn-indonesia"];
const corpus = makeCorpus(120, 5);
const opened: Parser[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((parser) => parser.close()));
});

function parser(options: Parameters<typeof createParser>[0]): Parser {
  const created = createParser(options);
  opened.push(created);
  return created;
}

describe("createParser", () => {
  test("past `inlineFirst`, workers parse files, with results equal to parsing in this thread", async () => {
    const pool = parser({ inlineFirst: 0, workers: 1 });
    // Worker start-up takes a moment: the first files are parsed here meanwhile, later ones there.
    const results: unknown[] = [];
    for (let round = 0; round < 20 && pool.counts.inWorkers === 0; round++) {
      results.push(...(await Promise.all(corpus.map((article) => pool.parse(article.text, article.file, sourceKeys)))));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(pool.counts.inWorkers).toBeGreaterThan(0);
    const expected = corpus.map((article) => parseArticleText(article.text, article.file, sourceKeys));
    for (let at = 0; at < results.length; at += corpus.length) expect(results.slice(at, at + corpus.length)).toEqual(expected);
  });

  test("a worker's ArticleError comes back as an ArticleError with the same file and problems", async () => {
    const pool = parser({ inlineFirst: 0, workers: 1 });
    const broken = corpus[0]!.text.replace(/^date: .*$/m, "date: kemarin sore");
    let inline: unknown;
    try {
      parseArticleText(broken, "articles/rusak.md", sourceKeys);
    } catch (error) {
      inline = error;
    }
    expect(inline).toBeInstanceOf(ArticleError);
    for (let round = 0; round < 40 && pool.counts.inWorkers === 0; round++) {
      await pool.parse(corpus[1]!.text, corpus[1]!.file, sourceKeys);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(pool.counts.inWorkers).toBeGreaterThan(0);
    const before = pool.counts.inWorkers;
    const failure = await pool.parse(broken, "articles/rusak.md", sourceKeys).then(() => undefined, (error: unknown) => error);
    expect(pool.counts.inWorkers).toBe(before + 1);
    expect(failure).toBeInstanceOf(ArticleError);
    expect((failure as ArticleError).file).toBe("articles/rusak.md");
    expect((failure as ArticleError).problems).toEqual((inline as ArticleError).problems);
    expect((failure as ArticleError).message).toBe((inline as ArticleError).message);
  });

  test("without `shareWork`, every file past `inlineFirst` waits for a worker", async () => {
    const pool = parser({ inlineFirst: 5, workers: 1, shareWork: false });
    const results = await Promise.all(corpus.map((article) => pool.parse(article.text, article.file, sourceKeys)));
    expect(pool.counts).toEqual({ inline: 5, inWorkers: corpus.length - 5 });
    expect(results).toEqual(corpus.map((article) => parseArticleText(article.text, article.file, sourceKeys)));
  });

  test("a load no larger than `inlineFirst`, or with no workers, parses every file in this thread", async () => {
    const small = parser({ inlineFirst: corpus.length, workers: 1 });
    await Promise.all(corpus.map((article) => small.parse(article.text, article.file, sourceKeys)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all(corpus.map((article) => small.parse(article.text, article.file, sourceKeys)));
    // Past the threshold workers start, but none is ready this soon after: all parsed here so far.
    expect(small.counts.inline).toBeGreaterThanOrEqual(corpus.length);
    const none = parser({ inlineFirst: 0, workers: 0 });
    await Promise.all(corpus.map((article) => none.parse(article.text, article.file, sourceKeys)));
    expect(none.counts).toEqual({ inline: corpus.length, inWorkers: 0 });
  });
});
