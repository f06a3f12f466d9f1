/**
 * Synthetic articles and archives for unit tests of the modules that read an `Archive`
 * (feeds, sitemap, structured data), built in memory with `buildArchive`: no files, no Eleventy.
 * Titles and bodies are made up and Indonesian-looking; never real news.
 */
import { buildArchive, type Archive, type ArchiveOptions } from "../../src/archive/archive.ts";
import type { Outlet } from "../../src/archive/collections.ts";
import { checkArticleDate, jakartaDateParts } from "../../src/content/dates.ts";
import { renderBodyTemplate, type BodyTemplate } from "../../src/content/markdown/index.ts";
import type { Article } from "../../src/content/schema.ts";
import { slugify } from "../../src/content/slug.ts";
import { keyTerms } from "../../src/content/terms.ts";

export const testOutlets: ReadonlyMap<string, Outlet> = new Map<string, Outlet>([
  ["tempo", { key: "tempo", name: "Tempo.co", url: "https://www.tempo.co/" }],
  ["merdeka", { key: "merdeka", name: "Merdeka.com", url: "https://www.merdeka.com/" }],
]);

/** An article's key terms as loadArticles gives them, for `ArchiveOptions.keyTerms`. */
export const testKeyTerms = (article: Article): readonly string[] => keyTerms(article.title, article.body);

/** An article's body template as loadArticles gives it, for `ArchiveOptions.body`. */
export const testBody = (article: Article): BodyTemplate => renderBodyTemplate(article.body);

/** After every date the tests use, so nothing is left out as a future article. */
export const testNow = Date.UTC(2030, 0, 1);

/** A synthetic article with everything `parseArticle` would derive (file, instant, slug, URL). */
export function syntheticArticle(fields: Pick<Article, "title" | "date" | "source" | "tags"> & Partial<Article>): Article {
  const check = checkArticleDate(fields.date);
  if (!check.ok) throw new Error(check.reason);
  const slug = fields.slug ?? slugify(fields.title);
  const { year, month, day } = jakartaDateParts(fields.date);
  return {
    file: `articles/${year}/${fields.source}-${slug}.md`,
    epochMs: check.epochMs,
    slug,
    url: `/${year}/${month}/${day}/${slug}/`,
    summary: "Ringkasan uji.",
    sourceRelated: [],
    draft: false,
    body: "Paragraf uji.",
    ...fields,
  };
}

/**
 * `count` synthetic articles one hour apart, the first at 2017-08-01 08:00 WIB, alternating
 * between the two test outlets, all with the topic "Topik Uji".
 */
export function hourlyArticles(count: number, extra: (index: number) => Partial<Article> = () => ({})): Article[] {
  const start = Date.UTC(2017, 7, 1, 1, 0, 0);
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(3, "0");
    return syntheticArticle({
      title: `Contoh sintetis ${number}: rapat warga membahas jalan desa`,
      date: new Date(start + index * 3_600_000).toISOString().replace(".000Z", "Z"),
      source: index % 2 === 0 ? "tempo" : "merdeka",
      tags: ["Topik Uji"],
      ...extra(index),
    });
  });
}

/** The archive of these articles as a production build sees it (drafts and future ones left out). */
export function archiveOf(articles: readonly Article[], options: Partial<ArchiveOptions> = {}): Archive {
  return buildArchive(articles, { outlets: testOutlets, pathPrefix: "/", includeUnpublished: false, now: testNow, keyTerms: testKeyTerms, body: testBody, ...options });
}
