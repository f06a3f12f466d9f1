/**
 * "Liputan media lain tentang peristiwa ini": for every article, the articles of other outlets (or
 * of another rubric of the same outlet) that report the same event. Like related.ts it knows
 * nothing about pages: it takes `EventDoc`s (the same shape as related.ts's `RelatedDoc`).
 *
 * Two articles report the same event when all of these hold, and the page says which:
 *
 *   - they were published at most `windowDays` apart (an event is covered within days);
 *   - they come from different outlets, or from different rubrics of one outlet (a follow-up in
 *     the same rubric is the outlet's own story line, which "Berita terkait" already lists);
 *   - they share at least `minSharedTopics` topics and `minSharedTerms` key terms (terms.ts:
 *     title words and the most frequent body words), counting only distinctive ones: a topic or
 *     term on more than `maxShare` of all articles (and more than `minCommon` of them) says
 *     nothing about which event an article reports.
 *
 * The relation is pairwise and symmetric, never chained: A and C are not grouped because both
 * match B. So each pair can be explained by its own shared topics, terms and time apart, and
 * adding an article changes only the lists of the articles it matches.
 *
 * Cost: the documents are sorted by time once; each distinctive term keeps its documents in time
 * order, and a document's candidates are found by binary search for its window in the postings of
 * its terms. Work grows with the articles that share a term within days of each other, not with
 * the square of the archive.
 */
import type { RelatedDoc } from "./related.ts";

/** The same fields as a related-news document: both come from one article view (archive.ts). */
export type EventDoc = RelatedDoc;

export interface EventMatch {
  id: string;
  /** Milliseconds from the document searched for to this one (negative: published before it). */
  offsetMs: number;
  /** Shared distinctive topic keys, in the order of the document searched for. */
  sharedTopics: string[];
  /** Shared distinctive key terms, in the order of the document searched for. */
  sharedTerms: string[];
}

export interface EventOptions {
  windowDays: number;
  minSharedTopics: number;
  minSharedTerms: number;
  /** A topic or term on more than this share of all documents is not distinctive... */
  maxShare: number;
  /** ...unless it is on at most this many documents. */
  minCommon: number;
  /** At most this many matches per document, nearest in time first. */
  limit: number;
}

export const defaultEventOptions: EventOptions = {
  windowDays: 3,
  minSharedTopics: 1,
  minSharedTerms: 4,
  maxShare: 0.02,
  minCommon: 20,
  limit: 8,
};

const dayMs = 86_400_000;

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First index in `positions` (sorted by `time`) whose time is at least `from`. */
function lowerBound(positions: Int32Array, time: Float64Array, from: number): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (time[positions[middle]!]! < from) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Documents per key, each list in time order; only keys on at most `maxDf` documents. */
function postingsOf(docs: readonly EventDoc[], order: readonly number[], keysOf: (doc: EventDoc) => readonly string[], maxDf: number): Map<string, Int32Array> {
  const lists = new Map<string, number[]>();
  for (const position of order) {
    for (const key of new Set(keysOf(docs[position]!))) {
      const list = lists.get(key);
      if (list) list.push(position);
      else lists.set(key, [position]);
    }
  }
  const postings = new Map<string, Int32Array>();
  for (const [key, list] of lists) if (list.length <= maxDf) postings.set(key, Int32Array.from(list));
  return postings;
}

/** Same-event matches for every document, keyed by id. Pure and deterministic. */
export function findSameEvent(docs: readonly EventDoc[], options: Partial<EventOptions> = {}): Map<string, EventMatch[]> {
  const settings = { ...defaultEventOptions, ...options };
  const count = docs.length;
  const seen = new Set<string>();
  for (const doc of docs) {
    if (seen.has(doc.id)) throw new Error(`same-event grouping: the id "${doc.id}" was given twice; every document needs its own id`);
    seen.add(doc.id);
  }
  const time = Float64Array.from(docs, (doc) => doc.publishedAt);
  const order = docs.map((_, position) => position).sort((a, b) => time[a]! - time[b]! || compareIds(docs[a]!.id, docs[b]!.id));
  const maxDf = Math.max(settings.minCommon, Math.floor(settings.maxShare * count));
  const topicPostings = postingsOf(docs, order, (doc) => doc.topics, maxDf);
  const termPostings = postingsOf(docs, order, (doc) => doc.terms, maxDf);
  const window = settings.windowDays * dayMs;

  // Per candidate position: shared distinctive terms with the current document, and which
  // search last counted it (so the array is never cleared).
  const shared = new Int32Array(count);
  const stamp = new Int32Array(count).fill(-1);
  const result = new Map<string, EventMatch[]>();

  for (let position = 0; position < count; position++) {
    const doc = docs[position]!;
    const at = time[position]!;
    const terms = [...new Set(doc.terms)].filter((term) => termPostings.has(term));
    const candidates: number[] = [];
    for (const term of terms) {
      const list = termPostings.get(term)!;
      for (let index = lowerBound(list, time, at - window); index < list.length; index++) {
        const other = list[index]!;
        if (time[other]! > at + window) break;
        if (other === position) continue;
        if (stamp[other] !== position) {
          stamp[other] = position;
          shared[other] = 0;
          candidates.push(other);
        }
        shared[other]!++;
      }
    }
    const matches: EventMatch[] = [];
    for (const other of candidates) {
      if (shared[other]! < settings.minSharedTerms) continue;
      const candidate = docs[other]!;
      if (candidate.source === doc.source && candidate.section === doc.section) continue;
      const theirTopics = new Set(candidate.topics);
      const sharedTopics = [...new Set(doc.topics)].filter((topic) => topicPostings.has(topic) && theirTopics.has(topic));
      if (sharedTopics.length < settings.minSharedTopics) continue;
      const theirTerms = new Set(candidate.terms);
      matches.push({
        id: candidate.id,
        offsetMs: time[other]! - at,
        sharedTopics,
        sharedTerms: terms.filter((term) => theirTerms.has(term)),
      });
    }
    matches.sort((a, b) => Math.abs(a.offsetMs) - Math.abs(b.offsetMs) || a.offsetMs - b.offsetMs || compareIds(a.id, b.id));
    result.set(doc.id, matches.slice(0, Math.max(settings.limit, 0)));
  }
  return result;
}
