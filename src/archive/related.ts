/**
 * "Berita terkait": for every document, the few others most related to it. Knows nothing about
 * pages or Eleventy (after Hugo's `related/`): it takes `RelatedDoc`s, builds inverted indexes
 * (topic → docs, term → docs) once, and scores only the candidates those indexes yield, so the
 * cost grows with the archive, not with its square.
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

/**
 * An inverted index over one kind of key (topics or terms) with keys numbered 0, 1, 2… in order of
 * first appearance: the scoring loop then reads typed arrays, not string maps.
 */
interface Index {
  /** Per key id: document positions ordered by publishedAt then id (a doc listing a key twice is there twice). */
  postings: Int32Array[];
  /** Per key id: ln(1 + N / df). */
  idf: Float64Array;
  /** The key ids of document `p`, in the document's own order, are `keysOf[keysStart[p] … keysStart[p + 1])`. */
  keysStart: Int32Array;
  keysOf: Int32Array;
}

function buildIndex(docs: readonly RelatedDoc[], order: readonly number[], keysOfDoc: (doc: RelatedDoc) => readonly string[]): Index {
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
function sharedKeys(index: Index, marks: Int32Array, keys: readonly string[], self: number, position: number): string[] {
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

/** Related documents for every document, keyed by id. Pure and deterministic. */
export function findRelated(docs: readonly RelatedDoc[], options: Partial<RelatedOptions> = {}): Map<string, RelatedMatch[]> {
  const settings = { ...defaultRelatedOptions, ...options };
  const { limit, maxPostings, window, maxTermPostings, sourceWeight, sectionWeight, timeWeight, halfLifeDays } = settings;
  const count = docs.length;
  const time = Float64Array.from(docs, (doc) => doc.publishedAt);
  const order = docs.map((_, position) => position).sort(
    (a, b) => time[a]! - time[b]! || (docs[a]!.id < docs[b]!.id ? -1 : 1),
  );
  const topics = buildIndex(docs, order, (doc) => doc.topics);
  const terms = buildIndex(docs, order, (doc) => doc.terms);
  // The same product as `termWeight · idf` in the loop, computed once per term.
  const termWeights = terms.idf.map((idf) => settings.termWeight * idf);
  const sources = numbered(docs.map((doc) => doc.source));
  const sections = numbered(docs.map((doc) => doc.section));

  // Scores accumulate while walking posting lists (Hugo's approach): the cost is the number of
  // postings touched, and each candidate's score is exact (see `maxPostings` for huge topics).
  // One score array for all documents; `stamp` says which document's lookup last reset a slot.
  const score = new Float64Array(count);
  const stamp = new Int32Array(count).fill(-1);
  const touched = new Int32Array(count);
  // Members of each topic over `maxPostings`, as bit sets: whether a candidate has such a topic
  // is then one lookup. (N/8 bytes per such topic; there are at most (topic mentions)/maxPostings.)
  const members = topics.postings.map((list) => {
    if (list.length <= maxPostings) return undefined;
    const bits = new Uint32Array((count + 31) >>> 5);
    for (const position of list) bits[position >>> 5]! |= 1 << (position & 31);
    return bits;
  });
  const hugeMembers: Uint32Array[] = [];
  const hugeWeights: number[] = [];
  // The best `limit` candidates so far, best first.
  const bestPosition = new Int32Array(Math.max(limit, 0));
  const bestScore = new Float64Array(Math.max(limit, 0));
  const lows = new Float64Array(Math.max(limit, 0));
  // Bounds of the time bonus timeWeight · 2^(−days / halfLifeDays), whose power lies in [0, 1]
  // when halfLifeDays > 0; otherwise no candidate is skipped.
  const canSkip = halfLifeDays > 0 && limit > 0;
  const minTimeWeight = Math.min(0, timeWeight);
  const maxTimeWeight = Math.max(0, timeWeight);
  const topicMarks = new Int32Array(topics.idf.length);
  const termMarks = new Int32Array(terms.idf.length);
  const result = new Map<string, RelatedMatch[]>();

  for (let self = 0; self < count; self++) {
    const doc = docs[self]!;
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
        // Only the nearest in time become candidates; the topic's weight is added below.
        hugeMembers.push(members[topic]!);
        hugeWeights.push(topics.idf[topic]!);
        const at = lowerBound(list, time, selfTime);
        from = Math.max(0, at - window);
        to = Math.min(list.length, at + window + 1);
      }
      for (let i = from; i < to; i++) {
        const position = list[i]!;
        if (stamp[position] !== self) {
          stamp[position] = self;
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
        if (stamp[position] !== self) {
          stamp[position] = self;
          score[position] = 0 + weight;
          touched[touchedCount++] = position;
        } else score[position] = score[position]! + weight;
      }
    }

    // Pass 1: everything but the time bonus, kept in `score`. Floating-point sums depend on their
    // order, so it is fixed: topics and terms as walked above, crowded topics, outlet, rubric,
    // then time. Also the `limit`-th best lower bound of a final score, since the time bonus
    // lies between min(0, timeWeight) and max(0, timeWeight).
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
    result.set(doc.id, matches);
  }
  return result;
}
