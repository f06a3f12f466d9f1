/**
 * A command run again in a Node process with a heap limit of its own: the capped renderer of
 * `npm run build` (src/cli/build.ts), and the dev server when its archive needs more heap than
 * Node gives itself on the machine (src/cli/serve.ts). V8 takes the limit only when a process
 * starts, so a process that needs another one starts anew; the sizes are src/build/heap.ts's.
 */
import { spawn } from "node:child_process";
import { getHeapStatistics } from "node:v8";

/** Node's flag for the limit of the old generation, in MB. */
export const heapFlag = "--max-old-space-size";

/**
 * True when this process was given a heap limit: --max-old-space-size on its command line or in
 * NODE_OPTIONS, or V8's --max-heap-size (which Node refuses with --max-semi-space-size and
 * --max-old-space-size both given, so it is never added to).
 */
export function heapFlagGiven(execArgv: readonly string[] = process.execArgv, nodeOptions: string | undefined = process.env.NODE_OPTIONS): boolean {
  return execArgv.some((arg) => arg.startsWith(heapFlag) || arg.startsWith("--max-heap-size")) || (nodeOptions?.includes(heapFlag) ?? false);
}

/** The heap limit this process runs with, in MB (old and young generations). */
export function heapLimitMb(): number {
  return Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
}

/** How a process ended. */
export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HeapRun {
  /** The child's environment; this process's by default. */
  env?: NodeJS.ProcessEnv;
  /** Called with the child's pid once it has started, before its end is awaited. */
  onStart?: (pid: number) => Promise<void> | void;
}

/**
 * Runs `args` (a script and its arguments) in a Node process with this one's Node flags and an
 * old generation of `heapMb`, sharing this one's terminal; resolves with how it ended. SIGINT and
 * SIGTERM sent to this process are passed on while it runs.
 */
export async function runWithHeap(heapMb: number, args: readonly string[], run: HeapRun = {}): Promise<Ended> {
  const child = spawn(process.execPath, [...process.execArgv, `${heapFlag}=${heapMb}`, ...args], { stdio: "inherit", env: run.env ?? process.env });
  const ended = new Promise<Ended>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const passOn = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, passOn);
  try {
    if (child.pid !== undefined) await run.onStart?.(child.pid);
    return await ended;
  } finally {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.off(signal, passOn);
  }
}

/** True when a process ended as V8 ends one that ran out of heap: it aborts. */
export function ranOutOfMemory({ code, signal }: Ended): boolean {
  return signal === "SIGABRT" || code === 134;
}
