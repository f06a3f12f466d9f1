/**
 * Every kind of edit an editor or a maintainer makes, one after another on one output, each
 * followed by an update (`npm run build`) whose output must be byte-identical to a clean `--full`
 * build of the same project, with no empty folder left and the spare never leaking into it.
 * Articles and their photo files, templates, UI strings, outlets, assets, settings and the
 * generator's own code.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { generateCorpus } from "../bench/corpus.ts";
import { photoJpeg } from "../bench/photos.ts";
import { makeTempDir, runBuild } from "./helpers/build.ts";
import { differences, emptyFolders, realProjectCopy, snapshot } from "./helpers/trust.ts";

let project: string;
let output: string;
let cache: string;
const settings: Record<string, string> = { SITE_URL: "https://arsip.example/" };
const env = (extra: Record<string, string> = {}) => ({ ARTICLES_DIR: path.join(project, "articles"), OUTPUT_DIR: output, ARSIP_CACHE_DIR: cache, ...settings, ...extra });

async function articleFiles(): Promise<string[]> {
  return (await fs.readdir(path.join(project, "articles"), { recursive: true })).filter((name) => name.endsWith(".md")).sort();
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const full = path.join(project, file);
  const before = await fs.readFile(full, "utf8");
  const after = change(before);
  expect(after, `${file} changed`).not.toBe(before);
  await fs.writeFile(full, after);
}

const article = (name: string) => path.join("articles", name);

/** The photo of the article `name` (relative to articles/): foto/<its name>.jpg beside it. */
const photoPath = (name: string) => path.join(path.dirname(name), "foto", `${path.basename(name, ".md")}.jpg`);

async function givePhoto(name: string, seed: number): Promise<void> {
  await fs.mkdir(path.dirname(path.join(project, "articles", photoPath(name))), { recursive: true });
  await fs.writeFile(path.join(project, "articles", photoPath(name)), await photoJpeg(seed, 1000, 700));
  await edit(article(name), (text) => text.replace(/^tags:/m, `image:\n  caption: "Foto sintetis uji suntingan."\n  file: foto/${path.basename(name, ".md")}.jpg\ntags:`));
}

beforeAll(async () => {
  project = await realProjectCopy();
  await generateCorpus({ n: 60, seed: 21, dir: path.join(project, "articles", "sintetis") });
  output = path.join(await makeTempDir("arsip-edits-out-"), "site");
  cache = await makeTempDir("arsip-edits-cache-");
  const first = await runBuild(env(), [], project);
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
}, 300_000);

/** Edits, in order; each is applied to the project as the previous ones left it. */
const edits: [name: string, apply: () => Promise<void>][] = [
  ["retitle an article", async () => edit(article((await articleFiles())[3]!), (text) => text.replace(/^title: .*$/m, 'title: "Judul baru untuk uji suntingan"'))],
  ["move an article to another year (date edit)", async () => edit(article((await articleFiles())[5]!), (text) => text.replace(/^date: .*$/m, 'date: "2014-02-03T08:00:00+07:00"'))],
  ["change an article's topics", async () => edit(article((await articleFiles())[7]!), (text) => text.replace(/^tags:\n(?:\s+- .*\n)+/m, "tags: [Topik Baru Uji, Telegram]\n"))],
  ["edit an article's body only", async () => edit(article((await articleFiles())[9]!), (text) => `${text}\nParagraf tambahan untuk uji suntingan.\n`)],
  ["give an article a summary", async () => edit(article((await articleFiles())[11]!), (text) => text.replace(/^title: (.*)$/m, 'title: $1\nsummary: "Ringkasan uji suntingan."'))],
  ["give an article an old URL (aliases: a redirect page and a _redirects line)", async () => edit(article((await articleFiles())[17]!), (text) => text.replace(/^title: (.*)$/m, 'title: $1\naliases: ["/berita/lama-uji-suntingan/"]'))],
  ["make an article a draft (it leaves the production site)", async () => edit(article((await articleFiles())[13]!), (text) => text.replace(/^title: (.*)$/m, "title: $1\ndraft: true"))],
  ["delete an article", async () => fs.rm(path.join(project, article((await articleFiles())[15]!)))],
  [
    "add the newest article",
    async () =>
      fs.writeFile(
        path.join(project, "articles", "2026-uji.md"),
        '---\ntitle: "Artikel terbaru uji suntingan"\ndate: "2026-01-05T09:00:00+07:00"\nsource: tempo\ntags: [Telegram]\n---\n\nIsi uji.\n',
      ),
  ],
  [
    "back-fill an old article",
    async () =>
      fs.writeFile(
        path.join(project, "articles", "2016-uji.md"),
        '---\ntitle: "Artikel lama yang diisi belakangan"\ndate: "2016-06-15T09:00:00+07:00"\nsource: merdeka\ntags: [Telegram, Pavel Durov]\n---\n\nIsi uji lama.\n',
      ),
  ],
  [
    "add another outlet's report of the seeds' event (changes a seed's same-event list)",
    async () =>
      fs.writeFile(
        path.join(project, "articles", "2017-uji-peristiwa.md"),
        '---\ntitle: "Durov bertemu Rudiantara, Telegram janji blokir konten"\ndate: "2017-08-03T09:00:00+07:00"\nsource: merdeka\ntags: [Telegram, Pavel Durov]\n---\n\nIsi uji peristiwa.\n',
      ),
  ],
  ["give an article a photo", async () => givePhoto((await articleFiles())[17]!, 1)],
  ["replace a photo file's bytes", async () => fs.writeFile(path.join(project, "articles", photoPath((await articleFiles())[17]!)), await photoJpeg(2, 900, 600))],
  ["take an article's photo file away (its processed files leave the site)", async () => edit(article((await articleFiles())[17]!), (text) => text.replace(/^  file: .*\n/m, ""))],
  ["change an outlet's name (sources.json)", async () => edit("templates/_data/sources.json", (text) => text.replace('"Tempo.co"', '"Tempo (uji)"'))],
  ["change a UI string (strings.json)", async () => edit("templates/_data/strings.json", (text) => text.replace('"Berita terkait"', '"Berita terkait (uji)"'))],
  ["change a template", async () => edit("templates/_includes/layouts/base.njk", (text) => text.replace("</footer>", "<p>uji templat</p></footer>"))],
  ["change a static asset", async () => edit("templates/assets/style.css", (text) => `${text}\n.uji-suntingan { color: red; }\n`)],
  ["add a static asset", async () => fs.writeFile(path.join(project, "templates", "assets", "uji.txt"), "uji\n")],
  ["delete a static asset", async () => fs.rm(path.join(project, "templates", "assets", "uji.txt"))],
  ["change the generator's code (date format)", async () => edit("src/content/dates.ts", (text) => text.replace(/ WIB`/g, " WIB.`"))],
  [
    "split the search index finer (ARSIP_SEARCH_SHARD_PAGES: years into halves, quarters, months)",
    async () => {
      settings.ARSIP_SEARCH_SHARD_PAGES = "2";
    },
  ],
  [
    "change PATH_PREFIX and SITE_URL",
    async () => {
      settings.PATH_PREFIX = "/arsip/";
      settings.SITE_URL = "https://arsip.example/arsip/";
    },
  ],
];

describe("an update after each kind of edit", () => {
  test.each(edits.map(([name], index) => [name, index] as const))("%s: equals a clean build", async (_name, index) => {
    await edits[index]![1]();
    const update = await runBuild(env(), [], project);
    expect(update.stderr, update.stderr).toBe("");
    expect(update.code).toBe(0);
    const clean = path.join(await makeTempDir("arsip-edits-clean-"), "site");
    const full = await runBuild(env({ OUTPUT_DIR: clean, ARSIP_CACHE_DIR: await makeTempDir("arsip-edits-clean-cache-") }), ["--full"], project);
    expect(full.code).toBe(0);
    expect(differences(await snapshot(output), await snapshot(clean))).toEqual([]);
    expect(await emptyFolders(output)).toEqual([]);
    await fs.rm(path.dirname(clean), { recursive: true, force: true });
  });

  test("the finer search shards took effect: split years, and no bundle of a year that split", async () => {
    const bundles = (await fs.readdir(path.join(output, "pagefind"), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const parts = bundles.filter((name) => /^\d{4}-(h[12]|q[1-4])$/.test(name));
    expect(parts.length).toBeGreaterThan(0);
    const split = new Set(parts.map((name) => name.slice(0, 4)));
    expect(bundles.filter((name) => /^\d{4}$/.test(name) && split.has(name))).toEqual([]);
  });
});
