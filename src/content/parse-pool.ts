/**
 * Parsing articles on every core. A cold load of 10,000 articles spends ~6 s validating front
 * matter and rendering Markdown on one thread (PERFORMANCE-NOTES, docs/performance.md); the
 * parser returned by `createParser` parses the first `inlineFirst` files in this thread, as every
 * update and warm load does, and once a load has proved large starts worker threads
 * (src/content/parse-worker.ts) and hands them files while this thread goes on parsing the ones
 * they have no room for. The result is the same either way: the same pure `parseArticleText`.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { ArticleError, type Problem } from "../errors.ts";
import { parseArticleText, type ParsedArticle } from "./parse.ts";

/** What the pool sends a worker. */
export interface ParseRequest {
  id: number;
  text: string;
  display: string;
  sourceKeys: readonly string[];
}

/** What a worker sends back: the parse, an ArticleError's data, or another failure's text. */
export type ParseReply =
  | { id: number; parsed: ParsedArticle }
  | { id: number; articleError: { file: string; problems: Problem[] } }
  | { id: number; failure: string };

export interface Parser {
  /** Parses `text` (the file at `display`); rejects with an ArticleError as `parseArticleText` throws it. */
  parse(text: string, display: string, sourceKeys: readonly string[]): Promise<ParsedArticle>;
  /** Stops the workers; parses still under way in them reject. */
  close(): Promise<void>;
  /** Files parsed in this thread and in workers so far. */
  readonly counts: { inline: number; inWorkers: number };
}

export interface ParserOptions {
  /** Files parsed in this thread before any worker starts: a load that parses fewer never starts one. */
  inlineFirst?: number;
  /** Worker threads once the load is large (default: one fewer than the cores, at least one; 0: none). */
  workers?: number;
  /**
   * Past `inlineFirst`, whether this thread parses the files the workers have no room for (the
   * default: both cores busy). False queues them for the workers.
   */
  shareWork?: boolean;
}

/** Parses in flight per worker: a few waiting, so a worker never idles between messages. */
const perWorker = 4;

/**
 * A worker thread running src/content/parse-worker.ts. Node 20 does not apply `--import tsx` to a
 * worker's entry module, so the thread registers tsx's loader first; it says when it is ready.
 */
function startWorker(): Worker {
  const entry = new URL("./parse-worker.ts", import.meta.url).href;
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })` +
    `.then(() => require("node:worker_threads").parentPort.postMessage({ ready: true }));`;
  return new Worker(bootstrap, { eval: true });
}

interface Slot {
  worker: Worker;
  ready: boolean;
  dead: boolean;
  inFlight: Map<number, { resolve: (parsed: ParsedArticle) => void; reject: (error: unknown) => void }>;
}

export function createParser({ inlineFirst = 300, workers = Math.max(1, os.availableParallelism() - 1), shareWork = true }: ParserOptions = {}): Parser {
  const counts = { inline: 0, inWorkers: 0 };
  const slots: Slot[] = [];
  /** Parses waiting for room in a worker (only without `shareWork`): each takes the room it is given, or none when every worker died. */
  const queued: Array<(slot: Slot | undefined) => void> = [];
  const free = () => slots.find((candidate) => candidate.ready && !candidate.dead && candidate.inFlight.size < perWorker);
  const pump = () => {
    for (let slot = free(); queued.length > 0 && slot !== undefined; slot = free()) queued.shift()!(slot);
    if (slots.every((slot) => slot.dead)) for (const waiting of queued.splice(0)) waiting(undefined);
  };
  let requests = 0;
  let nextId = 0;

  const start = () => {
    for (let i = 0; i < workers; i++) {
      const slot: Slot = { worker: startWorker(), ready: false, dead: false, inFlight: new Map() };
      slot.worker.unref();
      slot.worker.on("message", (message: ParseReply | { ready: true }) => {
        if ("ready" in message) {
          slot.ready = true;
          pump();
          return;
        }
        const waiting = slot.inFlight.get(message.id);
        if (waiting === undefined) return;
        slot.inFlight.delete(message.id);
        pump();
        if ("parsed" in message) waiting.resolve(message.parsed);
        else if ("articleError" in message) waiting.reject(new ArticleError(message.articleError.file, message.articleError.problems));
        else waiting.reject(new Error(message.failure));
      });
      const fail = (error: unknown) => {
        slot.dead = true;
        for (const waiting of slot.inFlight.values()) waiting.reject(error);
        slot.inFlight.clear();
        pump();
      };
      slot.worker.on("error", fail);
      slot.worker.on("exit", (code) => fail(new Error(`a parse worker stopped (exit code ${code})`)));
      slots.push(slot);
    }
  };

  const inline = (text: string, display: string, sourceKeys: readonly string[]): Promise<ParsedArticle> => {
    counts.inline += 1;
    try {
      return Promise.resolve(parseArticleText(text, display, sourceKeys));
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const send = (slot: Slot, text: string, display: string, sourceKeys: readonly string[]): Promise<ParsedArticle> => {
    counts.inWorkers += 1;
    const id = nextId++;
    return new Promise<ParsedArticle>((resolve, reject) => {
      slot.inFlight.set(id, { resolve, reject });
      slot.worker.postMessage({ id, text, display, sourceKeys } satisfies ParseRequest);
    });
  };

  return {
    counts,
    parse(text, display, sourceKeys) {
      requests += 1;
      if (workers <= 0 || requests <= inlineFirst) return inline(text, display, sourceKeys);
      if (slots.length === 0) start();
      const slot = free();
      if (slot !== undefined) return send(slot, text, display, sourceKeys);
      if (shareWork || slots.every((candidate) => candidate.dead)) return inline(text, display, sourceKeys);
      return new Promise<ParsedArticle>((resolve, reject) => {
        queued.push((room) => (room === undefined ? inline(text, display, sourceKeys) : send(room, text, display, sourceKeys)).then(resolve, reject));
      });
    },
    async close() {
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
