/**
 * One build at a time per output folder. A build stages its site in folders beside the output and
 * removes what an earlier build left there (src/build/output.ts `recoverOutput`), so a second
 * build of the same output would delete the first one's staging folder while it writes, or swap in
 * a mix of both. Each build therefore holds a lock file beside the output, `.<name>.arsip-lock`,
 * from before it touches those folders until after its swap; the dev server holds it as long as it
 * runs. A build that finds the lock held stops with a message naming the holder and touches
 * nothing.
 *
 * The file names the processes that hold it (a build and the capped renderer it starts, which
 * inherits the lock through `lockEnv`), each with its start time where Linux's /proc gives it, so
 * a lock left by a killed build is recognised (none of its processes runs any more, or its process
 * id now belongs to another program) and taken over at once. The file is created whole: written
 * under a name of its own and hard-linked into place, which fails when the name exists. A stale
 * lock is replaced by one rename, made only by the build that created the claim file named after
 * the stale lock's token and found the lock still that one, so two builds that race for it cannot
 * both win; and a build checks that the lock is still its own right before it swaps its site in
 * (`assertHeld`).
 */
import { randomUUID } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { OutputFolderError } from "../errors.ts";

/** The environment variable through which a build hands its lock's token to the process it starts. */
export const lockEnv = "ARSIP_OUTPUT_LOCK";

/** One process holding a lock: its id and, on Linux, its start time (clock ticks since boot). */
export interface LockHolder {
  pid: number;
  start?: string;
}

/** What a lock file holds. */
export interface LockRecord {
  generator: "arsip-berita";
  token: string;
  /** What holds it, for the message ("npm run build", "npm start"). */
  command: string;
  /** When it was taken, ISO 8601. */
  since: string;
  host: string;
  /** Linux's boot id: a lock from before a restart is stale whatever its process ids. */
  boot?: string;
  holders: LockHolder[];
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Start time of process `pid` from /proc (field 22 of its stat line), where there is a /proc. */
export function processStart(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may hold spaces: count from the last ")".
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

const bootId = () => readText("/proc/sys/kernel/random/boot_id")?.trim();

/** Whether `holder` still runs: its id answers signal 0, and its start time (when known) is the same. */
export function isRunning(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it runs as another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = holder.start === undefined ? undefined : processStart(holder.pid);
  return start === undefined || start === holder.start;
}

/** Whether a lock can be taken over: from this machine, and none of its processes runs. */
export function isStale(record: LockRecord): boolean {
  if (record.host !== os.hostname()) return false;
  const boot = bootId();
  if (record.boot !== undefined && boot !== undefined && record.boot !== boot) return true;
  return !record.holders.some(isRunning);
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const record = JSON.parse(text) as Partial<LockRecord>;
    return record.generator === "arsip-berita" && typeof record.token === "string" && Array.isArray(record.holders) ? (record as LockRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** The record in `file`: undefined when there is none, "foreign" when the file is not a lock. */
async function readRecord(file: string): Promise<LockRecord | "foreign" | undefined> {
  const text = await fs.readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  return text === undefined ? undefined : (parseRecord(text) ?? "foreign");
}

function holderOf(pid: number): LockHolder {
  const start = processStart(pid);
  return start === undefined ? { pid } : { pid, start };
}

/**
 * Puts `text` at `file` whole: written under a name of its own, then hard-linked into place
 * (failing with EEXIST when `file` exists) or, with `replace`, renamed over it.
 */
async function createWhole(file: string, text: string, replace = false): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await fs.writeFile(temporary, text);
  try {
    if (replace) await fs.rename(temporary, file);
    else {
      await fs.link(temporary, file).catch(async (error: NodeJS.ErrnoException) => {
        // A file system without hard links (as for the staging folder, src/build/output.ts
        // `linkFiles`): made only if missing, then filled, so a reader may meet it empty for a moment.
        if (error.code !== "EPERM" && error.code !== "ENOTSUP" && error.code !== "EMLINK") throw error;
        await fs.copyFile(temporary, file, fs.constants.COPYFILE_EXCL);
      });
    }
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

function writeRecord(file: string, record: LockRecord, replace: boolean): Promise<void> {
  return createWhole(file, `${JSON.stringify(record)}\n`, replace);
}

function describe(record: LockRecord): string {
  const here = record.host === os.hostname();
  const running = here ? record.holders.filter(isRunning) : [];
  const pids = (running.length > 0 ? running : record.holders).map((holder) => holder.pid).join(", ");
  const where = here ? "" : ` on ${record.host}`;
  return `${record.command} (process ${pids}${where}, since ${record.since})`;
}

function busy(dir: string, file: string, record: LockRecord): OutputFolderError {
  return new OutputFolderError(
    `OUTPUT_DIR: ${dir} is being built by another build, ${describe(record)}; nothing was touched. ` +
      `Wait for it to finish, or stop it, then build again. If no build is running, delete ${file}.`,
  );
}

function foreign(file: string): OutputFolderError {
  return new OutputFolderError(`OUTPUT_DIR: ${file} is in the way of the build's lock file and was not made by a build; move or remove it`);
}

/** Locks this process holds, by file, with how many callers hold each. */
const held = new Map<string, { lock: OutputLock; count: number }>();
let releasingOnExit = false;

/** A lock held by this process (or by the process that started it, for `inherited` ones). */
export class OutputLock {
  constructor(
    readonly dir: string,
    readonly file: string,
    readonly token: string,
    /** Taken from the process that started this one: never removed here. */
    readonly inherited: boolean,
  ) {}

  /** The environment to start a process with that works under this lock (add its id with `addHolder`). */
  env(): Record<string, string> {
    return { [lockEnv]: this.token };
  }

  /** Names process `pid` in the lock too, so the lock is not stale while it runs. */
  async addHolder(pid: number): Promise<void> {
    const record = await this.assertHeld();
    await writeRecord(this.file, { ...record, holders: [...record.holders, holderOf(pid)] }, true);
  }

  /** The lock file's record; throws unless it is still this lock (another build took it over). */
  async assertHeld(): Promise<LockRecord> {
    const record = await readRecord(this.file);
    if (record === undefined || record === "foreign" || record.token !== this.token) throw this.lost(record);
    return record;
  }

  private lost(record: LockRecord | "foreign" | undefined): OutputFolderError {
    const now = record === undefined ? "it is gone" : record === "foreign" ? "another file took its place" : `it is now held by ${describe(record)}`;
    return new OutputFolderError(`OUTPUT_DIR: this build's lock on ${this.dir} (${this.file}) was lost while it ran: ${now}. Nothing was put in place; build again once no other build is running.`);
  }

  /** Removes the lock file when it is still this lock's. */
  async release(): Promise<void> {
    if (this.inherited) return;
    const record = await readRecord(this.file).catch(() => undefined);
    if (record !== undefined && record !== "foreign" && record.token === this.token) await fs.rm(this.file, { force: true });
  }

  /** `release` for a process that is exiting. */
  releaseNow(): void {
    if (this.inherited) return;
    const record = parseRecord(readText(this.file) ?? "");
    if (record?.token === this.token) {
      try {
        unlinkSync(this.file);
      } catch {
        // Gone already.
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes the claim file `claim` for this process; false when another process holds it. A claim
 * whose process has ended (killed while it took a lock over) is removed, to be made again.
 */
async function claimStale(claim: string): Promise<boolean> {
  const mine = holderOf(process.pid);
  try {
    await createWhole(claim, JSON.stringify(mine));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const text = await fs.readFile(claim, "utf8").catch(() => undefined);
  const holder = text === undefined ? undefined : (JSON.parse(text) as LockHolder);
  if (holder !== undefined && !isRunning(holder)) await fs.rm(claim, { force: true });
  return false;
}

/**
 * Takes the lock `file` of output folder `dir` for `command`, taking over a stale one; throws
 * `OutputFolderError` naming the holder when another build holds it.
 */
export async function acquireLock(dir: string, file: string, command: string): Promise<OutputLock> {
  const boot = bootId();
  const record: LockRecord = {
    generator: "arsip-berita",
    token: randomUUID(),
    command,
    since: new Date().toISOString(),
    host: os.hostname(),
    ...(boot === undefined ? {} : { boot }),
    holders: [holderOf(process.pid)],
  };
  // The output's parent folder, which the build makes anyway, to put the lock in.
  await fs.mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await writeRecord(file, record, false);
      return new OutputLock(dir, file, record.token, false);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let current = await readRecord(file);
    // Another build's lock being filled, on a file system without hard links.
    if (current === "foreign") current = await sleep(100).then(() => readRecord(file));
    if (current === undefined) continue;
    if (current === "foreign") throw foreign(file);
    if (!isStale(current)) throw busy(dir, file, current);
    // Stale: replaced in one rename by the one build that claims it. The claim is a file named
    // after the stale lock's token, made only if none exists; the lock is checked to be still the
    // stale one after claiming it (a build whose claim came late finds a new lock and backs off).
    const claim = `${file}.${current.token}.claim`;
    if (!(await claimStale(claim))) {
      await sleep(20);
      continue;
    }
    try {
      const now = await readRecord(file);
      if (now !== undefined && now !== "foreign" && now.token === current.token) {
        await writeRecord(file, record, true);
        return new OutputLock(dir, file, record.token, false);
      }
    } finally {
      await fs.rm(claim, { force: true });
    }
  }
  const last = await readRecord(file);
  if (last === "foreign") throw foreign(file);
  throw last === undefined ? new OutputFolderError(`OUTPUT_DIR: could not take the lock ${file}; build again`) : busy(dir, file, last);
}

/**
 * Holds the lock of output `dir` (lock file `file`) while `work` runs: the one this process holds
 * already, the one inherited from the process that started this one (`lockEnv`), or a new one
 * taken with `acquireLock` and released when `work` settles.
 */
export async function withOutputLock<T>(dir: string, file: string, command: string, work: (lock: OutputLock) => Promise<T>): Promise<T> {
  const lock = await holdLock(dir, file, command);
  try {
    return await work(lock);
  } finally {
    await releaseLock(lock);
  }
}

/** Takes (or counts once more) the lock of output `dir`; pair with `releaseLock`. */
export async function holdLock(dir: string, file: string, command: string): Promise<OutputLock> {
  const entry = held.get(file);
  if (entry !== undefined) {
    entry.count++;
    return entry.lock;
  }
  const token = process.env[lockEnv];
  const current = token === undefined ? undefined : await readRecord(file);
  const lock =
    current !== undefined && current !== "foreign" && current.token === token
      ? new OutputLock(dir, file, token, true)
      : await acquireLock(dir, file, command);
  held.set(file, { lock, count: 1 });
  if (!releasingOnExit) {
    releasingOnExit = true;
    // A process that exits with a lock held (`process.exit`) leaves no lock behind.
    process.once("exit", () => {
      for (const entry of held.values()) entry.lock.releaseNow();
    });
  }
  return lock;
}

/** Gives up one hold of `lock`; the last one removes the file. */
export async function releaseLock(lock: OutputLock): Promise<void> {
  const entry = held.get(lock.file);
  if (entry === undefined || entry.lock !== lock) return;
  if (--entry.count > 0) return;
  held.delete(lock.file);
  await lock.release();
}

/** Throws unless this process holds the lock `file` and the file is still that lock (`assertHeld`). */
export async function assertLockHeld(file: string): Promise<void> {
  const entry = held.get(file);
  if (entry === undefined) throw new Error(`A build went to swap its site in without holding the output's lock (${file}).`);
  await entry.lock.assertHeld();
}
