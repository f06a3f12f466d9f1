/**
 * `--image` of `npm run new` and `npm run import` (src/authoring/photo.ts): the real entry points in
 * child processes, articles in a temp folder, photos made here with sharp.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { photoJpeg } from "../bench/photos.ts";
import { parseArticle } from "../src/content/schema.ts";
import { filesIn, makeTempDir, runScript } from "./helpers/build.ts";

const sourceKeys = ["tempo", "merdeka"];
const tempoCapture = path.join("provenance", "tempo-2017-08-04-bos-telegram-pavel-durov.txt");
const newArgs = ["Judul berita", "--source", "tempo", "--tags", "Telegram", "--date", "2017-08-04T14:54:00+07:00"];
const draft = path.join("2017", "tempo-2017-08-04-judul-berita.md");
const placed = path.join("2017", "foto", "tempo-2017-08-04-judul-berita.jpg");

let articlesDir: string;
let photo: string;
let bytes: Buffer;

const run = (script: "new" | "import", args: string[]) => runScript(`src/cli/${script}.ts`, { ARTICLES_DIR: articlesDir }, args);

beforeEach(async () => {
  articlesDir = await makeTempDir("arsip-image-");
  photo = path.join(await makeTempDir("arsip-image-src-"), "Foto Asli.JPEG");
  bytes = await photoJpeg(4, 320, 200);
  await fs.writeFile(photo, bytes);
});

describe("npm run new --image", () => {
  test("copies the photo beside the draft and names it with the caption", async () => {
    const result = await run("new", [...newArgs, "--image", photo, "--caption", "Durov di Jakarta."]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(await fs.readFile(path.join(articlesDir, placed))).toEqual(bytes);
    const text = await fs.readFile(path.join(articlesDir, draft), "utf8");
    expect(text).toContain('image:\n  caption: "Durov di Jakarta."\n  file: "foto/tempo-2017-08-04-judul-berita.jpg"\n');
    expect(parseArticle(text, draft, sourceKeys).image).toEqual({ caption: "Durov di Jakarta.", file: "foto/tempo-2017-08-04-judul-berita.jpg" });
  });

  test("needs a caption with the photo (usage error, nothing written)", async () => {
    const result = await run("new", [...newArgs, "--image", photo]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--image needs --caption "<the photo\'s caption as published>"');
    expect(await filesIn(articlesDir)).toEqual([]);
  });

  test("keeps a photo already there with the same bytes, and never overwrites another", async () => {
    await fs.mkdir(path.join(articlesDir, "2017", "foto"), { recursive: true });
    await fs.writeFile(path.join(articlesDir, placed), bytes);
    expect((await run("new", [...newArgs, "--image", photo, "--caption", "Sama."])).code).toBe(0);

    await fs.rm(path.join(articlesDir, draft));
    const other = await photoJpeg(5, 320, 200);
    await fs.writeFile(path.join(articlesDir, placed), other);
    const result = await run("new", [...newArgs, "--image", photo, "--caption", "Lain."]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Not written: .*2017\/foto\/tempo-2017-08-04-judul-berita\.jpg already exists with another photo, and the photo is never overwritten/);
    expect(await fs.readFile(path.join(articlesDir, placed))).toEqual(other);
    expect(await filesIn(articlesDir)).toEqual([placed]);
  });

  test("refuses a file that is not a photo, writing nothing", async () => {
    await fs.writeFile(photo, "bukan foto\n");
    const result = await run("new", [...newArgs, "--image", photo, "--caption", "Keterangan."]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Foto Asli\.JPEG: not a photo that can be read \(.+\); give a JPEG, PNG, WebP or AVIF file/);
    expect(await filesIn(articlesDir)).toEqual([]);
  });

  test("refuses a missing photo and a file type the build does not take", async () => {
    const missing = await run("new", [...newArgs, "--image", `${photo}.tidak-ada.jpg`, "--caption", "K."]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read the photo (no such file)");
    const pdf = await run("new", [...newArgs, "--image", "dokumen.pdf", "--caption", "K."]);
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toContain('--image "dokumen.pdf": expected a photo file ending in .jpg');
    expect(await filesIn(articlesDir)).toEqual([]);
  });
});

describe("npm run import --image", () => {
  test("names the photo with the capture's caption and credit", async () => {
    const result = await run("import", [tempoCapture, "--source", "tempo", "--tags", "Telegram", "--image", photo]);
    expect(result.code).toBe(0);
    const name = "tempo-2017-08-04-bos-telegram-pavel-durov-indonesia";
    expect(await fs.readFile(path.join(articlesDir, "2017", "foto", `${name}.jpg`))).toEqual(bytes);
    const article = parseArticle(await fs.readFile(path.join(articlesDir, "2017", `${name}.md`), "utf8"), "x.md", sourceKeys);
    expect(article.image).toMatchObject({ credit: "ANTARA/Galih Pradipta", file: `foto/${name}.jpg` });
    expect(article.image!.caption).toMatch(/^Menkominfo Rudiantara/);
  });
});
