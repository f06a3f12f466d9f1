/**
 * `npm run build [-- --full] [-- --quiet]`: a production build of the archive into OUTPUT_DIR
 * (see src/pipeline.ts). Incremental when the previous output and its cache manifest allow it;
 * `--full` renders everything. Any failure exits non-zero with a message naming the file and
 * field, and leaves the previous output untouched.
 */
import path from "node:path";
import { ArchiveError, SettingsError } from "../errors.ts";
import { buildSite } from "../pipeline.ts";
import { SearchIndexError } from "../search-index.ts";
import { readSettings } from "../settings.ts";

const quiet = process.argv.includes("--quiet");
const full = process.argv.includes("--full");

/**
 * BENCH_REPORT=1 (set by `npm run bench`) prints the duration of each step as one JSON line,
 * "bench-report {...}", so the benchmark can time the steps of one real build. Off otherwise.
 */
const benchReport = process.env.BENCH_REPORT === "1";
const stepNames: Record<string, string> = {
  load: "loadSiteMs",
  plan: "planMs",
  stage: "stageMs",
  render: "eleventyMs",
  check: "checkMs",
  search: "searchIndexMs",
  swap: "swapMs",
};

async function main(): Promise<void> {
  const started = performance.now();
  const settings = readSettings();
  const steps: [string, number][] = [];
  // Progress for large archives on a terminal: one line per finished step.
  const progress = !quiet && !benchReport && process.stdout.isTTY;
  const report = await buildSite(settings, {
    full,
    onStep: (name) => {
      const now = performance.now();
      if (progress) console.log(`  ${name} done in ${((now - (steps[steps.length - 1]?.[1] ?? started)) / 1000).toFixed(1)} s`);
      steps.push([stepNames[name] ?? name, now]);
    },
  });
  const { archive, notices, fileCount } = report.site;
  for (const notice of notices) console.warn(`notice: ${notice}`);
  for (const warning of archive.warnings) console.warn(`warning: ${warning}`);
  if (benchReport) {
    const durations = steps.map(([name, at], index) => [name, Math.round(at - (steps[index - 1]?.[1] ?? started))]);
    console.log(`bench-report ${JSON.stringify({ ...Object.fromEntries(durations), incremental: report.incremental, rendered: report.rendered, maxRssKB: process.resourceUsage().maxRSS })}`);
  }
  if (quiet) return;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const how = report.incremental ? `incremental: ${report.rendered} of ${report.pages} pages rendered, ${report.removed} removed` : `full: ${report.pages} pages rendered`;
  console.log(
    `Arsip Berita: ${archive.articles.length} articles (${fileCount} files), ${archive.topicEntries.length} topics; ` +
      `${how}; written to ${path.relative(process.cwd(), settings.outputDir) || "."} in ${seconds} s` +
      (archive.warnings.length > 0 ? `; ${archive.warnings.length} warnings` : ""),
  );
}

try {
  await main();
} catch (error) {
  if (error instanceof ArchiveError || error instanceof SettingsError || error instanceof SearchIndexError) {
    console.error(`Build stopped; nothing was written (the previous output is unchanged).\n${error.message}`);
  } else {
    console.error("Build failed; nothing was written (the previous output is unchanged).");
    console.error(error);
  }
  process.exitCode = 1;
}
