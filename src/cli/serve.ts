/**
 * `npm start`: build the site with drafts and future articles (marked "DRAF"), serve it with live
 * reload, and on every change to an article re-render only the pages whose data changed (the
 * render plan of src/render-plan.ts, as in incremental production builds): the article, the
 * neighbours whose related lists or previous/next links changed, its topic, outlet and date pages,
 * home, feeds and sitemap. A template change renders everything. Bad input prints the same errors
 * as the build and keeps serving the last good pages. A restart takes up the pages the last run
 * left (`resume`) and renders only what changed while it was stopped.
 *
 * Eleventy's own --serve/--incremental is not used: at 10,000 articles it re-rendered thousands of
 * pages per change and still left stale ones (see docs/performance.md).
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import { assetPrints, computeSiteKey, manifestPath, manifestVersion, outputMatches, readManifest, removeManifest, writeManifest } from "../build/manifest.ts";
import { ArchiveError, SettingsError } from "../errors.ts";
import { copyFiles } from "../build/output.ts";
import { renderPages, searchFingerprints } from "../build/pipeline.ts";
import { fingerprintSite, fullRenderSet, noPages, outputPathOf, pathsOf, planUpdate, renderSetFor, type Fingerprints } from "../build/plan.ts";
import { pruneCache } from "../build/search-cache.ts";
import { buildSearchIndex, searchBundleDir, searchCache } from "../search/search-index.ts";
import { readSettings } from "../settings.ts";
import { forget, loadSite, templatesDir, type Site } from "../build/site.ts";
import type { ArticleView } from "../archive/archive.ts";

process.env.ARSIP_MODE = "development";
const settings = readSettings();
const port = Number(process.env.PORT || 8080);

let current: Fingerprints = new Map();
let siteKey = "";

/** At most this many changed article pages are written ahead of the rest of an update. */
const aheadLimit = 100;

/**
 * Brings the output folder up to date; returns the site paths written. The pages of the articles
 * whose files changed (the one being edited) and of their previous and next articles are written
 * first, before any page is fingerprinted, so the page an editor is looking at is served ~1 s
 * sooner at 10,000 articles; the fingerprints then say what else changed (related lists, list
 * pages, feeds), and the update is complete, with no page stale, when it returns.
 */
async function update(): Promise<string[]> {
  const started = performance.now();
  // No manifest while pages change: a production build's for this folder (OUTPUT_DIR set to the
  // same folder for both) would let the next `npm run build` trust pages written here, drafts
  // included, and the dev server's own would let its next start trust a half-done update.
  await removeManifest(manifestPath(settings.outputDir));
  forget();
  const site = await loadSite(settings);
  const key = await computeSiteKey(templatesDir, settings);
  const assets = await assetPrints(templatesDir);
  const full = key !== siteKey;
  const ahead = full ? [] : changedArticles(site);
  const early = ahead.length > 0 && ahead.length <= aheadLimit;
  if (early) await renderPages(settings.outputDir, { ...noPages(), articles: ahead });
  // Static assets are planned like pages: copied when they change (a full render copies them all).
  const fingerprints = new Map([...fingerprintSite(site, key), ...assets]);
  const plan = full ? { render: new Set(fingerprints.keys()), remove: [...current.keys()].filter((page) => !fingerprints.has(page)) } : planUpdate(current, fingerprints);
  const written = early ? new Set(ahead.map((article) => outputPathOf(article.url))) : new Set<string>();
  const rest = new Set([...plan.render].filter((page) => !written.has(page)));
  const set = full ? fullRenderSet(site) : renderSetFor(site, rest);
  await Promise.all(plan.remove.map((page) => fsp.rm(path.join(settings.outputDir, page), { force: true })));
  if (rest.size > 0) await renderPages(settings.outputDir, set);
  const copied = full ? [] : [...rest].filter((file) => assets.has(file));
  await copyFiles(templatesDir, settings.outputDir, copied);
  current = fingerprints;
  siteKey = key;
  // For the next start (`resume`). Its site key is the dev server's (drafts shown), so no
  // production build takes these pages for its own.
  await writeManifest(manifestPath(settings.outputDir), { version: manifestVersion, siteKey: key, outputDir: settings.outputDir, fingerprints, searchPrints: new Map() });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const pages = [...plan.render].filter((file) => !assets.has(file)).length;
  console.log(`[arsip] ${site.archive.articles.length} articles; ${pages} pages rendered, ${plan.remove.length} removed in ${seconds} s`);
  return [...written, ...pathsOf(set), ...copied].map((page) => `/${page.replace(/index\.html$/, "")}`);
}

/** The articles whose files this load parsed (new or changed), with their previous and next articles. */
function changedArticles(site: Site): ArticleView[] {
  const byUrl = new Map(site.archive.articles.map((article) => [article.url, article]));
  const changed = new Set<ArticleView>();
  for (const article of site.archive.articles) {
    if (!site.parsedFiles.has(article.file)) continue;
    changed.add(article);
    for (const link of [article.previous, article.next]) {
      const neighbour = link && byUrl.get(link.url);
      if (neighbour) changed.add(neighbour);
    }
  }
  return [...changed];
}

function report(error: unknown): void {
  if (error instanceof ArchiveError || error instanceof SettingsError) console.error(`[arsip] Not updated; still serving the last good pages.\n${error.message}`);
  else console.error("[arsip] Update failed; still serving the last good pages.", error);
}

/**
 * Takes up the pages a previous run of the dev server left in the output folder, when its
 * manifest says what they are and every one is there: the first update then renders only what
 * changed meanwhile (at 10,000 articles a restart serves after ~4 s instead of 13–18 s) and deletes
 * the pages of articles removed meanwhile.
 */
async function resume(): Promise<void> {
  const manifest = await readManifest(manifestPath(settings.outputDir));
  if (manifest === undefined || manifest.outputDir !== settings.outputDir || !(await outputMatches(manifest, settings.outputDir))) return;
  current = manifest.fingerprints;
  siteKey = manifest.siteKey;
}

async function main(): Promise<void> {
  await fsp.mkdir(settings.outputDir, { recursive: true });
  await resume();
  await update();
  // Search works in the dev server too, over the pages of the first build, copying the bundles
  // kept from the last start where nothing they index has changed (src/search-cache.ts).
  const site = await loadSite(settings);
  const cache = await searchCache(settings.outputDir, searchFingerprints(site, siteKey));
  await fsp.rm(path.join(settings.outputDir, searchBundleDir), { recursive: true, force: true });
  await buildSearchIndex(settings.outputDir, site.searchShards, { cache })
    .then(() => pruneCache(cache))
    .catch((error: unknown) => console.warn(`[arsip] search index not built: ${String(error)}`));
  const server = EleventyDevServer.getServer("arsip-berita", settings.outputDir, { pathPrefix: settings.pathPrefix, logger: { info: () => {}, log: () => {}, error: console.error } });
  server.serve(port);
  await server.ready();
  console.log(`[arsip] Serving ${settings.outputDir} at ${server.getServerUrl("localhost")}`);

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        try {
          const written = await update();
          server.reload({ files: written });
        } catch (error) {
          report(error);
        }
      });
    }, 50);
  };
  for (const dir of [settings.articlesDir, templatesDir]) fs.watch(dir, { recursive: true }, schedule);
  console.log(`[arsip] Watching ${path.relative(process.cwd(), settings.articlesDir) || "."} and ${templatesDir}/ for changes`);
}

main().catch((error: unknown) => {
  report(error);
  process.exitCode = 1;
});
