/**
 * An article's photo file: where `image.file` may point and what a page shows of the processed
 * photo. The path is written relative to the article's own file, like an image link in Markdown
 * ("foto/durov.jpg" beside articles/2017/x.md is articles/2017/foto/durov.jpg), and must stay
 * inside the articles folder. Pure: the file itself is read by src/build/photos.ts.
 */
import path from "node:path";

/** Photo files an article may name; the articles folder's loader skips them without a notice. */
export const photoExtensions = [".jpg", ".jpeg", ".png", ".webp", ".avif"] as const;

/** Larger photo files are refused: a news photo is a few MB at most, and such a file is likely not one. */
export const maxPhotoBytes = 20 * 1024 * 1024;

/** True for a file name with a photo extension (any case). */
export function isPhotoFile(name: string): boolean {
  const extension = path.extname(name).toLowerCase();
  return (photoExtensions as readonly string[]).includes(extension);
}

/**
 * Why `value` cannot be an `image.file` path, or undefined when it can: a relative path with "/"
 * separators, no "." or ".." segment, and a photo extension. Where it leads is checked against
 * the real folder by the build (`resolvePhotoFile`), which also follows symbolic links.
 */
export function photoPathProblem(value: string): string | undefined {
  if (value.includes("\\")) return 'write the path with "/", e.g. "foto/durov.jpg"';
  if (value.startsWith("/") || /^[a-z]:/i.test(value)) return 'expected a path relative to the article\'s file, e.g. "foto/durov.jpg"; an absolute path is not allowed';
  if (value.split("/").some((segment) => segment === ".." || segment === "." || segment === "")) {
    return 'expected a path inside the articles folder without "." or ".." segments, e.g. "foto/durov.jpg"';
  }
  if (!isPhotoFile(value)) return `expected a photo file ending in ${photoExtensions.join(", ")}`;
  return undefined;
}

/**
 * The absolute path of the photo `file` names for the article at `articlePath` (absolute), or a
 * problem when it leaves `articlesDir` (both absolute; symbolic links are checked by the build).
 */
export function resolvePhotoFile(articlesDir: string, articlePath: string, file: string): { path: string } | { problem: string } {
  const resolved = path.resolve(path.dirname(articlePath), file);
  const relative = path.relative(articlesDir, resolved);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) {
    return { problem: "the photo must be inside the articles folder; move it there and name it relative to the article" };
  }
  return { path: resolved };
}

/** One processed file: its site path (without the path prefix) and its size in pixels. */
export interface PhotoVariant {
  url: string;
  width: number;
  height: number;
}

/** The photo of an article page: a <picture> with one <source> per modern format and a JPEG <img>. */
export interface Photo {
  /** The img's alt: `image.alt`, else the caption. */
  alt: string;
  /** `sizes` for every srcset: the width the photo takes in the article column. */
  sizes: string;
  /** AVIF, then WebP: the formats a browser tries before the JPEG, each in every width. */
  sources: { type: string; candidates: PhotoVariant[] }[];
  /** The JPEG widths, smallest first; the largest is the img's src, width and height. */
  fallback: PhotoVariant[];
  /** The JPEG for Open Graph and JSON-LD: the largest, at most 1200 px wide. */
  share: PhotoVariant;
}
