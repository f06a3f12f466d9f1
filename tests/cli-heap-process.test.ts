/**
 * src/cli/heap-process.ts: a command run again in a Node process with a heap limit of its own.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { getHeapStatistics } from "node:v8";
import { heapFlagGiven, heapLimitMb, ranOutOfMemory, runWithHeap } from "../src/cli/heap-process.ts";
import { makeTempDir } from "./helpers/build.ts";

const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe("heapFlagGiven", () => {
  test("sees a heap limit on the command line or in NODE_OPTIONS, and nothing else", () => {
    expect(heapFlagGiven(["--max-old-space-size=512"], undefined)).toBe(true);
    expect(heapFlagGiven([], "--enable-source-maps --max-old-space-size=512")).toBe(true);
    expect(heapFlagGiven(["--max-semi-space-size=64", "--max-heap-size=2048"], undefined)).toBe(true);
    expect(heapFlagGiven(["--max-semi-space-size=64"], "--enable-source-maps")).toBe(false);
    expect(heapFlagGiven([], undefined)).toBe(false);
  });
});

describe("heapLimitMb", () => {
  test("is this process's heap limit in whole megabytes", () => {
    expect(heapLimitMb()).toBe(Math.round(getHeapStatistics().heap_size_limit / 2 ** 20));
    expect(heapLimitMb()).toBeGreaterThan(64);
  });
});

describe("runWithHeap", () => {
  test("runs a script with its arguments in a Node process whose heap has the limit asked for", async () => {
    const dir = await makeTempDir("arsip-heap-process-");
    dirs.push(dir);
    const script = path.join(dir, "limit.mjs");
    await fs.writeFile(script, 'import fs from "node:fs"; import v8 from "node:v8";\nfs.writeFileSync(process.argv[2], String(v8.getHeapStatistics().heap_size_limit / 2 ** 20));\nprocess.exitCode = 7;\n');
    const out = path.join(dir, "limit.txt");
    let started: number | undefined;
    const ended = await runWithHeap(200, [script, out], { onStart: (pid) => void (started = pid) });
    expect(ended).toEqual({ code: 7, signal: null });
    expect(started).toEqual(expect.any(Number));
    const limit = Number(await fs.readFile(out, "utf8"));
    // 200 MB of old generation and the young generation's semispaces (this process's own limit is far larger).
    expect(limit).toBeGreaterThanOrEqual(200);
    expect(limit).toBeLessThan(300);
  });
});

describe("ranOutOfMemory", () => {
  test("tells a process that ran out of heap from one that failed otherwise", async () => {
    const child = spawn(process.execPath, ["--max-old-space-size=16", "-e", "const kept = []; for (;;) kept.push(new Array(100000).fill(1));"], { stdio: "ignore" });
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    expect(ranOutOfMemory(ended)).toBe(true);
    expect(ranOutOfMemory({ code: 134, signal: null })).toBe(true);
    expect(ranOutOfMemory({ code: 1, signal: null })).toBe(false);
    expect(ranOutOfMemory({ code: null, signal: "SIGTERM" })).toBe(false);
  });
});
