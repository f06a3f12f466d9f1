/**
 * Times the same-event grouping (src/archive/events.ts) over a generated corpus, in one process
 * and without Eleventy or the file system: the corpus of bench/corpus.ts is parsed in memory, its
 * key terms computed, and then only `findSameEvent` is timed (median of 3 runs), beside
 * `findRelated` over the same documents for scale. Prints one JSON object.
 *
 *   npx tsx bench/events.ts [articles = 10000] [seed = 1]
 */
import { findSameEvent } from "../src/archive/events.ts";
import { findRelated, type RelatedDoc } from "../src/archive/related.ts";
import { parseArticle } from "../src/content/schema.ts";
import { slugify } from "../src/content/slug.ts";
import { keyTerms } from "../src/content/terms.ts";
import { makeCorpus, outletKeys } from "./corpus.ts";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return Math.round((performance.now() - started) * 10) / 10;
}

const n = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);
const docs: RelatedDoc[] = makeCorpus(n, seed).map((generated) => {
  const article = parseArticle(generated.text, generated.file, outletKeys);
  return {
    id: article.url,
    topics: article.tags.map(slugify),
    terms: keyTerms(article.title, article.body),
    source: article.source,
    section: article.section,
    publishedAt: article.epochMs,
  };
});

const groupingRuns = [0, 1, 2].map(() => timed(() => findSameEvent(docs)));
const relatedRuns = [0, 1, 2].map(() => timed(() => findRelated(docs)));
const groups = findSameEvent(docs);
const listed = [...groups.values()].map((matches) => matches.length);
console.log(
  JSON.stringify({
    articles: n,
    sameEventMs: median(groupingRuns),
    sameEventRunsMs: groupingRuns,
    relatedMs: median(relatedRuns),
    articlesWithSameEvent: listed.filter((length) => length > 0).length,
    meanSameEvent: Math.round((listed.reduce((sum, length) => sum + length, 0) / n) * 100) / 100,
  }),
);
