/**
 * Writes rendered pages on a thread of its own while Eleventy renders the next ones. Eleventy
 * writes each page with synchronous calls on the thread that renders (a folder, then the file), so
 * the renderer waits on the kernel for every page. Creating files is not always cheap: on ext4,
 * after thousands of files were deleted (a clean rebuild, the spare of a swap), each new inode
 * costs ~0.3–2 ms of kernel time while the allocator walks past the recently freed ones
 * (docs/performance.md, "Machine"), and a 1,000-article build spent ~3 of its 9 s in `mkdir` and
 * `write`. Here those calls run one after the other on a second thread, in the order the pages
 * were rendered, while the renderer goes on.
 *
 * Pages come from Eleventy's last transform (`renderWithEleventy`). Each is encoded once, into a
 * chunk buffer of `chunkBytes` that is handed to the thread without a copy (transferred) and handed
 * back once written, to be filled again: the memory is the buffers in circulation, never garbage
 * left for a collector to find. The renderer waits only while the bytes not yet written pass
 * `backlogBytes`, so memory stays bounded whatever the disk does. On a file system where creating
 * files is cheap the thread only spares the renderer those calls.
 */
import { Worker } from "node:worker_threads";

export interface WriterLimits {
  /** Bytes of a chunk buffer; a page larger than that gets a buffer of its own size. */
  chunkBytes: number;
  /**
   * Bytes handed over and not yet written past which `add` makes the renderer wait: ~150 pages,
   * enough to smooth the disk's pauses, little beside a capped renderer's heap (src/build/heap.ts).
   */
  backlogBytes: number;
}

export const writerLimits: WriterLimits = { chunkBytes: 2 ** 20, backlogBytes: 4 * 2 ** 20 };

/** What the writer thread receives: a buffer and the pages in it, in order. */
interface WriteRequest {
  id: number;
  buffer: ArrayBuffer;
  /** Each page's path and the end of its bytes in `buffer` (each starts where the one before ends). */
  files: string[];
  ends: number[];
}

/** What it sends back once a chunk is written (with its buffer, to fill again), or the first failure, naming the file. */
type WriteReply = { id: number; buffer: ArrayBuffer } | { id: number; error: string };

/**
 * The writer thread, as CommonJS source: it needs nothing but `fs`, so it starts in a few
 * milliseconds without the TypeScript loader. Folders made are remembered, so each is made once.
 */
const writerSource = `
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const made = new Set();
parentPort.on("message", ({ id, buffer, files, ends }) => {
  let current;
  try {
    let start = 0;
    for (let index = 0; index < files.length; index++) {
      current = files[index];
      const dir = path.dirname(current);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(current, new Uint8Array(buffer, start, ends[index] - start));
      start = ends[index];
    }
    parentPort.postMessage({ id, buffer }, [buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: "Could not write " + current + ": " + (error instanceof Error ? error.message : String(error)) });
  }
});
`;

export interface PageWriter {
  /**
   * Queues a page. Resolves at once, or, when the bytes not yet written pass `backlogBytes`, once
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
  /** Ends the thread. */
  close(): Promise<void>;
}

/** Starts a writer thread. */
export function startPageWriter({ chunkBytes, backlogBytes }: WriterLimits = writerLimits): PageWriter {
  const worker = new Worker(writerSource, { eval: true });
  const encoder = new TextEncoder();
  /** Buffers handed back, to fill again (at most as many as the backlog needs). */
  const spare: ArrayBuffer[] = [];
  let nextId = 0;
  /** The chunk being filled. */
  let buffer: Uint8Array | undefined;
  let files: string[] = [];
  let ends: number[] = [];
  let filled = 0;
  /** Bytes handed over (sent or queued) and not yet written. */
  let backlog = 0;
  let failure: Error | undefined;
  /** Chunks sent and not yet written: id → bytes, and who waits for it. */
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
    else if (reply.buffer.byteLength === chunkBytes && spare.length * chunkBytes < backlogBytes) spare.push(reply.buffer);
    request.done();
    if (backlog < backlogBytes) wake();
  });
  worker.on("error", (error) => fail(error));
  worker.on("exit", (code) => fail(new Error(`The page writer stopped (exit code ${code}) before every page was written.`)));

  /** Acknowledged once the last chunk sent is written: the thread writes chunks in the order sent. */
  let lastSent = Promise.resolve();
  const send = (): void => {
    if (buffer === undefined || files.length === 0) return;
    const request: WriteRequest = { id: nextId++, buffer: buffer.buffer as ArrayBuffer, files, ends };
    const bytes = filled;
    buffer = undefined;
    files = [];
    ends = [];
    filled = 0;
    lastSent = new Promise<void>((resolve) => sent.set(request.id, { bytes, done: resolve }));
    worker.postMessage(request, [request.buffer]);
  };
  /** A buffer with room for `bytes` more: the current one, else a spare or a new one once the current is sent. */
  const room = (bytes: number): Uint8Array => {
    if (buffer !== undefined && buffer.byteLength - filled >= bytes) return buffer;
    send();
    buffer = bytes <= chunkBytes ? new Uint8Array(spare.pop() ?? new ArrayBuffer(chunkBytes)) : new Uint8Array(bytes);
    return buffer;
  };
  const check = () => {
    if (failure !== undefined) throw failure;
  };

  return {
    async add(file, content) {
      check();
      // UTF-8 takes at most three bytes per UTF-16 unit.
      const target = room(content.length * 3);
      const { written } = encoder.encodeInto(content, target.subarray(filled));
      filled += written;
      files.push(file);
      ends.push(filled);
      backlog += written;
      if (backlog >= backlogBytes) send();
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
      backlog -= filled;
      buffer = undefined;
      files = [];
      ends = [];
      filled = 0;
      await lastSent;
    },
    async close() {
      await worker.terminate();
    },
  };
}
