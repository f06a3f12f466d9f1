/**
 * Full-text search: a Pagefind index of the built site, written into `<siteDir>/pagefind/`.
 * Only article pages are indexed (templates/article.njk marks them with data-pagefind-body; the
 * topic and outlet links carry data-pagefind-filter). The whole site is indexed as Indonesian so
 * that Pagefind's Indonesian stemmer serves every page. Pagefind's UI (pagefind-ui.js) is part of
 * the bundle it writes; templates/cari.njk loads it.
 * See https://pagefind.app/docs/node-api/
 */
import fs from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";

/** ISO 639-1 code for the index: the archive is Indonesian. */
export const searchLanguage = "id";

/** Folder of the search bundle inside the site. */
export const searchBundleDir = "pagefind";

/** Article pages: "2017/08/04/<slug>/index.html". */
export const articlePagesGlob = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html";

export class SearchIndexError extends Error {
  override name = "SearchIndexError";
}

export interface SearchIndexResult {
  /** Number of HTML files Pagefind read. */
  filesRead: number;
  /** Number of pages in the index: those marked with data-pagefind-body. */
  pagesIndexed: number;
  /** Absolute path of the bundle folder written. */
  outputPath: string;
}

export interface SearchIndexOptions {
  /**
   * Number of pages the index must hold (the article count). A different number fails the
   * build: a page that lost its data-pagefind-body mark would otherwise silently drop out of search.
   */
  expectedPages?: number;
}

/** The bundle's manifest (pagefind-entry.json), as far as it is read here. */
interface BundleEntry {
  languages: Record<string, { page_count: number }>;
}

function failOn(step: string, errors: readonly string[]): void {
  if (errors.length > 0) {
    throw new SearchIndexError(`Search index (Pagefind) failed while ${step}:\n  ${errors.join("\n  ")}`);
  }
}

/** Indexes every HTML file below `siteDir` and writes the bundle to `<siteDir>/pagefind/`. */
export async function buildSearchIndex(siteDir: string, options: SearchIndexOptions = {}): Promise<SearchIndexResult> {
  let filesRead: number;
  let outputPath: string;
  try {
    const created = await pagefind.createIndex({ forceLanguage: searchLanguage });
    failOn("starting", created.errors);
    const index = created.index;
    if (!index) throw new SearchIndexError("Search index (Pagefind) failed while starting: no index was created");
    // Only article pages carry data-pagefind-body: reading the list and index pages too more
    // than doubled the indexing time at 10,000 articles (docs/performance.md).
    const added = await index.addDirectory({ path: siteDir, glob: articlePagesGlob });
    failOn(`reading ${siteDir}`, added.errors);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, searchBundleDir) });
    failOn("writing the bundle", written.errors);
    filesRead = added.page_count;
    outputPath = written.outputPath;
  } catch (error) {
    if (error instanceof SearchIndexError) throw error;
    throw new SearchIndexError(`Search index (Pagefind) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    // The Node API talks to a Pagefind child process; end it so the build can exit.
    await pagefind.close();
  }

  const entry = JSON.parse(await fs.readFile(path.join(outputPath, "pagefind-entry.json"), "utf8")) as BundleEntry;
  const pagesIndexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
  if (options.expectedPages !== undefined && pagesIndexed !== options.expectedPages) {
    throw new SearchIndexError(
      `Search index (Pagefind) holds ${pagesIndexed} pages, expected ${options.expectedPages} (one per article). ` +
        "Every article page needs data-pagefind-body on its <article> (templates/_includes/pages/article.njk).",
    );
  }
  return { filesRead, pagesIndexed, outputPath };
}
