/**
 * The build's memory budget. V8 lets the heap grow far past what a build keeps alive (at 10,000
 * articles ~250 MB live, ~900 MB resident without a limit: garbage from rendering collected
 * lazily), so `npm run build` does a full build in a Node process whose old generation is capped
 * in proportion to the archive (src/cli/build.ts). Pure but for counting files.
 */
import fs from "node:fs/promises";

/**
 * Heap for everything but the articles: Eleventy, templates, one render batch.
 */
export const baseHeapMb = 152;

/** Per article: parsed article, view, related links, list entries, feeds (~20 KB live, twice that as headroom). */
export const heapPerArticleMb = 0.04;

/**
 * Per article past `headroomUpTo`: the live ~20 KB alone. The headroom is for the garbage of the
 * render batch under way, which does not grow with the archive. A 100,000-article build's
 * renderer peaked at 2,375 MB and rendered in 112 s under a 2,400 MB cap; under 1,900 MB it took
 * 196 s, collecting garbage most of the time.
 */
export const heapPerLaterArticleMb = 0.02;

/** Articles up to which each adds `heapPerArticleMb`; each one after adds `heapPerLaterArticleMb`. */
export const headroomUpTo = 10_000;

/** Old-generation size limit, in MB, for a build of `articles` article files. */
export function heapBudgetMb(articles: number): number {
  const count = Math.max(0, articles);
  return Math.ceil(baseHeapMb + heapPerArticleMb * Math.min(count, headroomUpTo) + heapPerLaterArticleMb * Math.max(0, count - headroomUpTo));
}

/** Number of `.md` files below `dir` (0 when it cannot be read: the build will say why). */
export async function countArticleFiles(dir: string): Promise<number> {
  const entries = await fs.readdir(dir, { recursive: true }).catch(() => []);
  return entries.filter((name) => name.endsWith(".md")).length;
}

/**
 * Archives smaller than this build without a cap unless ARSIP_HEAP_MB sets one: in one process,
 * where Pagefind indexes beside the render, with no second Node start and no hand-off. Clean
 * builds with empty caches, alternating: 2,000 articles 6.1–6.4 s uncapped against 7.3–7.5 s
 * capped, the process tree at 474–487 MB against 317–324 MB; 3,000 articles 8.1–8.5 s against
 * 9.1–10.0 s, 518–525 MB against 345–358 MB. Uncapped, a 5,000-article build's tree passed
 * 750 MB (400–420 MB capped), above a capped 10,000-article build's.
 */
export const uncappedBelow = 3000;

/**
 * Where `npm run build` renders a build that writes every page:
 * - "here": in this process, uncapped (small archives, `ARSIP_HEAP_MB=off`, or a cap already set);
 * - "capped": in a second Node process capped to `budgetMb`.
 * An update that writes a few pages always runs here: it holds far less (src/cli/build.ts).
 */
export type HeapPlan = { where: "here" } | { where: "capped"; budgetMb: number };

export interface HeapSituation {
  /** ARSIP_HEAP_MB, trimmed; undefined when unset. */
  setting: string | undefined;
  /** A --max-old-space-size is already in force (command line or NODE_OPTIONS). */
  capped: boolean;
  articles: number;
}

/** ARSIP_HEAP_MB as megabytes; throws a RangeError naming the fix for a setting that is not a budget. */
function budgetSetting(setting: string): number {
  const budgetMb = Number(setting);
  if (!Number.isInteger(budgetMb) || budgetMb < 64) throw new RangeError(`ARSIP_HEAP_MB must be a whole number of megabytes (64 or more) or "off", not "${setting}".`);
  return budgetMb;
}

/** Decides `HeapPlan`; throws a RangeError naming the fix for a setting that is not a budget. */
export function heapPlan({ setting, capped, articles }: HeapSituation): HeapPlan {
  if (setting === "off" || capped) return { where: "here" };
  if (setting === undefined && articles < uncappedBelow) return { where: "here" };
  return { where: "capped", budgetMb: setting === undefined ? heapBudgetMb(articles) : budgetSetting(setting) };
}

/**
 * Heap the dev server (`npm start`) needs for `articles` article files: one and a half times a
 * build's budget, as an update builds its archive while the last update's is still held. At
 * 100,000 articles (3,528 MB) the server peaked at 3.07 GB resident under Node's default limit of
 * 4 GB on a machine with 24 GB of memory, and an update adding a back-filled article took 30 s;
 * under a 2 GB limit, as Node sets by default where the machine (or its container) has less than
 * 16 GB, the same update took 70 s, most of it collecting garbage, and the first build 295 s
 * instead of 247 s; restarted with 3,528 MB in a container of 8 GB, 37–38 s.
 */
export function serverHeapMb(articles: number): number {
  return Math.ceil(1.5 * heapBudgetMb(articles));
}

export interface ServerHeapSituation extends HeapSituation {
  /** The heap limit Node runs this process with (`v8.getHeapStatistics().heap_size_limit`), in MB. */
  limitMb: number;
}

/**
 * The heap, in MB, the dev server restarts itself with: ARSIP_HEAP_MB when set to a number; else
 * `serverHeapMb` when Node's limit is lower. Undefined to serve from this process: a limit that
 * suffices, `ARSIP_HEAP_MB=off`, or a --max-old-space-size already given (which a restart adds,
 * so it never restarts twice). Throws a RangeError naming the fix for a setting that is not a budget.
 */
export function serverHeap({ setting, capped, articles, limitMb }: ServerHeapSituation): number | undefined {
  if (setting === "off" || capped) return undefined;
  if (setting !== undefined) return budgetSetting(setting);
  const needMb = serverHeapMb(articles);
  return limitMb < needMb ? needMb : undefined;
}

/**
 * Largest archive whose full builds render on every core. Each worker holds its own Eleventy and
 * one batch, ~100–200 MB; past this size the process tree would pass its memory goal (600 MB at
 * 10,000 articles: 756 MB with a worker against 562 MB without, docs/performance.md).
 */
export const parallelRenderUpTo = 5000;

/** Smallest archive whose full builds render in workers: below it the render takes ~2 s or less. */
export const parallelRenderFrom = 1000;

/**
 * Cores a build keeps for other work than rendering in workers: the main thread renders too, and
 * Pagefind indexes search shards beside it or after it. On these 2-core machines a worker did not
 * make a full build faster (docs/performance.md, "Both cores"), so it gets none; a 4-core CI
 * runner gets two.
 */
export const coresKept = 2;

export interface RenderSituation {
  /** ARSIP_RENDER_WORKERS, trimmed; undefined when unset. */
  setting: string | undefined;
  articles: number;
  /** The build will likely render every page (`--full`, or no record of the output). */
  rendersEverything: boolean;
  /** Cores the process may use (`os.availableParallelism()`). */
  cores: number;
}

/**
 * Worker threads that render beside the main thread (src/render/render-pool.ts): one per core past
 * `coresKept` for a build that renders every page of an archive from `parallelRenderFrom` to
 * `parallelRenderUpTo` articles, none for an update
 * (a few pages: a worker's start would cost more than it saves). Throws a RangeError naming the fix
 * for a setting that is not a count.
 */
export function renderWorkers({ setting, articles, rendersEverything, cores }: RenderSituation): number {
  if (setting !== undefined) {
    const count = Number(setting);
    if (!Number.isInteger(count) || count < 0 || count > 16) throw new RangeError(`ARSIP_RENDER_WORKERS must be a whole number from 0 to 16, not "${setting}".`);
    return count;
  }
  return rendersEverything && articles >= parallelRenderFrom && articles <= parallelRenderUpTo ? Math.max(0, cores - coresKept) : 0;
}
