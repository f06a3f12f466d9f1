/**
 * `npm start`: build the site with drafts and future articles (marked "DRAF") into `_site-dev/`,
 * serve it with live reload on 127.0.0.1 (HOST and PORT change that), and on every change to an
 * article or template build again. Each update is the production pipeline (src/build/pipeline.ts)
 * in development mode: only the pages whose data changed are rendered, the search shards they
 * touch are indexed again, and the new site is swapped in whole, so a rejected edit leaves the
 * pages being served as they were and a restart after any stop takes up where the last update
 * ended. Bad input prints the same errors as the build.
 *
 * What makes an update at 10,000 articles serve its page in about two seconds rather than three
 * or four is kept for the life of the server: the parse store, the paths the watcher reported (so
 * a load stats only those), the pages' prints (a page whose data is unchanged is not serialised
 * and hashed again), and bodies with read-also lines. And the search shards an update touches
 * are indexed after its pages are in place, in a second swap (`deferSearch`).
 *
 * An archive that needs more heap than Node gives itself on the machine (`serverHeap`: at 100,000
 * articles ~3.5 GB, where Node's default is ~2 GB on a machine with less than 16 GB of memory) is
 * served from a Node process started with that heap (src/cli/heap-process.ts); this one waits for
 * it, passes Ctrl-C on, and says so plainly should it run out of memory all the same.
 *
 * Eleventy's own --serve/--incremental is not used: at 10,000 articles it re-rendered thousands of
 * pages per change and still left stale ones (see docs/performance.md).
 */
import fsp from "node:fs/promises";
import path from "node:path";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import { defaultCacheDir, parsedStore } from "../build/cache.ts";
import { countArticleFiles, serverHeap } from "../build/heap.ts";
import { build, DeferredSearchError, prepareSpare } from "../build/pipeline.ts";
import { holdLock } from "../build/output-lock.ts";
import { outputPlacesOf } from "../build/output.ts";
import { PrintMemo } from "../build/plan.ts";
import { watchTree, type TreeWatcher } from "../build/watch.ts";
import { ArticleChanges } from "../content/changes.ts";
import type { ParsedArticle } from "../content/load.ts";
import { ArchiveError, OutputFolderError, SettingsError } from "../errors.ts";
import { SearchIndexError } from "../search/search-index.ts";
import { readSettings, templatesDir } from "../settings.ts";
import { heapFlagGiven, heapLimitMb, ranOutOfMemory, runWithHeap } from "./heap-process.ts";

const settings = readSettings(process.env, process.cwd(), "development");
const cacheDir = defaultCacheDir();
/** Kept for the life of the server: an update parses only the articles that changed. */
const parsed = parsedStore(settings.articlesDir, { dir: cacheDir, root: process.cwd() });
/** Kept for the life of the server: an update fingerprints again only the pages whose data changed. */
const prints = new PrintMemo();
/** Kept for the life of the server: what the watcher saw change since the last load (src/content/changes.ts). */
const changes = new ArticleChanges<ParsedArticle>();
/**
 * BENCH_REPORT=1 (bench/dev-update.ts) prints the duration of each step of each update, and of
 * each spare made after one, as "bench-report {...}" lines. Off otherwise.
 */
const benchReport = process.env.BENCH_REPORT === "1";

/** Milliseconds from `started` to each step's end, as the step's duration. */
function stepTimer(started: number) {
  const steps: [string, number][] = [];
  return {
    step: (name: string) => void steps.push([name, performance.now()]),
    durations: () => Object.fromEntries(steps.map(([name, at], index) => [name, Math.round(at - (steps[index - 1]?.[1] ?? started))])),
  };
}

/** Builds the site again; resolves with the site paths written, for live reload. */
async function update(): Promise<string[]> {
  const started = performance.now();
  const steps = stepTimer(started);
  const report = await build(settings, { command: "npm start", cacheDir, parsed, changes, prints, deferSearch: true, lookAhead: false, onStep: steps.step });
  // The replaced site is deleted while the new one is served.
  for (const folder of report.retired) void fsp.rm(folder, { recursive: true, force: true }).catch(() => {});
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`[arsip] ${report.site.archive.articles.length} articles; ${report.rendered} pages rendered, ${report.removed} removed in ${seconds} s`);
  if (benchReport) console.log(`bench-report ${JSON.stringify({ update: steps.durations(), rendered: report.rendered, indexed: report.indexed, parsed: report.site.parsedFiles.size, heapLimitMB: heapLimitMb() })}`);
  return report.changed.map((page) => `/${page.replace(/index\.html$/, "")}`);
}

/** The update or spare under way; the next update waits for it. */
let running: Promise<void> = Promise.resolve();

function report(error: unknown): void {
  if (error instanceof DeferredSearchError) return console.error(`[arsip] Pages updated; their search index not yet, the next update tries again.\n${error.message}`);
  const known = error instanceof ArchiveError || error instanceof SettingsError || error instanceof SearchIndexError || error instanceof OutputFolderError;
  if (known) console.error(`[arsip] Not updated; still serving the last good pages.\n${error.message}`);
  else console.error("[arsip] Update failed; still serving the last good pages.", error);
}

/**
 * After an update is served: the site before it becomes the spare the next update stages in; when
 * there is none (the first update, or after a full render), one is made now, while the editor
 * looks at the page, so the next update does not link the whole site first.
 */
async function spare(): Promise<void> {
  const started = performance.now();
  await prepareSpare(settings, { cacheDir }).catch((error: unknown) => console.warn(`[arsip] spare not prepared (the next update links the whole site): ${String(error)}`));
  if (benchReport) console.log(`bench-report ${JSON.stringify({ spare: Math.round(performance.now() - started) })}`);
}

/**
 * Watches the articles (each changed path goes to `changes`, so the next load stats only those)
 * and the templates (any change: every article is stat'ed again, as when unsure), and schedules
 * an update after each change, 50 ms after the last of a burst. Watching starts before the first
 * build, so an edit made while it runs is built next.
 */
function watchSources(onChange: () => void): TreeWatcher[] {
  return [
    watchTree(settings.articlesDir, (relativePath) => {
      changes.note(relativePath);
      onChange();
    }),
    watchTree(templatesDir, () => {
      changes.rescan();
      onChange();
    }),
  ];
}

async function main(): Promise<void> {
  // The output is this server's as long as it runs: a build of the same folder, or a second
  // server, stops with a message naming this one (src/build/output-lock.ts).
  const places = await outputPlacesOf(settings, process.cwd());
  try {
    await holdLock(places.dir, places.lock, "npm start");
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    console.error(`[arsip] Not started.\n${error.message}`);
    process.exitCode = 1;
    return;
  }
  // Stopped with Ctrl-C or by a service manager: exit through process.exit, which releases the
  // lock (a killed server's lock is stale and taken over by the next one anyway).
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) process.once(signal, () => process.exit(code));
  let server: EleventyDevServer | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        if (stopped) return;
        try {
          const files = await update();
          server?.reload({ files });
        } catch (error) {
          report(error);
        }
        await spare();
      });
    }, 50);
  };
  const watchers = watchSources(schedule);
  const first = update();
  running = first.then(spare, () => {});
  try {
    await first;
  } catch (error) {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    throw error;
  }
  server = EleventyDevServer.getServer("arsip-berita", settings.outputDir, { pathPrefix: settings.pathPrefix, logger: { info: () => {}, log: () => {}, error: console.error } });
  // eleventy-dev-server 2 listens on every interface and takes no host; drafts stay on this
  // machine unless HOST asks for more.
  server._serverListen = (port: number) => server!.server.listen({ port, host: settings.host });
  server.serve(settings.port);
  await server.ready();
  console.log(`[arsip] Serving ${settings.outputDir} at ${server.getServerUrl(settings.host === "0.0.0.0" || settings.host === "::" ? "localhost" : settings.host)}`);
  console.log(`[arsip] Watching ${path.relative(process.cwd(), settings.articlesDir) || "."} and ${templatesDir}/ for changes`);
}

/**
 * Serves from this process or, when the archive needs more heap than Node gives itself on this
 * machine (`serverHeap`, src/build/heap.ts), from a Node process started with that heap.
 */
async function start(): Promise<void> {
  // Also the server a restart started: its heap is given.
  const capped = heapFlagGiven();
  if (capped) return main();
  const articles = await countArticleFiles(settings.articlesDir);
  const limitMb = heapLimitMb();
  let heapMb: number | undefined;
  try {
    heapMb = serverHeap({ setting: process.env.ARSIP_HEAP_MB?.trim() || undefined, capped, articles, limitMb });
  } catch (error) {
    throw error instanceof RangeError ? new SettingsError(error.message) : error;
  }
  if (heapMb === undefined) return main();
  console.log(`[arsip] ${articles} articles: serving from a Node process with a heap of ${heapMb} MB (Node's limit here is ${limitMb} MB; ARSIP_HEAP_MB sets another, off keeps Node's)`);
  const ended = await runWithHeap(heapMb, process.argv.slice(1));
  if (ranOutOfMemory(ended)) {
    console.error(`[arsip] Stopped: the server needed more memory than its heap of ${heapMb} MB. Start it again with more, e.g. ARSIP_HEAP_MB=${heapMb * 2} npm start.`);
    process.exitCode = 1;
  } else process.exitCode = ended.code ?? 1;
}

start().catch((error: unknown) => {
  const known = error instanceof ArchiveError || error instanceof SettingsError || error instanceof SearchIndexError || error instanceof OutputFolderError;
  console.error(`[arsip] Not started: the first build failed; fix what it names and start again.\n${known ? error.message : String(error)}`);
  if (!known) console.error(error);
  process.exitCode = 1;
});
