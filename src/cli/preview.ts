/**
 * `npm run preview`: serves the production output (OUTPUT_DIR, default `_site/`) as a static host
 * would (src/host/preview.ts), under PATH_PREFIX, on HOST:PORT (127.0.0.1:8080 by default). It
 * builds nothing: run `npm run build` first. A folder the dev server wrote (drafts) is refused.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { readMarker } from "../build/output.ts";
import { SettingsError } from "../errors.ts";
import { startPreview } from "../host/preview.ts";
import { headersFile, parseHeaders } from "../hosting.ts";
import { readSettings } from "../settings.ts";

try {
  const settings = readSettings(process.env, process.cwd(), "production");
  const where = path.relative(process.cwd(), settings.outputDir) || ".";
  const marker = await readMarker(settings.outputDir);
  if (marker === undefined) {
    console.error(`Preview not started: ${where} holds no finished build. Run npm run build first (with the same OUTPUT_DIR).`);
    process.exit(1);
  }
  if (marker.mode !== "production") {
    console.error(`Preview not started: ${where} was written by the dev server (npm start) and holds drafts. Run npm run build and preview its output.`);
    process.exit(1);
  }
  // The first rule of _headers is "<prefix>*": a site built for another prefix would answer 404 everywhere.
  const builtFor = parseHeaders(await fs.readFile(path.join(settings.outputDir, headersFile), "utf8").catch(() => ""))[0]?.path.replace(/\*$/, "");
  if (builtFor !== undefined && builtFor !== settings.pathPrefix) {
    console.error(`Preview not started: ${where} was built for PATH_PREFIX=${builtFor}, not ${settings.pathPrefix}. Run: PATH_PREFIX=${builtFor} npm run preview`);
    process.exit(1);
  }
  const server = await startPreview(settings.outputDir, { pathPrefix: settings.pathPrefix, host: settings.host, port: settings.port });
  console.log(`Previewing ${where} as a static host serves it (_headers, _redirects, 404.html) at ${server.url("/")}`);
  console.log("No live reload: run npm run build again, then restart the preview. Ctrl+C stops it.");
} catch (error) {
  if (error instanceof SettingsError) console.error(`Preview not started.\n${error.message}`);
  else if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") console.error(`Preview not started: port ${process.env.PORT ?? 8080} is in use; set PORT to another one.`);
  else console.error("Preview not started.", error);
  process.exitCode = 1;
}
