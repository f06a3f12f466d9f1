/**
 * A render worker's thread (src/render/render-pool.ts): imports Eleventy as soon as it starts, then
 * renders each batch it is sent with the same `renderWithEleventy` as the main thread and says when
 * the batch is written, or how it failed.
 */
import { parentPort } from "node:worker_threads";
import { importEleventy, renderWithEleventy } from "./eleventy.ts";
import { startPageWriter } from "./page-writer.ts";
import type { RenderReply, RenderRequest } from "./render-pool.ts";

const port = parentPort!;
// Module loading takes ~0.5 s; it overlaps the main thread's loading of the archive.
importEleventy().catch(() => {});
/** This thread's own page writer: it writes while this thread renders on. */
const writer = startPageWriter();

/** What wraps an error: Eleventy's errors keep it as `originalError`, others as `cause`. */
function reasonOf(error: unknown): unknown {
  if (!(error instanceof Error)) return undefined;
  return (error as Error & { originalError?: unknown }).originalError ?? error.cause;
}

/**
 * The error to send back: its message followed by those of what it wraps (Eleventy's "Having
 * trouble writing to …" around "ENOTDIR: …"), as a structured clone keeps neither.
 */
function sendable(error: unknown): Error {
  const messages: string[] = [];
  for (let reason: unknown = error; reason !== undefined && messages.length < 5; reason = reasonOf(reason)) {
    messages.push(reason instanceof Error ? reason.message : String(reason));
  }
  const sent = new Error(messages.join(": "));
  if (error instanceof Error && error.stack !== undefined) sent.stack = `Error: ${sent.message}\n${error.stack.split("\n").slice(1).join("\n")}`;
  return sent;
}

port.on("message", ({ id, outputDir, input }: RenderRequest) => {
  renderWithEleventy(outputDir, input, writer).then(
    () => port.postMessage({ id } satisfies RenderReply),
    (error: unknown) => port.postMessage({ id, error: sendable(error) } satisfies RenderReply),
  );
});
