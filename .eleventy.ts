/**
 * Eleventy configuration for a plain full build from the command line:
 *   tsx node_modules/@11ty/eleventy/cmd.cjs --config=.eleventy.ts
 * Wiring only: settings are read once, the site is loaded once, and the plugin that `npm run build`
 * passes to Eleventy for each of its runs (src/render/eleventy.ts) receives them. `npm run build`
 * and the dev server go through src/build/pipeline.ts instead, which writes only what changed,
 * indexes search and swaps the output in atomically.
 */
import type { EleventyConfig } from "@11ty/eleventy";
import { hashAssets } from "./src/build/assets.ts";
import { assetDigests } from "./src/build/cache.ts";
import { loadSite } from "./src/build/site.ts";
import { configureEleventy } from "./src/render/eleventy.ts";
import { renderSetFor, sitePages } from "./src/render/pages.ts";
import { readSettings } from "./src/settings.ts";

export default async function configure(eleventyConfig: EleventyConfig) {
  const settings = readSettings();
  const site = await loadSite(settings);
  configureEleventy(eleventyConfig, { settings, set: renderSetFor(sitePages(site)), assets: hashAssets(await assetDigests()).urls });
  return { dir: { output: settings.outputDir }, pathPrefix: settings.pathPrefix };
}
