/**
 * Key terms of an article for "Berita terkait": words of the title and the most frequent words of
 * the body, lowercased, with Indonesian stop words removed. The one module that imports stopword.
 */
import { ind as indonesianStopWords } from "stopword";

/** Words every news story uses that say nothing about its subject, beyond the stop-word list. */
const newsStopWords = ["baca", "jakarta", "kata", "ujar", "ucap", "tutur", "ungkap", "jelas", "tempo", "merdeka", "com", "persen", "ribu", "juta", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"];
const stopWords = new Set([...indonesianStopWords, ...newsStopWords]);

/** Body words kept per article: enough to say what it is about, few enough to index cheaply. */
export const bodyTermCount = 8;

const word = /\p{L}[\p{L}\p{N}]{2,}/gu;
const asciiWord = /[a-z][a-z0-9]{2,}/g;
const nonAscii = /[^\x00-\x7f]/gu;
const letterDigitOrMark = /[\p{L}\p{N}\p{M}]/u;

/**
 * Whether a character only ever separates words: neither it nor its lowercase decomposition
 * holds a letter, digit or mark (true of “ ” ’ – — …, not of é, ﬁ or Ⓐ).
 */
const separators = new Map<string, boolean>();
function isSeparator(char: string): boolean {
  let separates = separators.get(char);
  if (separates === undefined) {
    separates = !letterDigitOrMark.test(char) && !letterDigitOrMark.test(char.toLowerCase().normalize("NFKD"));
    separators.set(char, separates);
  }
  return separates;
}

/** Whether the text's only non-ASCII characters are separators: then its words are ASCII too. */
function hasAsciiWords(text: string): boolean {
  return (text.match(nonAscii) ?? []).every(isSeparator);
}

/** All lowercase words of at least three letters, stop words included, in text order. */
function words(text: string): string[] {
  // The same words as the Unicode way, which an ASCII pattern finds several times faster.
  if (hasAsciiWords(text)) return text.toLowerCase().match(asciiWord) ?? [];
  return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").match(word) ?? [];
}

/** Lowercase words of at least three letters that are not stop words. */
export function tokenize(text: string): string[] {
  return words(text).filter((token) => !stopWords.has(token));
}

/** Title words plus the `count` most frequent body words (ties: alphabetical), without repeats. */
export function keyTerms(title: string, body: string, count: number = bodyTermCount): string[] {
  const terms = new Set(tokenize(title));
  const candidates: [string, number][] = [];
  for (const [token, seen] of countWords(body)) if (!terms.has(token)) candidates.push([token, seen]);
  for (const [token] of mostFrequent(candidates, count)) terms.add(token);
  return [...terms];
}

/**
 * Words of `text` (as `words` splits it) seen more than once, stop words left out, with their
 * counts. ASCII text is scanned by character codes and each word looked up in `vocabulary` by its
 * span, so no string is made per occurrence: most of the cost of key terms was making and hashing
 * those strings.
 */
function countWords(text: string): [string, number][] {
  if (!hasAsciiWords(text)) {
    const frequency = new Map<string, number>();
    for (const token of words(text)) frequency.set(token, (frequency.get(token) ?? 0) + 1);
    return [...frequency].filter(([token, seen]) => seen > 1 && !stopWords.has(token));
  }
  const lower = text.toLowerCase();
  const seen: number[] = [];
  // A word is a run of [a-z0-9] from its first letter, three characters or more (`asciiWord`).
  let start = -1;
  let hash = 0;
  for (let i = 0; i <= lower.length; i++) {
    const code = i < lower.length ? lower.charCodeAt(i) : 0;
    const letter = code >= 97 && code <= 122;
    if (letter || (code >= 48 && code <= 57)) {
      if (start === -1) {
        if (!letter) continue;
        start = i;
        hash = 0x811c9dc5;
      }
      hash = Math.imul(hash ^ code, 16777619);
    } else if (start !== -1) {
      if (i - start >= 3) {
        const id = vocabulary.find(lower, start, i, hash);
        if (counts[id] === 0) seen.push(id);
        counts[id]!++;
      }
      start = -1;
    }
  }
  const repeated: [string, number][] = [];
  for (const id of seen) {
    if (counts[id]! > 1 && !vocabulary.isStopWord[id]) repeated.push([vocabulary.words[id]!, counts[id]!]);
    counts[id] = 0;
  }
  return repeated;
}

/**
 * Every distinct ASCII word seen so far, numbered, in an open-addressing table. Kept between calls
 * (and builds, in the dev server): it grows with the archive's vocabulary, not with its size.
 */
class Vocabulary {
  words: string[] = [];
  isStopWord: boolean[] = [];
  private hashes: number[] = [];
  /** Word id + 1 per slot, 0 when empty. */
  private slots = new Int32Array(1 << 12);

  /** The id of the word `text.slice(start, end)` whose FNV-1a hash is `hash`, added if new. */
  find(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]! - 1;
      if (id === -1) break;
      if (this.hashes[id] === hash && this.matches(this.words[id]!, text, start, end)) return id;
    }
    const id = this.words.length;
    const word = text.slice(start, end);
    this.words.push(word);
    this.isStopWord.push(stopWords.has(word));
    this.hashes.push(hash);
    if (this.words.length * 2 > this.slots.length) this.grow();
    else this.place(id);
    return id;
  }

  private matches(word: string, text: string, start: number, end: number): boolean {
    if (word.length !== end - start) return false;
    for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
    return true;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[id]! & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.words.length; id++) this.place(id);
    counts = growTo(counts, this.slots.length);
  }
}

function growTo(array: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}

const vocabulary = new Vocabulary();
/** Occurrences per word id in the text being counted; all 0 between calls. */
let counts: Int32Array = new Int32Array(1 << 12);

const byFrequency = ([a, countA]: [string, number], [b, countB]: [string, number]) => countB - countA || (a < b ? -1 : 1);

/** The first `count` of `candidates` (distinct words) sorted by `byFrequency`. */
function mostFrequent(candidates: [string, number][], count: number): [string, number][] {
  if (!Number.isSafeInteger(count) || count < 1 || count >= candidates.length) return candidates.sort(byFrequency).slice(0, count);
  // Insertion into a list of `count`: a full sort would order a hundred words to keep eight.
  const top: [string, number][] = [];
  for (const candidate of candidates) {
    if (top.length === count && byFrequency(candidate, top[count - 1]!) > 0) continue;
    let slot = Math.min(top.length, count - 1);
    for (; slot > 0 && byFrequency(candidate, top[slot - 1]!) < 0; slot--) top[slot] = top[slot - 1]!;
    top[slot] = candidate;
  }
  return top;
}
