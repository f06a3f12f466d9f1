/** `npm run import` (src/cli/import.ts): the real entry point in a child process, articles in a temp folder. */
import fs from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { parseArticle } from "../src/content/schema.ts";
import { makeTempDir, projectRoot, filesIn, runScript } from "./helpers/build.ts";

const sourceKeys = ["tempo", "merdeka"];
const tempoCapture = path.join("provenance", "tempo-2017-08-04-bos-telegram-pavel-durov.txt");
const merdekaCapture = path.join("provenance", "merdeka-2017-08-02-bos-telegram-ogah-buka-data.txt");

/** Runs `tsx src/cli/import.ts` from the project folder with stdin that is not a terminal. */
function runImport(articlesDir: string, args: string[]) {
  return runScript("src/cli/import.ts", { ARTICLES_DIR: articlesDir }, args);
}

let articlesDir: string;

beforeEach(async () => {
  articlesDir = await makeTempDir("arsip-import-");
});

describe("npm run import", () => {
  test("writes the Tempo capture as a valid draft, prints its path and warns about the nameless byline", async () => {
    const run = await runImport(articlesDir, [tempoCapture, "--source", "tempo", "--tags", "Telegram, Pavel Durov"]);
    expect(run.code).toBe(0);
    const file = path.join(articlesDir, "2017", "tempo-2017-08-04-bos-telegram-pavel-durov-indonesia.md");
    expect(run.stdout).toBe(`${file}\n`);
    expect(run.stderr).toBe(`warning: ${tempoCapture}: the byline "Reporter" gives no name; reporter left empty\n`);
    const text = await fs.readFile(file, "utf8");
    expect(text.startsWith(`---\n# Imported by "npm run import" from ${tempoCapture} (tempo layout).\n`)).toBe(true);
    expect(parseArticle(text, file, sourceKeys)).toMatchObject({
      title: "Bos Telegram Pavel Durov: Indonesia Sangat Luar Biasa",
      date: "2017-08-04T14:54:00+07:00",
      source: "tempo",
      tags: ["Telegram", "Pavel Durov"],
      section: "Tekno",
      signoff: "NUR QOLBI | AMB",
      draft: true,
    });
  });

  test("writes the Merdeka capture without warnings", async () => {
    const run = await runImport(articlesDir, [merdekaCapture, "--source", "merdeka", "--tags", "Telegram"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(await filesIn(articlesDir)).toEqual([path.join("2017", "merdeka-2017-08-02-bos-telegram-tetap-ogah-buka-data.md")]);
  });

  test("refuses to overwrite an existing file and leaves it as it was", async () => {
    const args = [merdekaCapture, "--source", "merdeka", "--tags", "Telegram"];
    expect((await runImport(articlesDir, args)).code).toBe(0);
    const file = path.join(articlesDir, "2017", "merdeka-2017-08-02-bos-telegram-tetap-ogah-buka-data.md");
    await fs.writeFile(file, "edited by the editor\n");
    const second = await runImport(articlesDir, args);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    expect(second.stderr).toContain(`Not written: ${file} already exists`);
    expect(await fs.readFile(file, "utf8")).toBe("edited by the editor\n");
  });

  test("requires --tags, as a usage error that says why", async () => {
    const run = await runImport(articlesDir, [merdekaCapture, "--source", "merdeka"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing --tags (a capture does not say which topics the story belongs to)");
    expect(run.stderr).toContain("usage: npm run import --");
    expect(await filesIn(articlesDir)).toEqual([]);
  });

  test("refuses an outlet that is not in sources.json", async () => {
    const run = await runImport(articlesDir, [merdekaCapture, "--source", "merdeka.com", "--tags", "Telegram"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--source "merdeka.com" is not an outlet key in templates/_data/sources.json');
    expect(await filesIn(articlesDir)).toEqual([]);
  });

  test("asks for --date when the capture has none, and uses the date given", async () => {
    // A synthetic capture (test fixture, not news).
    const capture = path.join(articlesDir, "..", `${path.basename(articlesDir)}-capture.txt`);
    await fs.writeFile(capture, "Judul Sintetis\n\nJAKARTA - Paragraf pertama yang sintetis.\n");
    const undated = await runImport(articlesDir, [capture, "--source", "tempo", "--tags", "Uji"]);
    expect(undated.code).toBe(1);
    expect(undated.stderr).toContain(`Not written: ${capture}: no publication date recognised; pass it with --date`);
    expect(await filesIn(articlesDir)).toEqual([]);

    const dated = await runImport(articlesDir, [capture, "--source", "tempo", "--tags", "Uji", "--date", "7 Agustus 2017 09:00"]);
    expect(dated.code).toBe(0);
    const article = parseArticle(await fs.readFile(dated.stdout.trim(), "utf8"), "x.md", sourceKeys);
    expect(article).toMatchObject({ date: "2017-08-07T09:00:00+07:00", dateline: "Jakarta", body: "JAKARTA - Paragraf pertama yang sintetis.\n" });
  });

  test("names a capture it cannot read", async () => {
    const run = await runImport(articlesDir, ["provenance/tidak-ada.txt", "--source", "tempo", "--tags", "Telegram"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("Not written: provenance/tidak-ada.txt: cannot read the capture (no such file)\n");
  });
});
