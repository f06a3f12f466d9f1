/** Site paths to absolute URLs. */

/** Absolute URL of a site path ("/2017/08/04/x/") under `siteUrl` (which carries the prefix). */
export function absoluteUrl(sitePath: string, siteUrl: string): string {
  return new URL(sitePath.replace(/^\//, ""), siteUrl).href;
}
