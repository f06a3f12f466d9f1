/**
 * The archive is faithful to the captures: every body paragraph of each capture in provenance/
 * reaches its article page word for word, with caption, credit, byline and sign-off.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { makeTempDir, projectRoot, runBuild, visibleText } from "./helpers/build.ts";

const captures = [
  {
    file: "tempo-2017-08-04-bos-telegram-pavel-durov.txt",
    page: "2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/index.html",
    firstParagraph: "TEMPO.CO, Jakarta -",
    lastLine: "NUR QOLBI | AMB",
    also: ["ANTARA/Galih Pradipta", "Jumat, 4 Agustus 2017 14:54 WIB", "NUR QOLBI | AMB"],
  },
  {
    file: "merdeka-2017-08-02-bos-telegram-ogah-buka-data.txt",
    page: "2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/index.html",
    firstParagraph: "Merdeka.com -",
    lastLine: "Baca juga:",
    also: ["©2017 merdeka.com/muhammad luthfi rahman", "Reporter: Fauzan Jamaludin", "Rabu, 2 Agustus 2017 10:47 WIB", "CEO Telegram datangi Kemenkominfo."],
  },
];

/** Body paragraphs of a capture: from the lead paragraph up to (not including) the closing line. */
async function bodyParagraphs(capture: (typeof captures)[number]): Promise<string[]> {
  const text = await fs.readFile(path.join(projectRoot, "provenance", capture.file), "utf8");
  const lines = text.split("\n").map((line) => line.trim());
  const start = lines.findIndex((line) => line.startsWith(capture.firstParagraph));
  const end = lines.findIndex((line, index) => index > start && line.startsWith(capture.lastLine));
  return lines.slice(start, end).filter((line) => line !== "");
}

let output: string;

beforeAll(async () => {
  output = await makeTempDir();
  const result = await runBuild({ OUTPUT_DIR: output, ARTICLES_DIR: path.join(projectRoot, "articles") });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
});

describe.each(captures)("$file", (capture) => {
  test("every body paragraph appears word for word on the article page", async () => {
    const page = visibleText(await fs.readFile(path.join(output, capture.page), "utf8"));
    const paragraphs = await bodyParagraphs(capture);
    expect(paragraphs.length).toBeGreaterThan(5);
    const missing = paragraphs.filter((paragraph) => !page.includes(paragraph.replace(/\s+/g, " ")));
    expect(missing).toEqual([]);
  });

  test("caption credit, byline, date and sign-off are on the page", async () => {
    const page = visibleText(await fs.readFile(path.join(output, capture.page), "utf8"));
    for (const expected of capture.also) expect(page).toContain(expected);
  });

  test("the provenance copy is identical to the shared capture when that is available", async () => {
    const shared = path.join(projectRoot, "..", "shared", "sources", capture.file);
    const original = await fs.readFile(shared, "utf8").catch(() => undefined);
    if (original === undefined) return;
    expect(await fs.readFile(path.join(projectRoot, "provenance", capture.file), "utf8")).toBe(original);
  });
});
