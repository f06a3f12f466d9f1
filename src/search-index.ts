/**
 * Full-text search: a Pagefind index of the built site, written into `<siteDir>/pagefind/`.
 * Only article pages are indexed (templates/article.njk marks them with data-pagefind-body; the
 * topic and outlet links carry data-pagefind-filter). The whole site is indexed as Indonesian so
 * that Pagefind's Indonesian stemmer serves every page. Pagefind's UI (pagefind-ui.js) is part of
 * the bundle it writes; templates/cari.njk loads it.
 * See https://pagefind.app/docs/node-api/
 */
import path from "node:path";
import * as pagefind from "pagefind";

/** ISO 639-1 code for the index: the archive is Indonesian. */
export const searchLanguage = "id";

/** Folder of the search bundle inside the site. */
export const searchBundleDir = "pagefind";

export class SearchIndexError extends Error {
  override name = "SearchIndexError";
}

export interface SearchIndexResult {
  /** Number of HTML pages Pagefind read. */
  pageCount: number;
  /** Absolute path of the bundle folder written. */
  outputPath: string;
}

function failOn(step: string, errors: readonly string[]): void {
  if (errors.length > 0) {
    throw new SearchIndexError(`Search index (Pagefind) failed while ${step}:\n  ${errors.join("\n  ")}`);
  }
}

/** Indexes every HTML file below `siteDir` and writes the bundle to `<siteDir>/pagefind/`. */
export async function buildSearchIndex(siteDir: string): Promise<SearchIndexResult> {
  try {
    const created = await pagefind.createIndex({ forceLanguage: searchLanguage });
    failOn("starting", created.errors);
    const index = created.index;
    if (!index) throw new SearchIndexError("Search index (Pagefind) failed while starting: no index was created");
    const added = await index.addDirectory({ path: siteDir });
    failOn(`reading ${siteDir}`, added.errors);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, searchBundleDir) });
    failOn("writing the bundle", written.errors);
    return { pageCount: added.page_count, outputPath: written.outputPath };
  } catch (error) {
    if (error instanceof SearchIndexError) throw error;
    throw new SearchIndexError(`Search index (Pagefind) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    // The Node API talks to a Pagefind child process; end it so the build can exit.
    await pagefind.close();
  }
}
