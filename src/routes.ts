/** Site paths to absolute URLs. */

/** Absolute URL of a site path ("/2017/08/04/x/") under `siteUrl` (which carries the prefix). */
export function absoluteUrl(sitePath: string, siteUrl: string): string {
  // Concatenation, not `new URL`: site paths are plain ASCII and siteUrl ends with "/" (settings.ts).
  return siteUrl + sitePath.replace(/^\//, "");
}
