/**
 * Slugs: readable lowercase ASCII for URLs. The one module that imports @sindresorhus/slugify,
 * which transliterates accents ("Sémuel" → "semuel") before slugging.
 */
import slugifyLibrary from "@sindresorhus/slugify";

/** Article slugs are cut at this length, at a word boundary, so URLs stay readable. */
export const maxSlugLength = 80;

/** A valid slug: lowercase ASCII words joined by single hyphens. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Slugs made so far, by maximum length, then by text. Topic names repeat across thousands of
 * articles and transliteration is the costly part; keyed by the text itself (not a key string
 * made per call), a hit costs a lookup with the string's cached hash (~40,000 a build at 10,000
 * articles: ~30 ms less than with a made key).
 */
const caches = new Map<number, Map<string, string>>();

/** "Bos Telegram Pavel Durov: Indonesia Sangat Luar Biasa" → "bos-telegram-pavel-durov-indonesia-sangat-luar-biasa" */
export function slugify(text: string, maxLength: number = maxSlugLength): string {
  let cache = caches.get(maxLength);
  if (cache === undefined) caches.set(maxLength, (cache = new Map()));
  let slug = cache.get(text);
  if (slug === undefined) {
    slug = slugifyUncached(text, maxLength);
    cache.set(text, slug);
  }
  return slug;
}

function slugifyUncached(text: string, maxLength: number): string {
  const slug = slugifyLibrary(text, {
    decamelize: false,
    customReplacements: [
      ["&", " dan "],
      ["%", " persen "],
      ["@", " at "],
    ],
  });
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength + 1);
  const lastHyphen = cut.lastIndexOf("-");
  return lastHyphen > 0 ? cut.slice(0, lastHyphen) : slug.slice(0, maxLength);
}

/** Groups values by key and returns the keys shared by more than one value, with those values. */
export function findCollisions<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = byKey.get(key);
    if (group) group.push(item);
    else byKey.set(key, [item]);
  }
  for (const [key, group] of byKey) if (group.length < 2) byKey.delete(key);
  return byKey;
}
