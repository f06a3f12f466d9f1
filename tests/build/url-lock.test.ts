import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { checkLock, formatUrlLock, readUrlLock, writeUrlLock } from "../../src/build/url-lock.ts";
import { makeTempDir } from "../helpers/build.ts";

const made: string[] = [];
afterAll(async () => Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

async function lockFile(text?: string): Promise<string> {
  const dir = await makeTempDir("arsip-lock-");
  made.push(dir);
  const file = path.join(dir, "urls.lock");
  if (text !== undefined) await fs.writeFile(file, text);
  return file;
}

const articles = [{ url: "/2017/08/04/b/", file: "b.md" }, { url: "/2017/08/02/a/", file: "a.md" }];

describe("readUrlLock and writeUrlLock", () => {
  test("a missing lock reads as undefined; blank lines and comments are skipped", async () => {
    expect(await readUrlLock(await lockFile())).toBeUndefined();
    expect(await readUrlLock(await lockFile("# urls\n/a/\n\n/b/\n"))).toEqual(["/a/", "/b/"]);
  });

  test("writes one URL a line, and leaves an identical lock untouched", async () => {
    const file = await lockFile();
    expect(await writeUrlLock(file, ["/a/", "/b/"])).toBe(true);
    expect(await fs.readFile(file, "utf8")).toBe("/a/\n/b/\n");
    expect(await writeUrlLock(file, ["/a/", "/b/"])).toBe(false);
    expect(await fs.readdir(path.dirname(file))).toEqual(["urls.lock"]);
  });
});

describe("checkLock", () => {
  test("without a lock and without create it checks and writes nothing", async () => {
    expect(await checkLock({ file: await lockFile() }, articles, [])).toEqual({ problems: [] });
  });

  test("with create, a missing lock is to be made with every URL, sorted", async () => {
    const file = await lockFile();
    expect(await checkLock({ file, create: true }, articles, [])).toEqual({ problems: [], update: { file, urls: ["/2017/08/02/a/", "/2017/08/04/b/"] } });
  });

  test("an unchanged lock needs no update; a gone URL is a problem", async () => {
    const file = await lockFile(formatUrlLock(["/2017/08/02/a/", "/2017/08/04/b/"]));
    expect(await checkLock({ file }, articles, [])).toEqual({ problems: [] });
    const gone = await checkLock({ file }, articles.slice(0, 1), []);
    expect(gone.problems).toHaveLength(1);
    expect(gone.problems[0]).toContain("/2017/08/02/a/");
  });
});
