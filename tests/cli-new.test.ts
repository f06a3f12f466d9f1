/** `npm run new` (src/cli/new.ts): the real entry point in a child process, articles in a temp folder. */
import fs from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { askForMissing, readArguments } from "../src/cli/new.ts";
import { SettingsError } from "../src/errors.ts";
import { draftBodyPlaceholder } from "../src/authoring/scaffold.ts";
import { frontMatterFields, parseArticle } from "../src/content/schema.ts";
import { makeTempDir, projectRoot, filesIn, runScript } from "./helpers/build.ts";

const sourceKeys = ["tempo", "merdeka"];

/** Runs `tsx src/cli/new.ts` from the project folder with stdin that is not a terminal. */
function runNew(articlesDir: string, args: string[]) {
  return runScript("src/cli/new.ts", { ARTICLES_DIR: articlesDir }, args);
}

let articlesDir: string;

beforeEach(async () => {
  articlesDir = await makeTempDir("arsip-new-");
});

describe("npm run new", () => {
  const args = ["Judul berita", "--source", "tempo", "--tags", "Telegram, Pavel Durov", "--date", "2017-08-04T14:54:00+07:00"];

  test("writes a valid draft named like the existing articles and prints its path", async () => {
    const run = await runNew(articlesDir, args);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const file = path.join(articlesDir, "2017", "tempo-2017-08-04-judul-berita.md");
    expect(run.stdout).toBe(`${file}\n`);
    const text = await fs.readFile(file, "utf8");
    for (const field of frontMatterFields) expect(text).toMatch(new RegExp(`^${field}:`, "m"));
    expect(parseArticle(text, file, sourceKeys)).toMatchObject({
      title: "Judul berita",
      date: "2017-08-04T14:54:00+07:00",
      source: "tempo",
      tags: ["Telegram", "Pavel Durov"],
      draft: true,
      body: `${draftBodyPlaceholder}\n`,
    });
  });

  test("dates the draft now in Jakarta time when no --date is given, and names the file after that day", async () => {
    const run = await runNew(articlesDir, ["Judul berita", "--source", "merdeka", "--tags", "Telegram"]);
    expect(run.code).toBe(0);
    const file = run.stdout.trim();
    const article = parseArticle(await fs.readFile(file, "utf8"), file, sourceKeys);
    expect(article.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    const day = article.date.slice(0, 10);
    expect(path.relative(articlesDir, file)).toBe(path.join(day.slice(0, 4), `merdeka-${day}-judul-berita.md`));
  });

  test("accepts the date as Indonesian outlets print it", async () => {
    const run = await runNew(articlesDir, ["Judul berita", "--source", "merdeka", "--tags", "Telegram", "--date", "2 Agustus 2017 10:47"]);
    expect(run.code).toBe(0);
    expect(await filesIn(articlesDir)).toEqual([path.join("2017", "merdeka-2017-08-02-judul-berita.md")]);
  });

  test("refuses to overwrite an existing file and leaves it as it was", async () => {
    expect((await runNew(articlesDir, args)).code).toBe(0);
    const file = path.join(articlesDir, "2017", "tempo-2017-08-04-judul-berita.md");
    await fs.writeFile(file, "edited by the editor\n");
    const second = await runNew(articlesDir, args);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    expect(second.stderr).toContain(`Not written: ${file} already exists`);
    expect(await fs.readFile(file, "utf8")).toBe("edited by the editor\n");
  });

  test("refuses an outlet that is not in sources.json, naming the file and the known keys", async () => {
    const run = await runNew(articlesDir, ["Judul berita", "--source", "tempo.co", "--tags", "Telegram"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--source "tempo.co" is not an outlet key in templates/_data/sources.json; expected one of: tempo, merdeka');
    expect(await filesIn(articlesDir)).toEqual([]);
  });

  test("is a usage error, not a prompt, when stdin is not a terminal and arguments are missing", async () => {
    const run = await runNew(articlesDir, ["Judul berita"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing --source, --tags (questions are asked only in a terminal)");
    expect(run.stderr).toContain("usage: npm run new --");
    expect(await filesIn(articlesDir)).toEqual([]);
  });

  test("refuses a --date it cannot read", async () => {
    const run = await runNew(articlesDir, ["Judul berita", "--source", "tempo", "--tags", "Telegram", "--date", "4 Agustus 2017"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--date "4 Agustus 2017" is not a date');
    expect(await filesIn(articlesDir)).toEqual([]);
  });

  test("refuses topics that would not validate, with the schema's message", async () => {
    const run = await runNew(articlesDir, ["Judul berita", "--source", "tempo", "--tags", "Telegram, telegram"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('field "tags.1": duplicate topic (same as "Telegram")');
    expect(await filesIn(articlesDir)).toEqual([]);
  });
});

describe("readArguments", () => {
  test("joins the words outside options into the title", () => {
    expect(readArguments(["Judul", "berita", "--source", "tempo"])).toEqual({ title: "Judul berita", source: "tempo" });
  });

  test("refuses an unknown option as a usage error", () => {
    expect(() => readArguments(["--sumber", "tempo"])).toThrow(SettingsError);
  });
});

describe("askForMissing", () => {
  test("asks only for what is missing and again after an unknown outlet", async () => {
    const questions: string[] = [];
    const answers = ["bogus", "merdeka", "Telegram, Privasi"];
    const result = await askForMissing({ title: "Judul berita" }, async (question) => {
      questions.push(question);
      return answers.shift()!;
    }, sourceKeys);
    expect(result).toEqual({ title: "Judul berita", source: "merdeka", tags: "Telegram, Privasi" });
    expect(questions).toEqual(["Outlet (tempo, merdeka): ", "Outlet (tempo, merdeka): ", "Topics, comma-separated: "]);
  });
});
