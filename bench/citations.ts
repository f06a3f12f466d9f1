/**
 * Times what citing adds to each article page (src/archive/citation.ts): the RIS, BibTeX and
 * CSL-JSON downloads through citation-js, the APA reference and the Highwire tags, over a
 * generated corpus in one process, without Eleventy. Reports the median of 3 runs, the cost per
 * article, the figure extrapolated to 10,000 articles and the bytes the Kutip section and tags
 * add to a page. Prints one JSON object.
 *
 *   npx tsx bench/citations.ts [articles = 2000] [seed = 1]
 */
import { articleCitation, highwireTags, type Citable } from "../src/archive/citation.ts";
import { parseArticle } from "../src/content/schema.ts";
import { makeCorpus, outletKeys } from "./corpus.ts";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const n = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 1);
const siteUrl = "https://arsip.example.org/";

const articles: (Citable & { topics: { name: string }[] })[] = makeCorpus(n, seed).map((generated) => {
  const article = parseArticle(generated.text, generated.file, outletKeys);
  return { ...article, outlet: { name: article.source }, topics: article.tags.map((name) => ({ name })) };
});

function run(): number {
  const started = performance.now();
  for (const article of articles) {
    articleCitation(article, siteUrl, "Arsip Berita");
    highwireTags(article, siteUrl);
  }
  return performance.now() - started;
}

const runs = [run(), run(), run()].map((ms) => Math.round(ms));
const perArticleMs = median(runs) / n;
const sample = articleCitation(articles[0]!, siteUrl, "Arsip Berita");
const bytes = [sample.ris.href, sample.bibtex.href, sample.csl.href].reduce((sum, href) => sum + href.length, 0);
console.log(
  JSON.stringify({
    articles: n,
    citationsMs: median(runs),
    runsMs: runs,
    perArticleMs: Math.round(perArticleMs * 1000) / 1000,
    extrapolated10kMs: Math.round(perArticleMs * 10_000),
    downloadBytesPerPage: bytes,
  }),
);
