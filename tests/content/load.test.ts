import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { ArchiveError } from "../../src/errors.ts";
import { loadArticles, maxArticleBytes } from "../../src/content/load.ts";
import { mapLimit } from "../../src/limit.ts";
import { renderBody } from "../../src/content/markdown/index.ts";
import { keyTerms } from "../../src/content/terms.ts";
import { article, caseFolder, invalidCases, longBody, problemCountHeading, problemLine, writeCase } from "../fixtures/hostile/cases.ts";
import { makeTempDir, projectRoot, writeFixture } from "../helpers/build.ts";

const sourceKeys = ["tempo", "merdeka"];
const made: string[] = [];

async function fixture(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await writeFixture(files);
  made.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** Loads `dir` with paths shown relative to it. */
function load(dir: string) {
  return loadArticles(dir, { sourceKeys, cwd: dir });
}

/** The ArchiveError `load` throws. */
async function failureOf(dir: string): Promise<ArchiveError> {
  const error = await load(dir).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ArchiveError)) throw new Error(`expected an ArchiveError, got ${String(error)}`);
  return error;
}

describe("loadArticles", () => {
  test("reads every .md file in every subfolder, in path order, with paths relative to cwd", async () => {
    const dir = await fixture({
      "2017/b.md": article({ title: '"Berita B"' }),
      "2017/a.md": article({ title: '"Berita A"' }),
      "2016/c.md": article({ title: '"Berita C"', date: '"2016-01-01T08:00:00+07:00"' }),
    });
    const { articles, notices } = await load(dir);
    expect(articles.map((item) => [item.file, item.url])).toEqual([
      ["2016/c.md", "/2016/01/01/berita-c/"],
      ["2017/a.md", "/2017/08/04/berita-a/"],
      ["2017/b.md", "/2017/08/04/berita-b/"],
    ]);
    expect(notices).toEqual([]);
  });

  test("gives every article its key terms, those of its title and body", async () => {
    const dir = await fixture({
      "a.md": article({ title: '"Pelabuhan baru dibuka"' }, "Kapal kontainer bersandar. Kontainer menumpuk di dermaga.\n"),
      "b.md": article({ title: '"Harga cabai naik"' }, "Pedagang pasar mengeluh. Pasar sepi pembeli.\n"),
    });
    const loaded = await load(dir);
    expect(loaded.keyTerms.size).toBe(2);
    expect(loaded.articles.map((item) => loaded.keyTerms.get(item))).toEqual([
      ["pelabuhan", "dibuka", "kontainer"],
      ["harga", "cabai", "pasar"],
    ]);
    for (const item of loaded.articles) expect(loaded.keyTerms.get(item)).toEqual(keyTerms(item.title, item.body));
  });

  test("gives every article its body as a template: HTML, and the read-also titles whose links the archive fills in", async () => {
    const dir = await fixture({
      "a.md": article({ title: '"Pelabuhan baru dibuka"' }, "Kapal kontainer *bersandar*.\n\nKontainer menumpuk.\n"),
      "b.md": article({ title: '"Harga cabai naik"' }, "Pedagang mengeluh.\n\nBaca juga: Pelabuhan baru dibuka\n"),
      "c.md": article({ title: '"Cabai impor tiba"' }, "Kapal tiba.\n\n&#66;aca: Harga cabai naik\n"),
    });
    const loaded = await load(dir);
    const [a, b, c] = loaded.articles;
    expect(loaded.bodies.get(a!)).toEqual({ html: "<p>Kapal kontainer <em>bersandar</em>.</p>\n<p>Kontainer menumpuk.</p>\n", titles: [] });
    expect(loaded.bodies.get(a!)!.html).toBe(renderBody(a!.body));
    expect(loaded.bodies.get(b!)!.titles).toEqual(["Pelabuhan baru dibuka"]);
    expect(loaded.bodies.get(c!)!.titles).toEqual(["Harga cabai naik"]);
    expect(loaded.bodies.size).toBe(3);
  });

  test("skips files that are not .md with a notice, and photo files, hidden files and folders silently", async () => {
    const dir = await fixture({
      "a.md": article(),
      "catatan.txt": "bukan artikel",
      "2017/foto.jpg": Buffer.from([0xff, 0xd8, 0xff]),
      "2017/foto/durov.JPEG": Buffer.from([0xff, 0xd8, 0xff]),
      "gambar.gif": Buffer.from("GIF89a"),
      "salinan.md.bak": article(),
      ".DS_Store": Buffer.from([0, 1, 2]),
      ".git/HEAD": "ref: refs/heads/main\n",
    });
    const { articles, notices } = await load(dir);
    expect(articles.map((item) => item.file)).toEqual(["a.md"]);
    // Photo files are for articles to name (src/build/photos.ts checks those); a GIF is not one.
    expect(notices).toEqual([
      "catatan.txt: skipped, not an article (only .md files are read)",
      "gambar.gif: skipped, not an article (only .md files are read)",
      "salinan.md.bak: skipped, not an article (only .md files are read)",
    ]);
  });

  test("reports every problem of every hostile case in one error, each with its file, line or field and fix", async () => {
    const dir = await makeTempDir("arsip-hostile-");
    const outside = await makeTempDir("arsip-outside-");
    made.push(dir, outside);
    for (const [index, testCase] of invalidCases.entries()) {
      await fs.mkdir(path.join(dir, caseFolder(index)));
      await writeCase(path.join(dir, caseFolder(index)), testCase, outside);
    }
    const message = (await failureOf(dir)).message;
    const expected = invalidCases.flatMap((testCase, index) => testCase.problems.map((problem) => ({ ...problem, file: `${caseFolder(index)}/${problem.file}` })));
    expect(message.split("\n")[0]).toBe(problemCountHeading(expected));
    const missing = expected.filter((problem) => problemLine(message, "", problem) === undefined);
    expect(missing).toEqual([]);
  });

  test.each(invalidCases.map((testCase) => [testCase.name, testCase] as const))("refuses %s on its own, with exactly its problems", async (_, testCase) => {
    const dir = await makeTempDir("arsip-hostile-case-");
    const outside = await makeTempDir("arsip-outside-");
    made.push(dir, outside);
    await writeCase(dir, testCase, outside);
    const message = (await failureOf(dir)).message;
    expect(message.split("\n")[0]).toBe(problemCountHeading(testCase.problems));
    for (const problem of testCase.problems) expect(problemLine(message, "", problem), message).toBeDefined();
  });

  test("lists problems by file, whatever order the files were read in", async () => {
    const dir = await fixture({ "c.md": "", "a.md": "", "b/z.md": "" });
    const error = await failureOf(dir);
    expect(error.errors.map((item) => item.file)).toEqual(["a.md", "b/z.md", "c.md"]);
  });

  test("two articles with the same URL each name the other", async () => {
    const dir = await fixture({ "a.md": article(), "b.md": article(), "c.md": article({ title: '"Lain"' }) });
    expect((await failureOf(dir)).message).toMatchInlineSnapshot(`
      "2 problems in 2 files:
      a.md: field "slug": URL /2017/08/04/rapat-koordinasi-sintetis-di-jakarta/ is also used by b.md; give one of them a different "slug:"
      b.md: field "slug": URL /2017/08/04/rapat-koordinasi-sintetis-di-jakarta/ is also used by a.md; give one of them a different "slug:""
    `);
  });

  test("a symbolic link to a file inside the folder is read as that file", async () => {
    const dir = await fixture({ ".simpanan/a.md": article() });
    await fs.symlink(path.join(dir, ".simpanan", "a.md"), path.join(dir, "tautan.md"));
    const { articles } = await load(dir);
    expect(articles.map((item) => [item.file, item.title])).toEqual([["tautan.md", "Rapat koordinasi sintetis di Jakarta"]]);
  });

  test("a symbolic link to an article that is also read directly is a URL collision naming both", async () => {
    const dir = await fixture({ "a.md": article() });
    await fs.symlink("a.md", path.join(dir, "b.md"));
    expect((await failureOf(dir)).errors.map((error) => [error.file, error.problems[0]!.message])).toEqual([
      ["a.md", 'URL /2017/08/04/rapat-koordinasi-sintetis-di-jakarta/ is also used by b.md; give one of them a different "slug:"'],
      ["b.md", 'URL /2017/08/04/rapat-koordinasi-sintetis-di-jakarta/ is also used by a.md; give one of them a different "slug:"'],
    ]);
  });

  test("symbolic links leading nowhere, outside the folder or to any folder are refused by name", async () => {
    const dir = await fixture({ "isi/a.md": article() });
    const outside = await fixture({ "luar.md": article({ title: '"Luar"' }), "folder/b.md": article({ title: '"B"' }) });
    await fs.symlink(path.join(dir, "hilang.md"), path.join(dir, "putus.md"));
    await fs.symlink(path.join(outside, "luar.md"), path.join(dir, "keluar.md"));
    await fs.symlink(path.join(outside, "folder"), path.join(dir, "folder-luar"));
    await fs.symlink("..", path.join(dir, "isi", "lingkaran"));
    await fs.symlink(path.join(dir, "isi"), path.join(dir, "isi-lagi"));
    expect((await failureOf(dir)).message).toMatchInlineSnapshot(`
      "5 problems in 5 files:
      folder-luar: symbolic link to a place outside the articles folder; copy the article into the folder instead
      isi-lagi: symbolic link to a folder; remove the link (articles are read from the real folder)
      isi/lingkaran: symbolic link to a folder; remove the link (articles are read from the real folder)
      keluar.md: symbolic link to a place outside the articles folder; copy the article into the folder instead
      putus.md: symbolic link to nothing (its target is missing); remove the link"
    `);
  });

  test("a file over the size limit is refused by size; one at the limit is read", async () => {
    const header = article({ title: '"Batas ukuran"' }, "");
    const atLimit = header + longBody(maxArticleBytes - header.length - 200 * 1024);
    const dir = await fixture({ "pas.md": atLimit.padEnd(maxArticleBytes, "\n"), "lebih.md": atLimit.padEnd(maxArticleBytes + 1, "\n") });
    const error = await failureOf(dir);
    expect(error.message).toMatchInlineSnapshot(`
      "1 problem in 1 file:
      lebih.md: file has 8388609 bytes, over the limit of 8388608 bytes (8 MiB) for one article; split it or remove what is not article text"
    `);
  });

  test.each([
    ["the first line", Buffer.from([0xc3, 0x28, 0x0a]), 1],
    ["a later line (Latin-1 é)", Buffer.concat([Buffer.from(article()), Buffer.from([0x53, 0xe9, 0x0a])]), 9],
    ["a multi-byte character cut at the end", Buffer.concat([Buffer.from(article()), Buffer.from([0xe2, 0x82])]), 9],
    ["UTF-16 with its byte-order mark", Buffer.from(`\uFEFF${article()}`, "utf16le"), 1],
  ])("a file that is not UTF-8 is refused at the line of its first bad bytes: %s", async (_, bytes, line) => {
    const dir = await fixture({ "bukan-utf8.md": bytes });
    expect((await failureOf(dir)).errors[0]!.problems).toEqual([
      { line, message: "file is not valid UTF-8 text; save it again with UTF-8 encoding (this line has the first bad bytes)" },
    ]);
  });

  test("a missing articles folder is refused with how to fix it", async () => {
    const dir = await fixture({});
    const error = await loadArticles(path.join(dir, "tidak-ada"), { sourceKeys, cwd: dir }).catch((reason: unknown) => reason);
    expect(String(error)).toMatchInlineSnapshot(`
      "ArchiveError: 1 problem in 1 file:
      tidak-ada: articles folder not found; create it or set ARTICLES_DIR"
    `);
  });

  test.skipIf(process.getuid?.() === 0)("a folder that cannot be read is reported, not a crash", async () => {
    const dir = await fixture({ "a.md": article(), "terkunci/b.md": article({ title: '"B"' }) });
    await fs.chmod(path.join(dir, "terkunci"), 0o000);
    try {
      expect((await failureOf(dir)).errors.map((error) => [error.file, error.problems[0]!.message])).toEqual([
        ["terkunci", "folder cannot be read (EACCES); check its permissions"],
      ]);
    } finally {
      await fs.chmod(path.join(dir, "terkunci"), 0o755);
    }
  });
});

/** Loads the articles folder named by its second argument with the load.ts named by its first, and prints how many. */
const countingScript = `
import { pathToFileURL } from "node:url";
const [loadModule, dir] = process.argv.slice(2);
const { loadArticles } = await import(pathToFileURL(loadModule).href);
const { articles } = await loadArticles(dir, { sourceKeys: ["tempo"] });
console.log(articles.length);
`;

/** Runs `script` with `args` in a child process whose open-files limit is `limit`, as \`ulimit -n\` sets it in a shell. */
function runUnderLimit(limit: number, script: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", `ulimit -n ${limit} && exec "$0" --import tsx "$@"`, process.execPath, script, ...args], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("loadArticles under an open-files limit", () => {
  test("loads 3,000 articles in a process that may open 256 files, as a macOS shell allows", async () => {
    const dir = await makeTempDir("arsip-banyak-");
    made.push(dir);
    const names = Array.from({ length: 3000 }, (_, index) => `${2000 + (index % 20)}/berita-${index}.md`);
    await Promise.all([...new Set(names.map((name) => path.dirname(name)))].map((folder) => fs.mkdir(path.join(dir, folder))));
    await mapLimit(names, 64, (name, index) => fs.writeFile(path.join(dir, name), article({ title: `"Berita sintetis nomor ${index}"` })));
    const script = path.join(dir, "hitung.mts");
    await fs.writeFile(script, countingScript);

    const { code, output } = await runUnderLimit(256, script, [path.join(projectRoot, "src", "content", "load.ts"), dir]);
    expect(output.trim()).toBe("3000");
    expect(code).toBe(0);
  });
});

