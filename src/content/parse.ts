/**
 * Parsing one article file's text into what the build keeps of it: the validated article, its key
 * terms and its standalone body HTML. Pure; the load runs it in the main thread or in a worker
 * (src/content/parse-pool.ts), with the same result.
 */
import { renderStandaloneBody } from "./markdown/index.ts";
import { parseArticle, type Article } from "./schema.ts";
import { keyTerms } from "./terms.ts";

/** What parsing one file gives besides its problems: what a `ParsedStore` keeps. */
export interface ParsedArticle {
  article: Article;
  /** `keyTerms(article.title, article.body)`. */
  keyTerms: readonly string[];
  /** `renderStandaloneBody(article.body)`: the body as HTML, `undefined` when it has read-also lines. */
  bodyHtml: string | undefined;
}

/** Parses `text` (the file at `display`); throws an ArticleError naming the file and its problems. */
export function parseArticleText(text: string, display: string, sourceKeys: readonly string[]): ParsedArticle {
  const article = parseArticle(text, display, sourceKeys);
  return { article, keyTerms: keyTerms(article.title, article.body), bodyHtml: renderStandaloneBody(article.body) };
}
