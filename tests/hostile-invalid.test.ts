/**
 * Issue 7: hostile input makes the real build (`npm run build`, spawned) exit 1, name the file and
 * the line or field with a fix, report every problem in one run, and leave the previous output
 * byte-identical. All cases share one folder and one build (a build costs about a second); the
 * cases that reach past the parser (eval, aliases, links, size, bytes) are also built alone.
 * tests/load.test.ts checks in-process that each case alone fails with exactly its problems.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { article, caseFolder, invalidCases, problemCountHeading, problemLine, writeCase, type ExpectedProblem, type InvalidCase } from "./fixtures/hostile/cases.ts";
import { makeTempDir, projectRoot, runBuild, writeFixture, type BuildResult } from "./helpers/build.ts";

/** Path → size, modification time and SHA-256 of every file below `dir`. */
async function fingerprint(dir: string): Promise<Map<string, string>> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
  const prints = await Promise.all(
    files.map(async (file) => {
      const [bytes, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
      return [path.relative(dir, file), `${stat.size} ${stat.mtimeMs} ${createHash("sha256").update(bytes).digest("hex")}`] as const;
    }),
  );
  return new Map(prints);
}

/** Runs `work` over `items`, `limit` at a time (the machine has two cores). */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

interface Run {
  /** Displayed path prefix of the case's folder, as the build prints it. */
  prefix: string;
  result: BuildResult;
  outputAfter: Map<string, string>;
}

/** Cases that reach past the parser into eval, memory or the file system: built alone too. */
const builtAlone = [
  "JavaScript front matter ('---js', which gray-matter would eval)",
  'YAML alias bomb ("billion laughs")',
  "symbolic link to a file outside the articles folder",
  "symbolic link to a parent folder (a loop)",
  "file over the 8 MiB limit",
  "non-UTF-8 bytes (Latin-1 text)",
].map((name) => {
  const found = invalidCases.find((testCase) => testCase.name === name);
  if (!found) throw new Error(`no hostile case named ${name}`);
  return found;
});

const cleanup: string[] = [];
let outputDir: string;
let outputBefore: Map<string, string>;
let marker: string;
let together: Run;
const alone = new Map<InvalidCase, Run>();

async function build(articlesDir: string): Promise<Run> {
  const result = await runBuild({ ARTICLES_DIR: articlesDir, OUTPUT_DIR: outputDir, HOSTILE_MARKER: marker });
  return { prefix: `${path.relative(projectRoot, articlesDir)}${path.sep}`, result, outputAfter: await fingerprint(outputDir) };
}

/** Displayed path inside the shared folder: "kasus-07/titel.md". */
function inSharedFolder(testCase: InvalidCase): ExpectedProblem[] {
  const folder = caseFolder(invalidCases.indexOf(testCase));
  return testCase.problems.map((problem) => ({ ...problem, file: `${folder}/${problem.file}` }));
}

beforeAll(async () => {
  const work = await makeTempDir("arsip-hostile-");
  cleanup.push(work);
  marker = path.join(work, "front-matter-js-ran");
  outputDir = path.join(work, "_site");
  const valid = await writeFixture({
    "2017/a.md": article({ title: '"Artikel sintetis pertama"' }),
    "2017/b.md": article({ title: '"Artikel sintetis kedua"', source: "merdeka", date: '"2017-08-02T10:47:00+07:00"' }),
  });
  cleanup.push(valid);
  const first = await runBuild({ ARTICLES_DIR: valid, OUTPUT_DIR: outputDir });
  expect(first.code, first.stderr).toBe(0);
  outputBefore = await fingerprint(outputDir);

  const outside = await makeTempDir("arsip-outside-");
  const shared = await makeTempDir("arsip-hostile-all-");
  cleanup.push(outside, shared);
  for (const [index, testCase] of invalidCases.entries()) {
    await fs.mkdir(path.join(shared, caseFolder(index)));
    await writeCase(path.join(shared, caseFolder(index)), testCase, outside);
  }
  const folders = new Map<InvalidCase, string>();
  for (const testCase of builtAlone) {
    const dir = await makeTempDir("arsip-hostile-case-");
    cleanup.push(dir);
    await writeCase(dir, testCase, outside);
    folders.set(testCase, dir);
  }
  together = await build(shared);
  // One at a time: builds of one output folder wait for none; a second one is refused (src/build/output-lock.ts).
  await inPool(builtAlone, 1, async (testCase) => {
    alone.set(testCase, await build(folders.get(testCase)!));
  });
});

afterAll(async () => {
  await Promise.all(cleanup.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** The assertions of issue 7 for one run: exit 1, heading, each problem with its fix, output untouched. */
function expectRefused(run: Run, problems: readonly ExpectedProblem[], heading: string): void {
  expect(run.result.code).toBe(1);
  const lines = run.result.stderr.split("\n");
  expect(lines[0]).toBe("Build stopped; nothing was written (the previous output is unchanged).");
  expect(lines[1]).toBe(heading);
  const missing = problems.filter((problem) => problemLine(run.result.stderr, run.prefix, problem) === undefined);
  expect(missing).toEqual([]);
  expect(run.outputAfter).toEqual(outputBefore);
}

describe("npm run build", () => {
  test("reports every problem of every hostile file in one run, exits 1 and leaves the output byte-identical", () => {
    const expected = invalidCases.flatMap(inSharedFolder);
    expectRefused(together, expected, problemCountHeading(expected));
  });

  test.each(invalidCases.map((testCase) => [testCase.name, testCase] as const))(
    "refuses %s: its file with line or field and a fix is in the report",
    (_, testCase) => {
      const expected = inSharedFolder(testCase);
      expect(together.result.code).toBe(1);
      for (const problem of expected) {
        expect(problemLine(together.result.stderr, together.prefix, problem), `${problem.file}: ${problem.says}`).toBeDefined();
      }
    },
  );

  test.each(builtAlone.map((testCase) => [testCase.name, testCase] as const))(
    "refuses %s when it is the only file: exit 1, its problems only, output byte-identical",
    (_, testCase) => {
      expectRefused(alone.get(testCase)!, testCase.problems, problemCountHeading(testCase.problems));
    },
  );

  test("never evaluates '---js' front matter", async () => {
    await expect(fs.stat(marker)).rejects.toThrow(/ENOENT/);
  });

  test("leaves no staging folder beside the output after the failed builds", async () => {
    expect(await fs.readdir(path.dirname(outputDir))).toEqual(["_site"]);
  });
});
