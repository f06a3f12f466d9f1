import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { acquireLock, assertLockHeld, holdLock, isStale, lockEnv, processStart, releaseLock, withOutputLock, type LockRecord } from "../../src/build/output-lock.ts";
import { OutputFolderError } from "../../src/errors.ts";
import { projectRoot } from "../helpers/build.ts";

let root: string;
let dir: string;
let file: string;
const started: ChildProcess[] = [];

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "arsip-lock-"));
  dir = path.join(root, "site");
  file = path.join(root, ".site.arsip-lock");
});

afterEach(async () => {
  for (const child of started.splice(0)) child.kill("SIGKILL");
  delete process.env[lockEnv];
  await fs.rm(root, { recursive: true, force: true });
});

/** A process that runs until the test ends. */
async function runningProcess(): Promise<ChildProcess> {
  const child = spawn("sleep", ["60"], { stdio: "ignore" });
  started.push(child);
  await new Promise((resolve) => child.once("spawn", resolve));
  return child;
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once("exit", resolve));
}

function record(fields: Partial<LockRecord> & Pick<LockRecord, "holders">): LockRecord {
  return { generator: "arsip-berita", token: "their-token", command: "npm run build", since: "2026-12-04T01:02:03.000Z", host: os.hostname(), ...fields };
}

async function writeLock(value: LockRecord): Promise<string> {
  const text = `${JSON.stringify(value)}\n`;
  await fs.writeFile(file, text);
  return text;
}

const tokenIn = async () => (JSON.parse(await fs.readFile(file, "utf8")) as LockRecord).token;

describe("acquireLock", () => {
  test("makes the lock file naming this process with its start time, and release removes it", async () => {
    const lock = await acquireLock(dir, file, "npm run build");
    const held = JSON.parse(await fs.readFile(file, "utf8")) as LockRecord;
    expect(held).toMatchObject({ generator: "arsip-berita", token: lock.token, command: "npm run build", host: os.hostname() });
    expect(held.holders).toEqual([{ pid: process.pid, start: processStart(process.pid) }]);
    expect(processStart(process.pid)).toMatch(/^\d+$/);
    await lock.release();
    await expect(fs.access(file)).rejects.toThrow(/ENOENT/);
    expect((await fs.readdir(root)).sort()).toEqual([]);
  });

  test("refuses while a process named in the lock runs, naming it and the file, and leaves the lock as it was", async () => {
    const other = await runningProcess();
    const text = await writeLock(record({ holders: [{ pid: other.pid!, start: processStart(other.pid!)! }] }));
    const refusal = acquireLock(dir, file, "npm run build");
    await expect(refusal).rejects.toThrow(OutputFolderError);
    await expect(refusal).rejects.toThrow(`OUTPUT_DIR: ${dir} is being built by another build, npm run build (process ${other.pid}, since 2026-12-04T01:02:03.000Z)`);
    await expect(refusal).rejects.toThrow(`If no build is running, delete ${file}.`);
    expect(await fs.readFile(file, "utf8")).toBe(text);
    expect(await fs.readdir(root)).toEqual([".site.arsip-lock"]);
  });

  test("takes over a lock whose processes have all ended", async () => {
    const other = await runningProcess();
    await writeLock(record({ holders: [{ pid: other.pid!, start: processStart(other.pid!)! }] }));
    other.kill("SIGKILL");
    await exited(other);
    const lock = await acquireLock(dir, file, "npm run build");
    expect(await tokenIn()).toBe(lock.token);
    expect(await fs.readdir(root)).toEqual([".site.arsip-lock"]);
  });

  test("a running process whose start time differs from the lock's is another program with a reused id: the lock is stale", async () => {
    const other = await runningProcess();
    const stale = record({ holders: [{ pid: other.pid!, start: "1" }] });
    expect(isStale(stale)).toBe(true);
    expect(isStale(record({ holders: [{ pid: other.pid!, start: processStart(other.pid!)! }] }))).toBe(false);
    await writeLock(stale);
    const lock = await acquireLock(dir, file, "npm run build");
    expect(await tokenIn()).toBe(lock.token);
  });

  test("a lock from another machine is never taken over, and one from before a restart always is", async () => {
    const other = await runningProcess();
    const holders = [{ pid: other.pid!, start: processStart(other.pid!)! }];
    await writeLock(record({ host: "mesin-lain", holders }));
    await expect(acquireLock(dir, file, "npm run build")).rejects.toThrow(`(process ${other.pid} on mesin-lain, since`);
    await writeLock(record({ boot: "00000000-0000-0000-0000-000000000000", holders }));
    expect(isStale(record({ boot: "00000000-0000-0000-0000-000000000000", holders }))).toBe(true);
    const lock = await acquireLock(dir, file, "npm run build");
    expect(await tokenIn()).toBe(lock.token);
  });

  test("on a file system without hard links the lock is still made only when there is none", async () => {
    const refuse = Object.assign(new Error("EPERM: operation not permitted, link"), { code: "EPERM" });
    const link = vi.spyOn(fs, "link").mockRejectedValue(refuse);
    try {
      const lock = await acquireLock(dir, file, "npm run build");
      expect(link).toHaveBeenCalled();
      expect(await tokenIn()).toBe(lock.token);
      const other = await runningProcess();
      await writeLock(record({ holders: [{ pid: other.pid!, start: processStart(other.pid!)! }] }));
      await expect(acquireLock(dir, file, "npm run build")).rejects.toThrow("is being built by another build");
      expect(await fs.readdir(root)).toEqual([".site.arsip-lock"]);
    } finally {
      link.mockRestore();
    }
  });

  test("a file at the lock's name that no build made is refused and left as it is", async () => {
    await fs.writeFile(file, "catatan pribadi\n");
    await expect(acquireLock(dir, file, "npm run build")).rejects.toThrow(`OUTPUT_DIR: ${file} is in the way of the build's lock file and was not made by a build; move or remove it`);
    expect(await fs.readFile(file, "utf8")).toBe("catatan pribadi\n");
    expect(await fs.readdir(root)).toEqual([".site.arsip-lock"]);
  });

  test("a claim on a stale lock left by a build killed while it took the lock over does not block the next one", async () => {
    await writeLock(record({ token: "stale-token", holders: [{ pid: 2 ** 22 + 1 }] }));
    await fs.writeFile(`${file}.stale-token.claim`, JSON.stringify({ pid: 2 ** 22 + 2 }));
    const lock = await acquireLock(dir, file, "npm run build");
    expect(await tokenIn()).toBe(lock.token);
    expect(await fs.readdir(root)).toEqual([".site.arsip-lock"]);
  });

  test("while another running process holds the claim on a stale lock, a build gives up naming the lock", async () => {
    const claimant = await runningProcess();
    await writeLock(record({ token: "stale-token", holders: [{ pid: 2 ** 22 + 1 }] }));
    await fs.writeFile(`${file}.stale-token.claim`, JSON.stringify({ pid: claimant.pid, start: processStart(claimant.pid!) }));
    await expect(acquireLock(dir, file, "npm run build")).rejects.toThrow(`If no build is running, delete ${file}.`);
  });

  test("of eight processes racing for a stale lock at the same instant, exactly one takes it", async () => {
    await writeLock(record({ holders: [{ pid: 2 ** 22 + 1 }] }));
    const at = Date.now() + 3000;
    const script = path.join(root, "race.mts");
    await fs.writeFile(
      script,
      [
        `import { acquireLock } from ${JSON.stringify(path.join(projectRoot, "src", "build", "output-lock.ts"))};`,
        `await new Promise((resolve) => setTimeout(resolve, ${at} - Date.now()));`,
        `const outcome = await acquireLock(${JSON.stringify(dir)}, ${JSON.stringify(file)}, "npm run build").then((lock) => "took " + lock.token, (error) => "refused " + error.message);`,
        `console.log(outcome);`,
        // Held until every process has answered, so that one started late cannot take over a
        // winner's lock once the winner has exited.
        `process.stdin.resume();`,
        `await new Promise((resolve) => process.stdin.once("end", resolve));`,
      ].join("\n"),
    );
    const children = Array.from({ length: 8 }, () => spawn(process.execPath, ["--import", "tsx", script], { cwd: projectRoot, stdio: ["pipe", "pipe", "inherit"] }));
    started.push(...children);
    const outcomes = await Promise.all(
      children.map(
        (child) =>
          new Promise<string>((resolve, reject) => {
            let out = "";
            child.stdout!.on("data", (chunk) => {
              out += chunk;
              if (out.includes("\n")) resolve(out.trim());
            });
            child.on("error", reject);
            child.on("exit", (code) => resolve(`exited ${code}: ${out}`));
          }),
      ),
    );
    for (const child of children) child.stdin!.end();
    await Promise.all(children.map(exited));
    const took = outcomes.filter((line) => line.startsWith("took "));
    expect(took, outcomes.join("\n")).toHaveLength(1);
    expect(outcomes.filter((line) => line.startsWith("refused OUTPUT_DIR:")), outcomes.join("\n")).toHaveLength(7);
    expect(await tokenIn()).toBe(took[0]!.slice("took ".length));
    expect((await fs.readdir(root)).sort()).toEqual([".site.arsip-lock", "race.mts"]);
  }, 60_000);
});

describe("holding a lock", () => {
  test("nested holds share one lock, and the last release removes the file", async () => {
    const outer = await holdLock(dir, file, "npm start");
    const inner = await holdLock(dir, file, "npm run build");
    expect(inner).toBe(outer);
    await releaseLock(inner);
    expect(await tokenIn()).toBe(outer.token);
    await releaseLock(outer);
    await expect(fs.access(file)).rejects.toThrow(/ENOENT/);
  });

  test("withOutputLock releases the lock when its work fails", async () => {
    await expect(withOutputLock(dir, file, "npm run build", async () => Promise.reject(new Error("gagal")))).rejects.toThrow("gagal");
    await expect(fs.access(file)).rejects.toThrow(/ENOENT/);
  });

  test("a lock handed down through the environment is used as it is and left in place", async () => {
    const parent = await runningProcess();
    const text = await writeLock(record({ token: "parent-token", holders: [{ pid: parent.pid!, start: processStart(parent.pid!)! }] }));
    process.env[lockEnv] = "parent-token";
    const lock = await holdLock(dir, file, "npm run build");
    expect(lock.inherited).toBe(true);
    await assertLockHeld(file);
    await releaseLock(lock);
    expect(await fs.readFile(file, "utf8")).toBe(text);
  });

  test("an environment token that is not the lock's does not let a build past the holder", async () => {
    const other = await runningProcess();
    await writeLock(record({ token: "their-token", holders: [{ pid: other.pid!, start: processStart(other.pid!)! }] }));
    process.env[lockEnv] = "an-old-token";
    await expect(holdLock(dir, file, "npm run build")).rejects.toThrow("is being built by another build");
  });

  test("addHolder names another process, so the lock is not stale while it runs after this one", async () => {
    const child = await runningProcess();
    const lock = await holdLock(dir, file, "npm run build");
    await lock.addHolder(child.pid!);
    const held = JSON.parse(await fs.readFile(file, "utf8")) as LockRecord;
    expect(held.holders.map((holder) => holder.pid)).toEqual([process.pid, child.pid]);
    expect(isStale({ ...held, holders: held.holders.slice(1) })).toBe(false);
    await releaseLock(lock);
  });

  test("assertLockHeld fails once another build has taken the lock over, and the release then leaves that lock alone", async () => {
    const lock = await holdLock(dir, file, "npm run build");
    await assertLockHeld(file);
    const other = await runningProcess();
    const text = await writeLock(record({ token: "thief", holders: [{ pid: other.pid!, start: processStart(other.pid!)! }] }));
    await expect(assertLockHeld(file)).rejects.toThrow(`this build's lock on ${dir} (${file}) was lost while it ran: it is now held by npm run build (process ${other.pid}`);
    await releaseLock(lock);
    expect(await fs.readFile(file, "utf8")).toBe(text);
    await expect(assertLockHeld(file)).rejects.toThrow("without holding the output's lock");
  });
});
