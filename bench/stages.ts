/**
 * Times the data stages of a build in one process, without Eleventy: parsing every article
 * (loadArticles, which computes key terms and every body's HTML template too), key
 * terms alone, the related lists alone (findRelated, median of 3), all Markdown bodies, and the
 * whole archive (buildArchive, which fills in the read-also links of the body templates). Run by
 * bench/run.ts in a child process so that its memory does not add to the runner's; prints one
 * JSON object.
 *
 *   npx tsx bench/stages.ts <articles folder>
 */
import path from "node:path";
import { buildArchive } from "../src/archive/archive.ts";
import { loadArticles } from "../src/content/load.ts";
import { renderBody } from "../src/content/markdown/index.ts";
import { findRelated, type RelatedDoc } from "../src/archive/related.ts";
import { readOutlets } from "../src/build/site.ts";
import { slugify } from "../src/content/slug.ts";
import { keyTerms } from "../src/content/terms.ts";

export interface StageTimes {
  articles: number;
  loadMs: number;
  keyTermsMs: number;
  /** Median of 3 runs of findRelated over prepared documents. */
  relatedMs: number;
  relatedRunsMs: number[];
  renderBodiesMs: number;
  buildArchiveMs: number;
  /** Related list lengths: how many articles got fewer than 5. */
  shortRelatedLists: number;
  heapUsedMB: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time<T>(run: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: Math.round(performance.now() - started) };
}

async function main(dir: string): Promise<StageTimes> {
  const outlets = await readOutlets();
  const loaded = await time(() => loadArticles(dir, { sourceKeys: [...outlets.keys()] }));
  const articles = loaded.value.articles;
  const terms = await time(() => articles.map((article) => keyTerms(article.title, article.body)));
  const docs: RelatedDoc[] = articles.map((article, index) => ({
    id: article.url,
    topics: article.tags.map((tag) => slugify(tag)),
    terms: terms.value[index]!,
    source: article.source,
    section: article.section,
    publishedAt: article.epochMs,
  }));
  const relatedRuns: number[] = [];
  let shortRelatedLists = 0;
  for (let run = 0; run < 3; run++) {
    const related = await time(() => findRelated(docs));
    relatedRuns.push(related.ms);
    shortRelatedLists = [...related.value.values()].filter((list) => list.length < 5).length;
  }
  const bodies = await time(() => articles.map((article) => renderBody(article.body)));
  const { keyTerms: keyTermsOf, bodies: templates } = loaded.value;
  const archive = await time(() =>
    buildArchive(articles, { outlets, pathPrefix: "/", includeUnpublished: false, now: Date.now(), keyTerms: (article) => keyTermsOf.get(article)!, body: (article) => templates.get(article)! }),
  );
  return {
    articles: articles.length,
    loadMs: loaded.ms,
    keyTermsMs: terms.ms,
    relatedMs: median(relatedRuns),
    relatedRunsMs: relatedRuns,
    renderBodiesMs: bodies.ms,
    buildArchiveMs: archive.ms,
    shortRelatedLists,
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1048576),
  };
}

const dir = process.argv[2];
if (!dir) {
  console.error("usage: npx tsx bench/stages.ts <articles folder>");
  process.exit(2);
}
console.log(JSON.stringify(await main(path.resolve(dir))));
