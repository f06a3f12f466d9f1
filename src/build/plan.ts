/**
 * What a build must write. Every output file is keyed by its path in the output folder and
 * fingerprinted: a page by the render key (every file that shapes output, src/build/cache.ts) and
 * the exact object its template receives (src/render/pages.ts), a static asset by its content, a
 * search shard by what it indexes. A file whose fingerprint is unchanged since the last build has
 * the same bytes, so only files with new fingerprints are written and the rest are carried over.
 * A full build is the same plan against an empty record. Pure: no file system, no Eleventy.
 */
import { createHash, hash as digestOf } from "node:crypto";
import { feedPaths, noPages, singletonPaths, singletons, type ArticlePage, type Listing, type ListPage, type RenderSet, type SitePages } from "../render/pages.ts";
import { outputPathOf } from "../routes.ts";
import { jsonEqual } from "./json-equal.ts";

export type Fingerprints = Map<string, string>;

function hash(text: string): string {
  return digestOf("sha1", text, "base64url");
}

function printOf(renderKey: string, data: unknown): string {
  return hash(`${renderKey}\u0000${JSON.stringify(data)}`);
}

/** Digest of a list entry's JSON, kept per entry object: `sitePages` makes one entry per article, on ~9 list pages. */
const listingDigests = new WeakMap<Listing, string>();

function listingDigest(entry: Listing): string {
  let digest = listingDigests.get(entry);
  if (digest === undefined) listingDigests.set(entry, (digest = hash(JSON.stringify(entry))));
  return digest;
}

/**
 * Print of a list page: its entries by their digests, so that each entry is serialised once, not
 * once per page that lists it (list pages were ~45 MB of JSON at 10,000 articles, ~90 % entries).
 */
function listPrint(renderKey: string, page: ListPage): string {
  return printOf(renderKey, { ...page, items: page.items.map(listingDigest) });
}

/**
 * The keys of an article page that are lists around the article (related news, the same event
 * in other outlets, the outlet's own related list, previous/next), not the article itself. The
 * search index reads only the article element (data-pagefind-body), which shows none of them, so
 * a neighbour's change re-renders the page but does not re-index its shard. Checked against the type: a key added to ArticleView that
 * is not listed here counts as indexed, which is safe.
 */
const aroundKeys = ["related", "sameEvent", "previous", "next", "sourceRelated"] as const satisfies readonly (keyof ArticlePage)[];
const aroundKeySet: ReadonlySet<string> = new Set(aroundKeys);

type AroundKey = (typeof aroundKeys)[number];

/**
 * The fields of an article page that the search index reads, but its body: one literal naming
 * each, so that a key added to ArticlePage does not compile until it is named here or in
 * `aroundKeys` (a spread with the around keys deleted made each copy a dictionary, slow to
 * serialise).
 */
function indexedFields(page: ArticlePage): { [Key in Exclude<keyof Required<ArticlePage>, AroundKey | "bodyHtml">]: ArticlePage[Key] } {
  return {
    title: page.title,
    date: page.date,
    source: page.source,
    tags: page.tags,
    section: page.section,
    reporter: page.reporter,
    editor: page.editor,
    dateline: page.dateline,
    summary: page.summary,
    image: page.image,
    signoff: page.signoff,
    originalUrl: page.originalUrl,
    slug: page.slug,
    aliases: page.aliases,
    draft: page.draft,
    file: page.file,
    epochMs: page.epochMs,
    url: page.url,
    outlet: page.outlet,
    outletUrl: page.outletUrl,
    sectionUrl: page.sectionUrl,
    topics: page.topics,
    unpublished: page.unpublished,
    photo: page.photo,
  };
}

/** Digest of what the search index reads of an article page: the page minus `aroundKeys`. Kept per page object. */
const indexedDigests = new WeakMap<ArticlePage, string>();

function indexedDigest(page: ArticlePage): string {
  let digest = indexedDigests.get(page);
  if (digest === undefined) {
    // The body as it is after the fields' JSON and a NUL, which JSON never holds unescaped: hashing
    // the HTML itself costs a fifth of escaping it into JSON first.
    digest = hash(`${JSON.stringify(indexedFields(page))}\u0000${page.bodyHtml}`);
    indexedDigests.set(page, digest);
  }
  return digest;
}

function articlePrint(renderKey: string, page: ArticlePage): string {
  return printOf(renderKey, [indexedDigest(page), aroundKeys.map((key) => page[key] ?? null)]);
}

/** The kinds of page: the same data in two kinds gives two prints. */
type PageKind = "article" | "list" | "feed" | "sitemap" | "single" | "redirect";

/** A page's data and print as the last build fingerprinted them. */
interface Remembered {
  kind: PageKind;
  data: unknown;
  print: string;
  /** Of an article page: `indexedDigest`. */
  indexed?: string;
}

/**
 * The data and print of every page of the last build, kept by a long-running process (the dev
 * server) for the next build's `fingerprintPages`: a page whose data is JSON-equal to its last
 * version (src/build/json-equal.ts) under the same render key has the same print, which is then
 * taken again instead of serialising and hashing the page (~1 s for the ~16,000 pages of 10,000
 * articles, against a comparison that mostly meets strings both versions share). An article page
 * whose related lists or neighbours changed keeps the digest of its indexed part when that part
 * is equal. So a print is always the one a fresh fingerprint would give.
 *
 * It holds the last build's page objects, which nothing changes once `sitePages` has made them
 * (templates only read them), nor what they share with the next build's (parsed articles, kept by
 * the parse store).
 */
export class PrintMemo {
  #renderKey: string | undefined;
  #pages = new Map<string, Remembered>();
  /** The last build's list entries by article URL, for `sitePages` to take again where unchanged. */
  readonly listings = new Map<string, Listing>();

  /** The page of this kind remembered at `path`, when it was fingerprinted under `renderKey`. */
  recall(renderKey: string, path: string, kind: PageKind): Remembered | undefined {
    const last = renderKey === this.#renderKey ? this.#pages.get(path) : undefined;
    return last?.kind === kind ? last : undefined;
  }

  /** Replaces what is remembered with one build's pages. */
  remember(renderKey: string, pages: Map<string, Remembered>): void {
    this.#renderKey = renderKey;
    this.#pages = pages;
  }
}

/**
 * Fingerprint of every page of the site, by output path. With a `memo`, the print of a page equal
 * to the memo's is taken from it, and the memo then holds this build's pages.
 */
export function fingerprintPages(pages: SitePages, renderKey: string, memo?: PrintMemo): Fingerprints {
  const prints: Fingerprints = new Map();
  const remembered = new Map<string, Remembered>();
  const keep = (path: string, entry: Remembered) => {
    if (memo !== undefined) remembered.set(path, entry);
    prints.set(path, entry.print);
    return entry.print;
  };
  /** The print of `data` at `path`: the memo's when its data is JSON-equal, else `print()`. */
  const printAt = (path: string, kind: PageKind, data: unknown, print: () => string) => {
    const last = memo?.recall(renderKey, path, kind);
    return keep(path, { kind, data, print: last !== undefined && jsonEqual(last.data, data) ? last.print : print() });
  };
  for (const page of pages.articles) {
    const path = outputPathOf(page.url);
    const last = memo?.recall(renderKey, path, "article");
    if (last?.indexed !== undefined && jsonEqual(last.data, page, aroundKeySet)) {
      // The indexed part is the same, so is its digest: for this print and the search shard's.
      indexedDigests.set(page, last.indexed);
      const around = last.data as ArticlePage;
      const same = aroundKeys.every((key) => jsonEqual(around[key] ?? null, page[key] ?? null));
      keep(path, { kind: "article", data: page, print: same ? last.print : articlePrint(renderKey, page), indexed: last.indexed });
    } else keep(path, { kind: "article", data: page, print: articlePrint(renderKey, page), indexed: indexedDigest(page) });
  }
  for (const page of pages.listPages) printAt(outputPathOf(page.url), "list", page, () => listPrint(renderKey, page));
  for (const feed of pages.feeds) {
    // Both formats show the same data: one print (feeds hold whole articles, the costliest JSON).
    const [atom, json] = feedPaths(feed);
    prints.set(json, printAt(atom, "feed", feed, () => printOf(renderKey, feed)));
  }
  for (const sitemap of pages.sitemaps) printAt(outputPathOf(sitemap.path), "sitemap", sitemap, () => printOf(renderKey, ["sitemap", sitemap]));
  for (const name of singletons) printAt(singletonPaths[name], "single", pages.singles[name], () => printOf(renderKey, [name, pages.singles[name]]));
  for (const page of pages.redirects) printAt(outputPathOf(page.url), "redirect", page, () => printOf(renderKey, ["redirect", page]));
  memo?.remember(renderKey, remembered);
  return prints;
}

/** Fingerprint of each search shard from what it indexes; `shardOf` names an article page's shard. */
export function fingerprintSearch(articles: readonly ArticlePage[], renderKey: string, shardOf: (page: ArticlePage) => string): Fingerprints {
  const digests = new Map<string, ReturnType<typeof createHash>>();
  for (const page of articles) {
    const shard = shardOf(page);
    let digest = digests.get(shard);
    if (digest === undefined) digests.set(shard, (digest = createHash("sha1").update(renderKey)));
    digest.update(`\u0000${indexedDigest(page)}`);
  }
  return new Map([...digests].map(([shard, digest]) => [shard, digest.digest("base64url")]));
}

export interface UpdatePlan {
  /** Keys to write (new or changed). */
  write: Set<string>;
  /** Keys to carry over from the previous output unchanged. */
  keep: string[];
  /** Keys no longer part of the site. */
  remove: string[];
}

/** Compares the previous record with the current one; an empty `previous` writes everything. */
export function planUpdate(previous: ReadonlyMap<string, string>, current: ReadonlyMap<string, string>): UpdatePlan {
  const write = new Set<string>();
  const keep: string[] = [];
  for (const [key, print] of current) {
    if (previous.get(key) === print) keep.push(key);
    else write.add(key);
  }
  const remove = [...previous.keys()].filter((key) => !current.has(key)).sort();
  return { write, keep, remove };
}

/** A part of a render set, and the search shards whose article pages it holds. */
export interface RenderBatch {
  set: RenderSet;
  /** Search shards with article pages in this batch: a shard is complete once all its batches are written. */
  shards: string[];
}

/**
 * Splits a render set into batches of at most `size` pages, articles first and search shard by
 * search shard (`shardOf`, several small shards to a batch), so that each Eleventy run holds one
 * batch in memory and a shard can be indexed while later batches render. Feeds, child sitemaps, singleton and redirect pages come last, in a batch of their own.
 */
export function renderBatches(set: RenderSet, size: number, shardOf: (page: ArticlePage) => string): RenderBatch[] {
  const batches: RenderBatch[] = [];
  const byShard = new Map<string, ArticlePage[]>();
  for (const page of set.articles) {
    const shard = shardOf(page);
    const list = byShard.get(shard);
    if (list) list.push(page);
    else byShard.set(shard, [page]);
  }
  // Shard after shard, filling each batch: an Eleventy run costs ~50 ms before its first page, and a
  // small archive's years are far smaller than a batch.
  let current: RenderBatch | undefined;
  for (const [shard, pages] of byShard) {
    for (let start = 0; start < pages.length; ) {
      if (current === undefined || current.set.articles.length === size) batches.push((current = { set: { ...noPages(), articles: [] }, shards: [] }));
      const end = Math.min(pages.length, start + size - current.set.articles.length);
      current.set.articles.push(...pages.slice(start, end));
      current.shards.push(shard);
      start = end;
    }
  }
  for (let start = 0; start < set.listPages.length; start += size) {
    batches.push({ set: { ...noPages(), listPages: set.listPages.slice(start, start + size) }, shards: [] });
  }
  const { feeds, sitemaps } = set;
  if (feeds.length > 0 || sitemaps.length > 0 || set.redirects.length > 0 || singletons.some((name) => set.singles[name].length > 0)) {
    batches.push({ set: { ...noPages(), feeds, sitemaps, singles: set.singles, redirects: set.redirects }, shards: [] });
  }
  return batches;
}

/**
 * Counts down each shard's batches as they are written, in any order: `written(batch)` returns the
 * shards whose every batch is now written.
 */
export function shardCompletion(batches: readonly RenderBatch[]): { written(batch: RenderBatch): string[] } {
  const left = new Map<string, number>();
  for (const batch of batches) for (const shard of batch.shards) left.set(shard, (left.get(shard) ?? 0) + 1);
  return {
    written(batch) {
      return batch.shards.filter((shard) => {
        const count = left.get(shard)! - 1;
        left.set(shard, count);
        return count === 0;
      });
    },
  };
}
