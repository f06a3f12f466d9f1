/**
 * The build's memory budget. V8 lets the heap grow far past what a build keeps alive (at 10,000
 * articles ~250 MB live, ~900 MB resident without a limit: garbage from rendering collected
 * lazily), so `npm run build` starts its work in a Node process whose old generation is capped in
 * proportion to the archive (src/cli/build.ts). Pure but for counting files.
 */
import fs from "node:fs/promises";

/** Heap for everything but the articles: Eleventy, templates, one render batch. */
export const baseHeapMb = 192;

/** Per article: parsed article, view, related links, list entries, feeds (~20 KB live, twice that as headroom). */
export const heapPerArticleMb = 0.04;

/** Old-generation size limit, in MB, for a build of `articles` article files. */
export function heapBudgetMb(articles: number): number {
  return Math.ceil(baseHeapMb + heapPerArticleMb * Math.max(0, articles));
}

/** Number of `.md` files below `dir` (0 when it cannot be read: the build will say why). */
export async function countArticleFiles(dir: string): Promise<number> {
  const entries = await fs.readdir(dir, { recursive: true }).catch(() => []);
  return entries.filter((name) => name.endsWith(".md")).length;
}
