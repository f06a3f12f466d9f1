/**
 * Eleventy configuration: wiring only. Articles are not Eleventy templates: src/site.ts reads and
 * validates them and builds the archive once; templates paginate over that data. This keeps
 * Eleventy's per-tag collections (the largest cost at 10,000 articles) out of the build.
 */
import type { EleventyConfig } from "@11ty/eleventy";
import { createFilters } from "./src/render/filters.ts";
import { createMarkdown } from "./src/content/markdown/index.ts";
import { assetsDir, readSettings } from "./src/settings.ts";
import { currentRenderSet, forget, loadSite, templatesDir } from "./src/build/site.ts";

export default function configure(eleventyConfig: EleventyConfig) {
  const settings = readSettings();
  // Eleventy runs quiet here (the CLI prints its own summary), but its "Configuration" timing group
  // is made before quiet mode reaches it, so a filter over 8 % of the time, e.g. the JSON feeds
  // at 10,000 articles, printed "[11ty] Benchmark ..." on every build (11ty/eleventy#1484 meant
  // quiet mode to cover it). Its untyped `benchmarks` is the only handle.
  (eleventyConfig as unknown as { benchmarks: { config: { setIsVerbose(verbose: boolean): void } } }).benchmarks.config.setIsVerbose(false);

  eleventyConfig.addGlobalData("settings", settings);
  eleventyConfig.addGlobalData("archive", async () => (await loadSite(settings)).archive);
  eleventyConfig.addGlobalData("feeds", async () => (await loadSite(settings)).feeds);
  eleventyConfig.addGlobalData("sitemap", async () => (await loadSite(settings)).sitemap);
  eleventyConfig.addGlobalData("searchShards", async () => [...(await loadSite(settings)).searchShards.keys()]);
  // The pages to write in this run: all of them, or those an incremental update found changed.
  eleventyConfig.addGlobalData("render", () => currentRenderSet(settings));
  for (const [name, filter] of Object.entries(createFilters(settings))) eleventyConfig.addFilter(name, filter);
  eleventyConfig.setLibrary("md", createMarkdown());

  eleventyConfig.addPassthroughCopy({ [`${templatesDir}/${assetsDir}`]: assetsDir });
  eleventyConfig.addWatchTarget(settings.articlesDir);
  // Each rebuild of the dev server reads the articles afresh.
  eleventyConfig.on("eleventy.beforeWatch", () => forget());

  return {
    dir: { input: templatesDir, includes: "_includes", data: "_data", output: settings.outputDir },
    pathPrefix: settings.pathPrefix,
    templateFormats: ["njk"],
    htmlTemplateEngine: "njk",
    markdownTemplateEngine: false,
  };
}
