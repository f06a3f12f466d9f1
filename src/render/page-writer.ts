/**
 * Writes rendered pages on a thread of its own while Eleventy renders the next ones. Eleventy
 * writes each page with synchronous calls on the thread that renders (a folder, then the file), so
 * the renderer waits on the kernel for every page. Creating files is not always cheap: on ext4,
 * right after a folder of thousands of files was deleted (a clean rebuild, the spare of a swap),
 * each new inode costs ~0.3–2 ms of kernel time while the allocator skips the recently deleted
 * ones, so a 1,000-article build spent ~3 of its 9 s in `mkdir` and `write`. Here those calls run
 * one after the other on a second thread, in the order the pages were rendered.
 *
 * Pages are taken from Eleventy's last transform (`renderWithEleventy`), encoded once and handed
 * over without a copy (their buffers are transferred), in chunks. The renderer waits only when
 * the pages not yet written pass `backlogBytes`, so memory stays bounded whatever the disk does.
 * On a file system where creating files is cheap the thread only saves the renderer the calls.
 */
import { Worker } from "node:worker_threads";

export interface WriterLimits {
  /** Pages a chunk holds at most before it is sent; the last chunk of a run is sent by `flush`. */
  chunkPages: number;
  /**
   * Encoded bytes not yet written past which `add` makes the renderer wait: ~300 pages, enough to
   * smooth the disk's pauses, little beside a capped renderer's heap (src/build/heap.ts).
   */
  backlogBytes: number;
}

export const writerLimits: WriterLimits = { chunkPages: 32, backlogBytes: 8 * 2 ** 20 };

/** What the writer thread receives: pages to write, in order, as [path, bytes] pairs. */
interface WriteRequest {
  id: number;
  pages: [file: string, bytes: Uint8Array][];
}

/** What it sends back once a chunk is written, or the first failure, naming the file. */
type WriteReply = { id: number } | { id: number; error: string };

/**
 * The writer thread, as CommonJS source: it needs nothing but `fs`, so it starts in a few
 * milliseconds without the TypeScript loader. Folders made are remembered, so each is made once.
 */
const writerSource = `
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const made = new Set();
parentPort.on("message", ({ id, pages }) => {
  let current;
  try {
    for (const [file, bytes] of pages) {
      current = file;
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(file, bytes);
    }
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: "Could not write " + current + ": " + (error instanceof Error ? error.message : String(error)) });
  }
});
`;

export interface PageWriter {
  /**
   * Queues a page. Resolves at once, or, when the pages not yet written pass `backlogBytes`, once
   * they are below it again; rejects with the first failure to write.
   */
  add(file: string, content: string): Promise<void>;
  /** Sends what is queued; resolves once every page added so far is written, else rejects with the first failure. */
  flush(): Promise<void>;
  /**
   * Drops the pages not sent yet and refuses any page added later (Eleventy may still be
   * rendering pages of a run that has failed); resolves once the pages sent are written or failed.
   */
  abandon(): Promise<void>;
  /** Ends the thread once the pages under way are written (or failed). */
  close(): Promise<void>;
}

/** Starts a writer thread. */
export function startPageWriter({ chunkPages, backlogBytes }: WriterLimits = writerLimits): PageWriter {
  const worker = new Worker(writerSource, { eval: true });
  const encoder = new TextEncoder();
  let nextId = 0;
  let chunk: WriteRequest["pages"] = [];
  let chunkBytes = 0;
  let backlog = 0;
  let failure: Error | undefined;
  /** Chunks sent and not yet acknowledged: id → bytes, and who waits for it. */
  const sent = new Map<number, { bytes: number; done: () => void }>();
  /** Who waits for the backlog to fall. */
  let waiters: (() => void)[] = [];
  const wake = () => {
    const woken = waiters;
    waiters = [];
    for (const resolve of woken) resolve();
  };
  const fail = (error: Error) => {
    failure ??= error;
    for (const { done } of sent.values()) done();
    sent.clear();
    wake();
  };
  worker.on("message", (reply: WriteReply) => {
    const request = sent.get(reply.id);
    if (request === undefined) return;
    sent.delete(reply.id);
    backlog -= request.bytes;
    if ("error" in reply) fail(new Error(reply.error));
    request.done();
    if (backlog < backlogBytes) wake();
  });
  worker.on("error", (error) => fail(error));
  worker.on("exit", (code) => fail(new Error(`The page writer stopped (exit code ${code}) before every page was written.`)));

  /** Acknowledged once the last chunk sent is written: the thread writes chunks in the order sent. */
  let lastSent = Promise.resolve();
  const send = (): void => {
    if (chunk.length === 0) return;
    const request: WriteRequest = { id: nextId++, pages: chunk };
    const bytes = chunkBytes;
    chunk = [];
    chunkBytes = 0;
    lastSent = new Promise<void>((resolve) => sent.set(request.id, { bytes, done: resolve }));
    worker.postMessage(request, request.pages.map(([, data]) => data.buffer as ArrayBuffer));
  };
  const check = () => {
    if (failure !== undefined) throw failure;
  };

  return {
    async add(file, content) {
      check();
      // `encode` gives each page a buffer of its own, which can be transferred (a Buffer from
      // Node's pool shares one with others).
      const bytes = encoder.encode(content);
      chunk.push([file, bytes]);
      chunkBytes += bytes.byteLength;
      backlog += bytes.byteLength;
      if (chunk.length >= chunkPages || backlog >= backlogBytes) send();
      while (backlog >= backlogBytes && failure === undefined) await new Promise<void>((resolve) => waiters.push(resolve));
      check();
    },
    async flush() {
      check();
      send();
      await lastSent;
      check();
    },
    async abandon() {
      failure ??= new Error("The page writer was abandoned: the run it wrote for has failed.");
      wake();
      backlog -= chunkBytes;
      chunk = [];
      chunkBytes = 0;
      await lastSent;
    },
    async close() {
      await worker.terminate();
    },
  };
}
