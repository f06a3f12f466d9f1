/**
 * Rendering on more than one core. Eleventy renders and writes a batch of pages on one thread; a
 * build that renders thousands of pages gives each worker thread here (src/render/render-worker.ts)
 * batches of its own while the main thread renders others, into the same staging folder: batches
 * write disjoint files, and each run is the same `renderWithEleventy`, so the bytes are the same
 * whichever thread writes a page. Workers start before the archive loads, so that their import of
 * Eleventy overlaps it; the main thread imports Eleventy when it renders its first batch.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { RenderInput } from "./eleventy.ts";
import { startPageWriter } from "./page-writer.ts";

/** What the pool sends a worker: one batch, to render into `outputDir`. */
export interface RenderRequest {
  id: number;
  outputDir: string;
  input: RenderInput;
}

/** What a worker sends back once the batch is written, or why it is not. */
export type RenderReply = { id: number } | { id: number; error: Error };

/** Renders one batch into a folder: the main thread or a worker. */
export type Renderer = (outputDir: string, input: RenderInput) => Promise<void>;

export interface RenderPool {
  /** The main thread, then one renderer per worker. */
  readonly renderers: readonly Renderer[];
  /** Ends the workers; a batch still under way in one rejects. */
  close(): Promise<void>;
}

/**
 * Where a command run from the bundle of src/ (bin/run.mjs) finds the bundled file of a thread's
 * source module; undefined when the command runs from source.
 */
export function bundledEntry(sourceFile: string): string | undefined {
  const entries = (globalThis as Record<symbol, unknown>)[Symbol.for("arsip-berita.bundled-entries")] as Record<string, string> | undefined;
  return entries?.[sourceFile];
}

/**
 * A worker thread running src/render/render-worker.ts: its bundled file when the command runs
 * from the bundle; else the source, after registering tsx's loader on the thread (Node 20 does not
 * apply `--import tsx` to a worker's entry module). Its heap has a limit of its own: a capped
 * build's `--max-old-space-size` (src/build/heap.ts), sized for the archive in the main thread,
 * would otherwise apply to the worker too, which holds Eleventy and one batch.
 */
function startWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: 384 } };
  const source = new URL("./render-worker.ts", import.meta.url);
  const bundled = bundledEntry(fileURLToPath(source));
  if (bundled !== undefined) return new Worker(pathToFileURL(bundled), options);
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

function workerRenderer(worker: Worker): Renderer {
  let next = 0;
  const waiting = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
  const failAll = (error: unknown) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on("message", (reply: RenderReply) => {
    const request = waiting.get(reply.id);
    if (request === undefined) return;
    waiting.delete(reply.id);
    if ("error" in reply) request.reject(reply.error);
    else request.resolve();
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`A render worker stopped (exit code ${code}) before its pages were written.`)));
  return (outputDir, input) =>
    new Promise<void>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, outputDir, input } satisfies RenderRequest);
    });
}

/**
 * The main thread's renderer and Eleventy with it, loaded by `preloadRenderer` or on the first
 * batch: a build with nothing to render (an update that finds every page unchanged) loads neither,
 * ~0.3 s of module loading and ~25 MB.
 */
let mainThreadRenderer: Promise<typeof import("./eleventy.ts")> | undefined;

const loadRenderer = () => (mainThreadRenderer ??= import("./eleventy.ts"));

/**
 * Starts loading the main thread's renderer and Eleventy, so that the loading overlaps other work
 * before the first batch; a failure surfaces at the first render.
 */
export function preloadRenderer(): void {
  loadRenderer()
    .then(({ importEleventy }) => importEleventy())
    .catch(() => {});
}

/** The main thread and `workers` worker threads (none: the main thread alone). */
export function startRenderPool(workers: number): RenderPool {
  const threads = Array.from({ length: Math.max(0, workers) }, startWorker);
  const writer = startPageWriter();
  const renderHere: Renderer = async (outputDir, input) => {
    const { renderWithEleventy } = await loadRenderer();
    await renderWithEleventy(outputDir, input, writer);
  };
  return {
    renderers: [renderHere, ...threads.map(workerRenderer)],
    async close() {
      await Promise.all([...threads.map((worker) => worker.terminate()), writer.close()]);
    },
  };
}

/** Something to render and what to do once it is written. */
export interface RenderJob {
  input: RenderInput;
  done?: () => void;
}

/**
 * Renders every job into `outputDir`, each renderer taking the next job as soon as it is free, and
 * calls each job's `done` once it is written. `beforeEach` runs before a job starts (and may throw
 * to stop). After a failure no job starts; the promise rejects with the first failure once the jobs
 * under way have ended, so that no thread writes into a folder its caller is about to remove.
 */
export async function renderAll(renderers: readonly Renderer[], outputDir: string, jobs: readonly RenderJob[], beforeEach: () => void = () => {}): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const run = async (render: Renderer): Promise<void> => {
    while (failure === undefined && next < jobs.length) {
      const job = jobs[next++]!;
      try {
        beforeEach();
        await render(outputDir, job.input);
        job.done?.();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(renderers.map(run));
  if (failure !== undefined) throw failure.error;
}
