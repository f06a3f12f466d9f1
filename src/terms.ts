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

/** Lowercase words of at least three letters that are not stop words. */
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").match(/\p{L}[\p{L}\p{N}]{2,}/gu) ?? [];
  return words.filter((word) => !stopWords.has(word));
}

/** Title words plus the `count` most frequent body words (ties: alphabetical), without repeats. */
export function keyTerms(title: string, body: string, count: number = bodyTermCount): string[] {
  const terms = new Set(tokenize(title));
  const frequency = new Map<string, number>();
  for (const word of tokenize(body)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const top = [...frequency]
    .filter(([word, seen]) => seen > 1 && !terms.has(word))
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .slice(0, count);
  for (const [word] of top) terms.add(word);
  return [...terms];
}
