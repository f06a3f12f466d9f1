/**
 * Content-hashed names for the static assets (templates/assets/): "assets/style.css" is written as
 * "assets/style.<digest>.css", and pages link that name (the `assetUrl` filter), so a host may
 * cache assets for good (`_headers`, src/hosting.ts) and a changed asset gets a new URL. The name
 * comes from the file's bytes alone: it changes when and only when they do. Pure.
 */
import { createHash } from "node:crypto";
import { posix } from "node:path";

/** Hex characters of the digest in a name: 40 bits, ample for the few files of one folder. */
const nameDigestLength = 10;

/** "assets/style.css" with the digest of its bytes → "assets/style.3f2a1b9c0d.css". */
export function hashedAssetPath(file: string, contentDigest: string): string {
  const { dir, name, ext } = posix.parse(file);
  const digest = createHash("sha256").update(contentDigest).digest("hex").slice(0, nameDigestLength);
  return posix.join(dir, `${name}.${digest}${ext}`);
}

export interface HashedAssets {
  /** Output path (hashed) → its fingerprint, for the build's plan. */
  prints: Map<string, string>;
  /** Output path (hashed) → the source file below templates/. */
  sources: Map<string, string>;
  /** Site path as templates name it ("/assets/style.css") → hashed site path, for `assetUrl`. */
  urls: Record<string, string>;
}

/** The hashed names of assets given by source path ("assets/style.css") and content digest. */
export function hashAssets(digests: ReadonlyMap<string, string>): HashedAssets {
  const prints = new Map<string, string>();
  const sources = new Map<string, string>();
  const urls: Record<string, string> = {};
  for (const [file, digest] of [...digests].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const hashed = hashedAssetPath(file, digest);
    prints.set(hashed, digest);
    sources.set(hashed, file);
    urls[`/${file}`] = `/${hashed}`;
  }
  return { prints, sources, urls };
}

/** The render key with the assets' hashed names in it: a changed asset is a new link on every page. */
export function withAssetNames(renderKey: string, urls: Readonly<Record<string, string>>): string {
  return createHash("sha1").update(renderKey).update("\u0000").update(JSON.stringify(urls)).digest("base64url");
}
