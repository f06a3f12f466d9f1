/**
 * "Berita terkait": for every document, the few others most related to it. Knows nothing about
 * pages or Eleventy (after Hugo's `related/`): it takes `RelatedDoc`s and is used in three steps,
 *
 *   const builder = createRelatedIndex(options);   // Hugo: NewInvertedIndex
 *   for (const doc of docs) builder.add(doc);      //       Add
 *   const index = builder.finalize();              //       Finalize
 *   index.search(doc.id);                          //       Search
 *
 * (`findRelated` does all three for a whole list). `finalize` builds inverted indexes (topic →
 * docs, term → docs) once; `search` scores only the candidates those indexes yield, so the cost
 * grows with the archive, not with its square.
 *
 * Score of b for a:
 *   Σ idf(shared topic)                            topics weigh most, rare ones more than common
 * + termWeight · Σ idf(shared term)                 title and body words
 * + sourceWeight (same outlet) + sectionWeight (same outlet and rubric)    weak signals
 * + timeWeight · 2^(−|Δdays| / halfLifeDays)       closeness in time
 * with idf(x) = ln(1 + N / df(x)). A candidate needs a shared topic or term: outlet and time alone
 * never make two stories related. Ties: higher score, then newer, then id.
 */

export interface RelatedDoc {
  /** Unique and stable: the tie-breaker of last resort. */
  id: string;
  /** Topic keys (slugs). */
  topics: readonly string[];
  /** Key terms (see terms.ts). */
  terms: readonly string[];
  /** Outlet key. */
  source: string;
  /** Rubric within the outlet, if any. */
  section?: string;
  publishedAt: number;
}

export interface RelatedMatch {
  id: string;
  score: number;
  /** Shared topic keys, rarest first. */
  sharedTopics: string[];
  /** Shared terms, rarest first. */
  sharedTerms: string[];
}

export interface RelatedOptions {
  /** How many related documents per document. */
  limit: number;
  termWeight: number;
  sourceWeight: number;
  sectionWeight: number;
  timeWeight: number;
  halfLifeDays: number;
  /**
   * A topic on more documents than this yields as candidates only the `window` documents nearest
   * in time on each side: near-universal topics would otherwise make every lookup touch thousands.
   * It still counts, with its low idf, for candidates found either way.
   */
  maxPostings: number;
  window: number;
  /** Terms on more documents than this say too little to find candidates with at all. */
  maxTermPostings: number;
}

export const defaultRelatedOptions: RelatedOptions = {
  limit: 5,
  termWeight: 0.25,
  sourceWeight: 0.15,
  sectionWeight: 0.1,
  timeWeight: 0.5,
  halfLifeDays: 30,
  maxPostings: 300,
  window: 50,
  maxTermPostings: 150,
};

const dayMs = 86_400_000;

/** Collects the documents of a related index: `add` each, then `finalize` (Hugo's Add, Finalize). */
export interface RelatedIndexBuilder {
  /**
   * Adds a document. Its id must not have been added before: it is how `search` names the
   * document and the tie-breaker of last resort. The document is kept, not copied: leave it
   * unchanged while the index is in use.
   */
  add(doc: RelatedDoc): void;
  /**
   * Weighs every topic and term over all the documents added (idf needs them all) and returns the
   * index to search. The builder is done then: adding or finalizing again is an error.
   */
  finalize(): RelatedIndex;
}

/** A finalized related index. */
export interface RelatedIndex {
  /** Number of documents in the index. */
  readonly size: number;
  /**
   * The documents most related to the one with this id, best first, at most `limit`, never the
   * document itself; empty when none shares a topic or a term with it. Throws for an id that was
   * not added.
   */
  search(id: string): RelatedMatch[];
}

/** A related index to add documents to (Hugo's NewInvertedIndex). */
export function createRelatedIndex(options: Partial<RelatedOptions> = {}): RelatedIndexBuilder {
  const settings = { ...defaultRelatedOptions, ...options };
  const docs: RelatedDoc[] = [];
  const positionOf = new Map<string, number>();
  let finalized = false;
  return {
    add(doc) {
      if (finalized) throw new Error(`related index: cannot add "${doc.id}" after finalize; create a new index`);
      if (positionOf.has(doc.id)) throw new Error(`related index: the id "${doc.id}" was added twice; every document needs its own id`);
      positionOf.set(doc.id, docs.length);
      docs.push(doc);
    },
    finalize() {
      if (finalized) throw new Error("related index: finalize was called twice; it can be called once");
      finalized = true;
      return finalizeIndex(docs, positionOf, settings);
    },
  };
}

/** Related documents for every document, keyed by id, in the order given. Pure and deterministic. */
export function findRelated(docs: readonly RelatedDoc[], options: Partial<RelatedOptions> = {}): Map<string, RelatedMatch[]> {
  const builder = createRelatedIndex(options);
  for (const doc of docs) builder.add(doc);
  const index = builder.finalize();
  const result = new Map<string, RelatedMatch[]>();
  for (const doc of docs) result.set(doc.id, index.search(doc.id));
  return result;
}

/**
 * Everything a search reads, computed once by `finalizeIndex`, and the scratch space all searches
 * share (a search runs to its end before another can start). The search functions copy the fields
 * they use into locals first, so that the hot loops do not read through the object.
 */
interface SearchState {
  docs: readonly RelatedDoc[];
  settings: RelatedOptions;
  /** publishedAt per document position. */
  time: Float64Array;
  topics: KeyIndex;
  terms: KeyIndex;
  /** termWeight · idf per term. */
  termWeights: Float64Array;
  /** Outlet and rubric numbers per document position (see `numbered`). */
  sources: Int32Array;
  sections: Int32Array;
  /** Per topic over `maxPostings`: its documents as a bit set. */
  members: (Uint32Array | undefined)[];
  /** Per document position: the summed weights of the current search's candidates. */
  score: Float64Array;
  /** Per document position: the number of the search that last reset its `score` slot. */
  stamp: Int32Array;
  searchNumber: number;
  /** The current search's candidates, in the order met. */
  touched: Int32Array;
  /** The crowded topics of the document searched for: their members and weights. */
  hugeMembers: Uint32Array[];
  hugeWeights: number[];
  /** The best `limit` candidates so far, best first, and the best lower bounds of final scores. */
  bestPosition: Int32Array;
  bestScore: Float64Array;
  lows: Float64Array;
  /** Scratch for `sharedKeys`, one slot per key. */
  topicMarks: Int32Array;
  termMarks: Int32Array;
}

function finalizeIndex(docs: readonly RelatedDoc[], positionOf: ReadonlyMap<string, number>, settings: RelatedOptions): RelatedIndex {
  const count = docs.length;
  const time = Float64Array.from(docs, (doc) => doc.publishedAt);
  const order = docs.map((_, position) => position).sort(
    (a, b) => time[a]! - time[b]! || (docs[a]!.id < docs[b]!.id ? -1 : 1),
  );
  const topics = buildKeyIndex(docs, order, (doc) => doc.topics);
  const terms = buildKeyIndex(docs, order, (doc) => doc.terms);
  const best = Math.max(settings.limit, 0);
  const state: SearchState = {
    docs,
    settings,
    time,
    topics,
    terms,
    // The same product as `termWeight · idf` in the scoring loop, computed once per term.
    termWeights: terms.idf.map((idf) => settings.termWeight * idf),
    sources: numbered(docs.map((doc) => doc.source)),
    sections: numbered(docs.map((doc) => doc.section)),
    // Whether a candidate has a crowded topic is then one lookup. (N/8 bytes per such topic; there
    // are at most (topic mentions)/maxPostings.)
    members: topics.postings.map((list) => {
      if (list.length <= settings.maxPostings) return undefined;
      const bits = new Uint32Array((count + 31) >>> 5);
      for (const position of list) bits[position >>> 5]! |= 1 << (position & 31);
      return bits;
    }),
    // Scores accumulate while walking posting lists (Hugo's approach): the cost is the number of
    // postings touched, and each candidate's score is exact (see `maxPostings` for huge topics).
    // One score array for all documents, reset slot by slot on first touch.
    score: new Float64Array(count),
    stamp: new Int32Array(count).fill(-1),
    searchNumber: -1,
    touched: new Int32Array(count),
    hugeMembers: [],
    hugeWeights: [],
    bestPosition: new Int32Array(best),
    bestScore: new Float64Array(best),
    lows: new Float64Array(best),
    topicMarks: new Int32Array(topics.idf.length),
    termMarks: new Int32Array(terms.idf.length),
  };
  return {
    size: count,
    search(id) {
      const self = positionOf.get(id);
      if (self === undefined) throw new Error(`related index: no document with the id "${id}" was added`);
      return searchAt(state, self);
    },
  };
}

/** The best matches for the document at position `self`. */
function searchAt(state: SearchState, self: number): RelatedMatch[] {
  const filled = rankCandidates(state, self, collectCandidates(state, self));
  const { docs, topics, terms, topicMarks, termMarks, bestPosition, bestScore } = state;
  const doc = docs[self]!;
  const matches: RelatedMatch[] = [];
  for (let i = 0; i < filled; i++) {
    const position = bestPosition[i]!;
    matches.push({
      id: docs[position]!.id,
      score: bestScore[i]!,
      sharedTopics: sharedKeys(topics, topicMarks, doc.topics, self, position),
      sharedTerms: sharedKeys(terms, termMarks, doc.terms, self, position),
    });
  }
  return matches;
}

/**
 * Walks the posting lists of document `self`'s topics and terms: every document met is a
 * candidate, listed in `touched`, its topic and term weights summed in `score`. Crowded topics
 * go to `hugeMembers` and `hugeWeights` instead. Returns the number of candidates.
 */
function collectCandidates(state: SearchState, self: number): number {
  const { time, topics, terms, termWeights, members, score, stamp, touched, hugeMembers, hugeWeights } = state;
  const { maxPostings, window, maxTermPostings } = state.settings;
  if (state.searchNumber === 0x7fffffff) {
    stamp.fill(-1);
    state.searchNumber = -1;
  }
  const search = ++state.searchNumber;
  const selfTime = time[self]!;
  // A slot is reset on first touch; `0 + weight` (not `weight`) so a -0 weight sums as 0.
  let touchedCount = 0;
  hugeMembers.length = 0;
  hugeWeights.length = 0;
  for (let k = topics.keysStart[self]!; k < topics.keysStart[self + 1]!; k++) {
    const topic = topics.keysOf[k]!;
    const list = topics.postings[topic]!;
    let from = 0;
    let to = list.length;
    let weight = 0;
    if (list.length <= maxPostings) weight = topics.idf[topic]!;
    else {
      // Only the nearest in time become candidates; the topic's weight is added in rankCandidates.
      hugeMembers.push(members[topic]!);
      hugeWeights.push(topics.idf[topic]!);
      const at = lowerBound(list, time, selfTime);
      from = Math.max(0, at - window);
      to = Math.min(list.length, at + window + 1);
    }
    for (let i = from; i < to; i++) {
      const position = list[i]!;
      if (stamp[position] !== search) {
        stamp[position] = search;
        score[position] = 0 + weight;
        touched[touchedCount++] = position;
      } else score[position] = score[position]! + weight;
    }
  }
  for (let k = terms.keysStart[self]!; k < terms.keysStart[self + 1]!; k++) {
    const term = terms.keysOf[k]!;
    const list = terms.postings[term]!;
    if (list.length > maxTermPostings) continue;
    const weight = termWeights[term]!;
    for (let i = 0; i < list.length; i++) {
      const position = list[i]!;
      if (stamp[position] !== search) {
        stamp[position] = search;
        score[position] = 0 + weight;
        touched[touchedCount++] = position;
      } else score[position] = score[position]! + weight;
    }
  }
  return touchedCount;
}

/**
 * Completes the scores of the `touchedCount` candidates and keeps the best `limit` of them in
 * `bestPosition` and `bestScore`, best first. Returns how many it kept.
 */
function rankCandidates(state: SearchState, self: number, touchedCount: number): number {
  const { docs, time, sources, sections, score, touched, hugeMembers, hugeWeights, bestPosition, bestScore, lows } = state;
  const { limit, sourceWeight, sectionWeight, timeWeight, halfLifeDays } = state.settings;
  // Bounds of the time bonus timeWeight · 2^(−days / halfLifeDays), whose power lies in [0, 1]
  // when halfLifeDays > 0; otherwise no candidate is skipped.
  const canSkip = halfLifeDays > 0 && limit > 0;
  const minTimeWeight = Math.min(0, timeWeight);
  const maxTimeWeight = Math.max(0, timeWeight);

  // Pass 1: everything but the time bonus, kept in `score`. Floating-point sums depend on their
  // order, so it is fixed: topics and terms as walked in collectCandidates, crowded topics,
  // outlet, rubric, then time. Also the `limit`-th best lower bound of a final score, since the
  // time bonus lies between min(0, timeWeight) and max(0, timeWeight).
  const selfTime = time[self]!;
  const selfSource = sources[self]!;
  const selfSection = sections[self]!;
  let lowsFilled = 0;
  for (let t = 0; t < touchedCount; t++) {
    const position = touched[t]!;
    if (position === self) continue;
    let total = score[position]!;
    for (let h = 0; h < hugeMembers.length; h++) {
      if ((hugeMembers[h]![position >>> 5]! & (1 << (position & 31))) !== 0) total += hugeWeights[h]!;
    }
    if (sources[position] === selfSource) {
      total += sourceWeight;
      if (selfSection !== -1 && sections[position] === selfSection) total += sectionWeight;
    }
    score[position] = total;
    const low = total + minTimeWeight;
    if (lowsFilled < limit || low > lows[limit - 1]!) {
      let slot = Math.min(lowsFilled, limit - 1);
      for (; slot > 0 && lows[slot - 1]! < low; slot--) lows[slot] = lows[slot - 1]!;
      lows[slot] = low;
      if (lowsFilled < limit) lowsFilled++;
    }
  }
  // A candidate whose score cannot reach that bound, or the worst of a full best list, cannot
  // be among the best: rounded addition is monotonic, so adding the largest time bonus gives a
  // bound no smaller than the real total. Skipping it saves the costly power of two.
  const floor = canSkip && lowsFilled === limit ? lows[limit - 1]! : -Infinity;

  // Pass 2: the time bonus and the sorted best list (higher score, then newer, then smaller id).
  let filled = 0;
  for (let t = 0; t < touchedCount; t++) {
    const position = touched[t]!;
    if (position === self) continue;
    let total = score[position]!;
    if (canSkip) {
      const bound = total + maxTimeWeight;
      if (bound < floor || (filled === limit && bound < bestScore[limit - 1]!)) continue;
    }
    const otherTime = time[position]!;
    const days = Math.abs(otherTime - selfTime) / dayMs;
    total += timeWeight * 2 ** (-days / halfLifeDays);
    let slot = filled;
    while (slot > 0) {
      const above = bestPosition[slot - 1]!;
      const id = docs[position]!.id;
      const aboveId = docs[above]!.id;
      const order = bestScore[slot - 1]! - total || time[above]! - otherTime || (id < aboveId ? -1 : id > aboveId ? 1 : 0);
      if (order >= 0) break;
      slot--;
    }
    if (slot >= limit) continue;
    for (let i = Math.min(filled, limit - 1); i > slot; i--) {
      bestPosition[i] = bestPosition[i - 1]!;
      bestScore[i] = bestScore[i - 1]!;
    }
    bestPosition[slot] = position;
    bestScore[slot] = total;
    if (filled < limit) filled++;
  }
  return filled;
}

/**
 * An inverted index over one kind of key (topics or terms) with keys numbered 0, 1, 2… in order of
 * first appearance: the scoring loop then reads typed arrays, not string maps.
 */
interface KeyIndex {
  /** Per key id: document positions ordered by publishedAt then id (a doc listing a key twice is there twice). */
  postings: Int32Array[];
  /** Per key id: ln(1 + N / df). */
  idf: Float64Array;
  /** The key ids of document `p`, in the document's own order, are `keysOf[keysStart[p] … keysStart[p + 1])`. */
  keysStart: Int32Array;
  keysOf: Int32Array;
}

function buildKeyIndex(docs: readonly RelatedDoc[], order: readonly number[], keysOfDoc: (doc: RelatedDoc) => readonly string[]): KeyIndex {
  const idOf = new Map<string, number>();
  const df: number[] = [];
  const keysStart = new Int32Array(docs.length + 1);
  let total = 0;
  for (const doc of docs) total += keysOfDoc(doc).length;
  const keysOf = new Int32Array(total);
  let at = 0;
  docs.forEach((doc, position) => {
    keysStart[position] = at;
    for (const key of keysOfDoc(doc)) {
      let id = idOf.get(key);
      if (id === undefined) {
        id = df.length;
        idOf.set(key, id);
        df.push(0);
      }
      df[id]!++;
      keysOf[at++] = id;
    }
  });
  keysStart[docs.length] = at;
  const postings = df.map((count) => new Int32Array(count));
  const filled = new Int32Array(df.length);
  for (const position of order) {
    for (let k = keysStart[position]!; k < keysStart[position + 1]!; k++) {
      const id = keysOf[k]!;
      postings[id]![filled[id]!++] = position;
    }
  }
  const idf = Float64Array.from(df, (count) => Math.log(1 + docs.length / count));
  return { postings, idf, keysStart, keysOf };
}

/** Index in `list` (ordered by time) of the first entry not older than `at`. */
function lowerBound(list: Int32Array, time: Float64Array, at: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (time[list[middle]!]! < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Numbers for the distinct values of a string field (undefined is -1), so equality is an integer test. */
function numbered(values: readonly (string | undefined)[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(values, (value) => {
    if (value === undefined) return -1;
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size));
    return id;
  });
}

/**
 * The keys of document `self` that the document at `position` also has, rarest first (ties:
 * alphabetical). `marks` is scratch space, one slot per key id, holding `position + 1` for the
 * other document's keys.
 */
function sharedKeys(index: KeyIndex, marks: Int32Array, keys: readonly string[], self: number, position: number): string[] {
  for (let k = index.keysStart[position]!; k < index.keysStart[position + 1]!; k++) marks[index.keysOf[k]!] = position + 1;
  const shared: string[] = [];
  const rarity: number[] = [];
  for (let k = index.keysStart[self]!, j = 0; k < index.keysStart[self + 1]!; k++, j++) {
    const id = index.keysOf[k]!;
    if (marks[id] !== position + 1) continue;
    // Insertion sort: these lists hold a handful of keys.
    const key = keys[j]!;
    const idf = index.idf[id]!;
    let slot = shared.length;
    for (; slot > 0 && (rarity[slot - 1]! < idf || (rarity[slot - 1] === idf && shared[slot - 1]! > key)); slot--) {
      shared[slot] = shared[slot - 1]!;
      rarity[slot] = rarity[slot - 1]!;
    }
    shared[slot] = key;
    rarity[slot] = idf;
  }
  for (let k = index.keysStart[position]!; k < index.keysStart[position + 1]!; k++) marks[index.keysOf[k]!] = 0;
  return shared;
}
