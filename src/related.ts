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

interface Index {
  /** Posting lists of document positions, ordered by publishedAt then id. */
  postings: Map<string, number[]>;
  idf: Map<string, number>;
}

function buildIndex(docs: readonly RelatedDoc[], order: number[], keysOf: (doc: RelatedDoc) => readonly string[]): Index {
  const postings = new Map<string, number[]>();
  for (const position of order) {
    for (const key of keysOf(docs[position]!)) {
      const list = postings.get(key);
      if (list) list.push(position);
      else postings.set(key, [position]);
    }
  }
  const idf = new Map<string, number>();
  for (const [key, list] of postings) idf.set(key, Math.log(1 + docs.length / list.length));
  return { postings, idf };
}

/** Index in `list` (ordered by time) of the first entry not older than `time`. */
function lowerBound(list: number[], docs: readonly RelatedDoc[], time: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (docs[list[middle]!]!.publishedAt < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

function compareMatches(a: { score: number; time: number; id: string }, b: { score: number; time: number; id: string }): number {
  return b.score - a.score || b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Related documents for every document, keyed by id. Pure and deterministic. */
export function findRelated(docs: readonly RelatedDoc[], options: Partial<RelatedOptions> = {}): Map<string, RelatedMatch[]> {
  const settings = { ...defaultRelatedOptions, ...options };
  const order = docs.map((_, position) => position).sort(
    (a, b) => docs[a]!.publishedAt - docs[b]!.publishedAt || (docs[a]!.id < docs[b]!.id ? -1 : 1),
  );
  const topics = buildIndex(docs, order, (doc) => doc.topics);
  const terms = buildIndex(docs, order, (doc) => doc.terms);
  const topicSets = docs.map((doc) => new Set(doc.topics));
  const termSets = docs.map((doc) => new Set(doc.terms));
  // Scores accumulate while walking posting lists (Hugo's approach): the cost is the number of
  // postings touched, and each candidate's score is exact (see `maxPostings` for huge topics).
  const score = new Float64Array(docs.length);
  const touchedBy = new Int32Array(docs.length).fill(-1);
  const result = new Map<string, RelatedMatch[]>();
  const byRarity = (index: Index) => (a: string, b: string) => index.idf.get(b)! - index.idf.get(a)! || (a < b ? -1 : 1);

  docs.forEach((doc, self) => {
    const touched: number[] = [];
    const add = (position: number, weight: number) => {
      if (touchedBy[position] !== self) {
        touchedBy[position] = self;
        score[position] = 0;
        touched.push(position);
      }
      score[position] = score[position]! + weight;
    };
    const hugeTopics: string[] = [];
    for (const topic of doc.topics) {
      const list = topics.postings.get(topic)!;
      if (list.length <= settings.maxPostings) {
        const weight = topics.idf.get(topic)!;
        for (const position of list) add(position, weight);
      } else {
        hugeTopics.push(topic);
        const at = lowerBound(list, docs, doc.publishedAt);
        const to = Math.min(list.length, at + settings.window + 1);
        for (let i = Math.max(0, at - settings.window); i < to; i++) add(list[i]!, 0);
      }
    }
    for (const term of doc.terms) {
      const list = terms.postings.get(term)!;
      if (list.length > settings.maxTermPostings) continue;
      const weight = settings.termWeight * terms.idf.get(term)!;
      for (const position of list) add(position, weight);
    }

    const best: { position: number; score: number; time: number; id: string }[] = [];
    for (const position of touched) {
      if (position === self) continue;
      const other = docs[position]!;
      let total = score[position]!;
      for (const topic of hugeTopics) if (topicSets[position]!.has(topic)) total += topics.idf.get(topic)!;
      if (other.source === doc.source) {
        total += settings.sourceWeight;
        if (doc.section !== undefined && other.section === doc.section) total += settings.sectionWeight;
      }
      const days = Math.abs(other.publishedAt - doc.publishedAt) / dayMs;
      total += settings.timeWeight * 2 ** (-days / settings.halfLifeDays);
      const match = { position, score: total, time: other.publishedAt, id: other.id };
      if (best.length < settings.limit || compareMatches(match, best[best.length - 1]!) < 0) {
        best.push(match);
        best.sort(compareMatches);
        if (best.length > settings.limit) best.pop();
      }
    }
    result.set(
      doc.id,
      best.map(({ position, score: total, id }) => ({
        id,
        score: total,
        sharedTopics: doc.topics.filter((topic) => topicSets[position]!.has(topic)).sort(byRarity(topics)),
        sharedTerms: doc.terms.filter((term) => termSets[position]!.has(term)).sort(byRarity(terms)),
      })),
    );
  });
  return result;
}
