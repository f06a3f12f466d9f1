/**
 * Loads .eleventy.ts the way the build does (Eleventy's programmatic API under tsx; vitest's own
 * loader cannot import a TypeScript config for Eleventy) and prints, as JSON, what
 * tests/eleventy-config.test.ts checks.
 */
import { Eleventy } from "@11ty/eleventy";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const output = await fs.mkdtemp(path.join(os.tmpdir(), "arsip-config-probe-"));
try {
  const eleventy = new Eleventy("templates", output, { configPath: ".eleventy.ts", quietMode: true });
  // Internal, untyped in Eleventy 3.1: init() loads the config; the UserConfig's timing group for
  // filters and shortcodes (src/UserConfig.js).
  const internals = eleventy as unknown as { init(): Promise<void>; eleventyConfig: { userConfig: { benchmarks: { config: { isVerbose: boolean } } } } };
  await internals.init();
  console.log(JSON.stringify({ filterTimingVerbose: internals.eleventyConfig.userConfig.benchmarks.config.isVerbose }));
} finally {
  await fs.rm(output, { recursive: true, force: true });
}
