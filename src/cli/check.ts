/**
 * `npm run check`: checks the production output (OUTPUT_DIR, default `_site/`) before it is
 * uploaded (src/host/check.ts), with the SITE_URL and PATH_PREFIX it was built with. Prints every
 * problem and a summary; exits 1 when there is a problem, 0 otherwise.
 */
import path from "node:path";
import { SettingsError } from "../errors.ts";
import { checkOutput } from "../host/check.ts";
import { readSettings } from "../settings.ts";

/** Problems printed one by one; past this many they are counted. */
const shown = 100;

try {
  const settings = readSettings(process.env, process.cwd(), "production");
  const where = path.relative(process.cwd(), settings.outputDir) || ".";
  const { problems, counted } = await checkOutput(settings.outputDir, settings.siteUrl);
  for (const problem of problems.slice(0, shown)) console.error(problem);
  if (problems.length > shown) console.error(`… and ${problems.length - shown} more`);
  const summary = `${counted.pages} HTML files, ${counted.links} internal links (${counted.fragments} with a fragment), ${counted.redirects} redirects, ${counted.sitemap} sitemap URLs, ${counted.feeds} feeds`;
  if (problems.length > 0) {
    console.error(`Check failed: ${problems.length} ${problems.length === 1 ? "problem" : "problems"} in ${where} (${summary}). Fix them and build again before uploading.`);
    process.exitCode = 1;
  } else {
    console.log(`Check passed: ${where} (${summary}); no problems.`);
  }
} catch (error) {
  if (error instanceof SettingsError) console.error(`Check not run.\n${error.message}`);
  else console.error("Check not run.", error);
  process.exitCode = 1;
}
