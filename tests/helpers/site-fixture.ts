/**
 * The fixture site of the quality suites (browser, HTML validity, links): the two seed articles
 * from articles/ plus synthetic articles, clearly marked as such, enough that the home page and a
 * topic page have a numbered page besides the newest one, and one draft that must never be published. Built by the real
 * CLI (`npm run build`), search index included.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { photoJpeg } from "../../bench/photos.ts";
import { makeTempDir, projectRoot, runBuild } from "./build.ts";

/**
 * Number of synthetic published articles: 40, the fewest for which the list of a topic they all
 * have (and the home page) moves its oldest 20 to page 1 (src/archive/paginate.ts).
 */
export const syntheticCount = 40;

/** Words for the search tests: one found only in the Merdeka seed article's body, one found nowhere. */
export const searchWords = { merdekaOnly: "bersikukuh", nowhere: "gajah" } as const;

/** Title of the seed article the Merdeka-only word belongs to. */
export const merdekaTitle = "Bos Telegram tetap ogah buka data pengguna";

/** Title of the synthetic draft, which production builds leave out. */
export const draftTitle = "Contoh sintetis draf: tidak boleh terbit";

/** A topic every synthetic article has, so that its topic page is paginated. */
export const syntheticTopic = "Topik Uji";

/** One synthetic article has an old URL (front matter `aliases`), so the site has a redirect page. */
const aliasedNumber = 5;
export const fixtureAlias = "/2016/lama/contoh-sintetis-05/";
/** The URL of the aliased article now, where its redirect page and `_redirects` lead. */
export const fixtureAliasTarget = "/2016/01/06/contoh-sintetis-05-artikel-uji-arsip/";

const sections = ["Teknologi", "Nasional", "Ekonomi"];
const extraTopics = ["Uji Tautan", "Uji Tampilan", "Uji Paginasi"];

function two(n: number): string {
  return String(n).padStart(2, "0");
}

/** The synthetic article with a photo (made by `photoJpeg`, bench/photos.ts), and its page. */
export const photoArticle = { n: 2, file: "foto/contoh-02.jpg", url: "/2016/01/03/contoh-sintetis-02-artikel-uji-arsip/" } as const;

function syntheticArticle(n: number, options: { draft?: boolean } = {}): string {
  const source = n % 2 === 0 ? "tempo" : "merdeka";
  const day = two(1 + (n % 28));
  const month = two(1 + Math.floor(n / 28));
  const title = options.draft ? draftTitle : `Contoh sintetis ${two(n)}: artikel uji arsip`;
  const readAlso = n > 1 ? `\nBaca juga: Contoh sintetis ${two(n - 1)}: artikel uji arsip\n` : "";
  // One article has a very long word, to show that narrow screens wrap it instead of scrolling.
  const longWord = n === 3 ? " Kataterpanjangyangsengajadibuatuntukmengujipembungkusanbaris." : "";
  return [
    "---",
    `title: "${title}"`,
    `date: "2016-${month}-${day}T${two(8 + (n % 10))}:30:00+07:00"`,
    `source: ${source}`,
    `section: ${sections[n % sections.length]}`,
    `reporter: Penulis Contoh ${String.fromCharCode(65 + (n % 3))}`,
    `tags: [${syntheticTopic}, ${extraTopics[n % extraTopics.length]}]`,
    ...(options.draft ? ["draft: true"] : []),
    ...(n === aliasedNumber ? [`aliases: ["${fixtureAlias}"]`] : []),
    ...(n === photoArticle.n ? ["image:", '  caption: "Foto sintetis untuk uji tampilan, bukan foto berita."', "  credit: Arsip Berita (uji)", `  file: ${photoArticle.file}`] : []),
    "---",
    "",
    `Teks sintetis nomor ${n} untuk menguji situs arsip. Artikel ini bukan berita sungguhan dan tidak diterbitkan media mana pun.${longWord}`,
    readAlso,
    "Paragraf kedua berisi kalimat contoh tentang halaman, tautan, dan tampilan, supaya ringkasan dan isi berita punya panjang yang wajar.",
    "",
  ].join("\n");
}

/** Writes the fixture articles into a new temporary folder and returns its path. */
export async function writeFixtureArticles(): Promise<string> {
  const dir = await makeTempDir("arsip-fixture-articles-");
  await fs.cp(path.join(projectRoot, "articles"), dir, { recursive: true });
  await fs.mkdir(path.join(dir, "sintetis"), { recursive: true });
  for (let n = 1; n <= syntheticCount; n++) {
    await fs.writeFile(path.join(dir, "sintetis", `contoh-${two(n)}.md`), syntheticArticle(n));
  }
  await fs.writeFile(path.join(dir, "sintetis", "contoh-draf.md"), syntheticArticle(syntheticCount + 1, { draft: true }));
  await fs.mkdir(path.join(dir, "sintetis", path.dirname(photoArticle.file)), { recursive: true });
  await fs.writeFile(path.join(dir, "sintetis", photoArticle.file), await photoJpeg(2));
  return dir;
}

export interface FixtureSite {
  /** The built site. */
  outputDir: string;
  articlesDir: string;
  /** "/" or e.g. "/arsip/". */
  pathPrefix: string;
  siteUrl: string;
}

/** Builds the fixture site with the real CLI; fails with the build's output if the build fails. */
export async function buildFixtureSite(options: { pathPrefix?: string; siteUrl?: string } = {}): Promise<FixtureSite> {
  const pathPrefix = options.pathPrefix ?? "/";
  const siteUrl = options.siteUrl ?? `http://localhost:8080${pathPrefix}`;
  const articlesDir = await writeFixtureArticles();
  const outputDir = path.join(await makeTempDir("arsip-fixture-site-"), "_site");
  const result = await runBuild({ ARTICLES_DIR: articlesDir, OUTPUT_DIR: outputDir, PATH_PREFIX: pathPrefix, SITE_URL: siteUrl }, ["--quiet"]);
  if (result.code !== 0) {
    throw new Error(`fixture build failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return { outputDir, articlesDir, pathPrefix, siteUrl };
}

/** Deletes what buildFixtureSite made: the output's temporary folder and the articles. */
export async function removeFixtureSite(site: FixtureSite | undefined): Promise<void> {
  if (!site) return;
  await fs.rm(path.dirname(site.outputDir), { recursive: true, force: true });
  await fs.rm(site.articlesDir, { recursive: true, force: true });
}

export { listHtmlFiles } from "../../src/host/links.ts";
