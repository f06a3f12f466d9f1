/**
 * The one place that drives Eleventy. `arsipPlugin` wires everything a build gives the templates
 * (filters, the Markdown library, the settings and the pages of this run) into an Eleventy config,
 * in the shape of eleventy-base-blog's `_config/filters.js`: a plugin that receives its data as an
 * argument. The pipeline passes it through Eleventy's programmatic `config` option
 * (`renderPages`); `.eleventy.ts` passes it for a plain `eleventy --config=.eleventy.ts` run. No
 * state travels through `process.env` or module variables.
 */
import type { EleventyConfig } from "@11ty/eleventy";
import { createMarkdown } from "../content/markdown/index.ts";
import type { RenderSet } from "./pages.ts";
import { createFilters } from "./filters.ts";
import type { PageWriter } from "./page-writer.ts";
import { shareCompiledTemplates } from "./nunjucks-compile.ts";
import { assetsDir, templatesDir, type Settings } from "../settings.ts";

export interface RenderInput {
  settings: Pick<Settings, "siteUrl" | "pathPrefix" | "mode">;
  /** The pages to write in this run, each with the exact data its template shows. */
  set: RenderSet;
  /** Site path of each static asset → its content-hashed site path (src/build/assets.ts), for `assetUrl`. */
  assets: Readonly<Record<string, string>>;
}

/** Eleventy's folders below `templatesDir`: the same for the pipeline and `.eleventy.ts`. */
export const eleventyDirs = { input: templatesDir, includes: "_includes", data: "_data" } as const;

/**
 * Registers filters, the Markdown library and the global data of one run. Templates see
 * `settings` and `render` (the pages of this run, src/render/pages.ts) besides `_data/`.
 */
export function arsipPlugin(eleventyConfig: EleventyConfig, { settings, set, assets }: RenderInput): void {
  // Eleventy runs quiet here (the CLI prints its own summary), but its "Configuration" timing group
  // is made before quiet mode reaches it, so a transform over 8 % of the time (the page writer's
  // when the disk is slow) printed "[11ty] Benchmark ..." on every batch (11ty/eleventy#1484 meant
  // quiet mode to cover it). Its untyped `benchmarks` is the only handle.
  (eleventyConfig as unknown as { benchmarks: { config: { setIsVerbose(verbose: boolean): void } } }).benchmarks.config.setIsVerbose(false);
  eleventyConfig.addGlobalData("settings", { siteUrl: settings.siteUrl, pathPrefix: settings.pathPrefix, mode: settings.mode });
  eleventyConfig.addGlobalData("render", set);
  // Straight onto the Nunjucks environment, the only template language here, not through
  // `addFilter`: Eleventy wraps each filter it is given in a timer (its "Configuration" benchmark)
  // and a check for promises, paid on every call (~0.35 s of CPU in a 10,000-article render's
  // profile: Eleventy's wrapper, its timer and `performance.now`).
  const filters = createFilters(settings, assets);
  eleventyConfig.amendLibrary("njk", (nunjucks: { addFilter(name: string, filter: unknown): void }) => {
    for (const [name, filter] of Object.entries(filters)) nunjucks.addFilter(name, filter);
  });
  eleventyConfig.setLibrary("md", createMarkdown());
  // Static assets are copied as they are by the pipeline (src/build/pipeline.ts), never rendered:
  // a template placed among them would otherwise be rendered by one path and copied by another.
  eleventyConfig.ignores.add(`${templatesDir}/${assetsDir}/**`);
}

/**
 * The whole Eleventy config of a run: folders and template formats (which Eleventy takes from a
 * config, not from a plugin), then `arsipPlugin`. The pipeline and `.eleventy.ts` both call it.
 */
export function configureEleventy(eleventyConfig: EleventyConfig, input: RenderInput): void {
  // Process-wide and idempotent: each page template compiles once, not once a page.
  shareCompiledTemplates();
  eleventyConfig.setTemplateFormats(["njk"]);
  eleventyConfig.setIncludesDirectory(eleventyDirs.includes);
  eleventyConfig.setDataDirectory(eleventyDirs.data);
  eleventyConfig.addPlugin(arsipPlugin, input);
}

/** Eleventy's console, minus its "Wrote N files" line after every batch; warnings and errors pass. */
const quietConsole = { log: () => {}, info: () => {}, warn: console.warn, error: console.error };

let eleventyModule: Promise<typeof import("@11ty/eleventy")> | undefined;

/**
 * Eleventy's module, imported once per process (~0.5 s of module loading). The pipeline starts it
 * before loading the archive, whose file reads leave the main thread idle at times.
 *
 * Without Eleventy's ESM resolver (`ELEVENTY_SKIP_ESM_RESOLVER`, Eleventy 3.1's
 * src/Util/EsmResolverPortAdapter.js): on Node 20 it registers loader hooks (`module.register`)
 * that run on a thread of their own, and every `import` after it waits on that thread; it only
 * busts Node's import cache for JavaScript files Eleventy's own watcher saw change, and this
 * project gives Eleventy no JavaScript module to import (Nunjucks templates whose JavaScript front
 * matter imports nothing, JSON data, no config file), nor runs its watcher. Skipping it saves
 * ~0.1 s of every process that renders.
 */
export function importEleventy(): Promise<typeof import("@11ty/eleventy")> {
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "true";
  return (eleventyModule ??= import("@11ty/eleventy"));
}

/** The last transform, which hands each page to the page writer. */
const writerTransform = "arsip/page-writer";

/**
 * Renders `input.set` with Eleventy into `outputDir`; `writer` writes the pages
 * (src/render/page-writer.ts), each as soon as it is rendered. Resolves once every page is
 * written. No config file: the plugin is the config.
 */
export async function renderWithEleventy(outputDir: string, input: RenderInput, writer: PageWriter): Promise<void> {
  const { Eleventy } = await importEleventy();
  const eleventy = new Eleventy(templatesDir, outputDir, {
    // No config file: the project has none Eleventy finds by itself (.eleventy.ts is for the
    // command line), and `configureEleventy` is the whole config.
    configPath: undefined,
    quietMode: true,
    pathPrefix: input.settings.pathPrefix,
    config: (eleventyConfig: EleventyConfig) => {
      configureEleventy(eleventyConfig, input);
      // Eleventy adds its own transforms (bundles, HTML URLs) after this config has run; a plugin
      // added once the config is read (`eleventy.beforeConfig`) runs after theirs, so this one,
      // which hands each finished page to the writer, comes last.
      eleventyConfig.on("eleventy.beforeConfig", (config: EleventyConfig) =>
        config.addPlugin((late: EleventyConfig) =>
          late.addTransform(writerTransform, async function (content) {
            if (typeof this.outputPath === "string") await writer.add(this.outputPath, content);
            return content;
          }),
        ),
      );
      // A transform after this one would change pages already written.
      eleventyConfig.on("eleventy.before", () => {
        const last = Object.keys(eleventyConfig.transforms).at(-1);
        if (last !== writerTransform) throw new Error(`Eleventy's transform "${last}" would run after the pages are written (src/render/eleventy.ts).`);
      });
    },
  });
  // Eleventy's types do not declare its logger; it is public in Eleventy 3.1 (src/Eleventy.js).
  (eleventy as unknown as { logger: { overrideLogger(logger: typeof quietConsole): void } }).logger.overrideLogger(quietConsole);
  // `toJSON` renders every page as `write` does and runs the transforms, but leaves the writing to us.
  try {
    await eleventy.toJSON();
  } catch (error) {
    // No page of a failed run is written after it has failed: the caller may remove the folder.
    await writer.abandon();
    throw error;
  }
  await writer.flush();
}
