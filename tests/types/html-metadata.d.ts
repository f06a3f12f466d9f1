// html-metadata (Wikipedia Citoid's metadata scraper) ships no types; the tests read its result
// per vocabulary (highwirePress, openGraph, ...).
declare module "html-metadata" {
  const htmlMetadata: { loadFromString(html: string): Promise<Record<string, Record<string, unknown> | undefined>> };
  export default htmlMetadata;
}
