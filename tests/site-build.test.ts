/**
 * Build test on a synthetic archive: the two seed articles plus 60 generated ones (bench/corpus.ts),
 * built by the real CLI. Expectations are computed from the input files, not from the build's code.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { generateCorpus } from "../bench/corpus.ts";
import { slugify } from "../src/content/slug.ts";
import { makeTempDir, projectRoot, runBuild } from "./helpers/build.ts";

const siteUrl = "https://arsip.example/";
const pageSize = 20;

interface InputArticle {
  file: string;
  title: string;
  date: string;
  tags: string[];
  draft: boolean;
}

let output: string;
let articlesDir: string;
let inputs: InputArticle[];

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

function read(file: string): Promise<string> {
  return fs.readFile(path.join(output, file), "utf8");
}

function exists(file: string): Promise<boolean> {
  return fs.stat(path.join(output, file)).then(() => true, () => false);
}

/** Article links of a list page's article list, in order. */
function articleLinks(html: string): string[] {
  const list = /<ol class="article-list">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<h2 class="article-list__title"><a href="([^"]+)"/g)].map((match) => match[1]!);
}

/** Internal hrefs of a page, as site paths. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!).filter((href) => href.startsWith("/"));
}

beforeAll(async () => {
  articlesDir = await makeTempDir("arsip-site-");
  await generateCorpus({ n: 60, seed: 7, dir: articlesDir });
  await fs.cp(path.join(projectRoot, "articles"), articlesDir, { recursive: true });
  inputs = [];
  for (const file of (await walk(articlesDir)).filter((name) => name.endsWith(".md"))) {
    const text = await fs.readFile(file, "utf8");
    const front = parseYaml(text.split(/^---$/m)[1]!) as Record<string, unknown>;
    inputs.push({ file, title: String(front.title), date: String(front.date), tags: (front.tags as unknown[]).map(String), draft: front.draft === true });
  }
  output = await makeTempDir();
  const result = await runBuild({ ARTICLES_DIR: articlesDir, OUTPUT_DIR: output, SITE_URL: siteUrl });
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.code).toBe(0);
});

describe("site build on 62 articles", () => {
  test("writes one page per published article and pages the home list from the oldest, 20 to a page", async () => {
    const published = inputs.filter((input) => !input.draft);
    const htmlFiles = (await walk(output)).filter((file) => /\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(file));
    expect(htmlFiles).toHaveLength(published.length);
    // 62 articles: pages 1 and 2 hold the oldest 40, the home page the newest 22.
    const numbered = Math.floor(published.length / pageSize) - 1;
    expect(numbered).toBe(2);
    for (let page = 1; page <= numbered; page++) expect(await exists(`halaman/${page}/index.html`)).toBe(true);
    expect(await exists(`halaman/${numbered + 1}/index.html`)).toBe(false);
    const oldestFirst = [...published].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
    const listed = async (file: string) => articleLinks(await read(file)).map((href) => href.split("/").at(-2));
    expect(await listed("halaman/1/index.html")).toEqual(oldestFirst.slice(0, pageSize).map((input) => slugify(input.title)).reverse());
    expect(await listed("index.html")).toHaveLength(published.length - numbered * pageSize);
  });

  test("every article appears on the pages of each of its topics", async () => {
    const published = inputs.filter((input) => !input.draft);
    const topics = new Map<string, number>();
    for (const input of published) for (const tag of input.tags) topics.set(slugify(tag), (topics.get(slugify(tag)) ?? 0) + 1);
    const linksByTopic = new Map<string, Set<string>>();
    for (const [slug, count] of topics) {
      const links = new Set<string>();
      const numbered = Math.max(0, Math.floor(count / pageSize) - 1);
      for (let page = 0; page <= numbered; page++) {
        const html = await read(page === 0 ? `topik/${slug}/index.html` : `topik/${slug}/halaman/${page}/index.html`);
        for (const href of hrefs(html)) links.add(href);
      }
      expect(await exists(`topik/${slug}/halaman/${numbered + 1}/index.html`)).toBe(false);
      linksByTopic.set(slug, links);
    }
    for (const input of published) {
      const titleSlug = slugify(input.title);
      for (const tag of input.tags) {
        const found = [...linksByTopic.get(slugify(tag))!].some((href) => href.endsWith(`/${titleSlug}/`));
        expect(found, `${input.title} on topic ${tag}`).toBe(true);
      }
    }
  });

  test("the topic index lists every topic with its count", async () => {
    const html = await read("topik/index.html");
    const counts = new Map<string, number>();
    for (const input of inputs.filter((item) => !item.draft)) for (const tag of input.tags) counts.set(slugify(tag), (counts.get(slugify(tag)) ?? 0) + 1);
    for (const [slug, count] of counts) {
      expect(html).toMatch(new RegExp(`href="/topik/${slug}/">[^<]+</a> <span class="count">\\(${count}\\)</span>`));
    }
  });

  test("the Atom feeds are well-formed XML that a real feed parser reads, newest first", async () => {
    const xml = await read("feed.xml");
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parseFeed(xml);
    expect(feed.title).toBe("Arsip Berita");
    expect(feed.items).toHaveLength(50);
    const dates = feed.items.map((item) => item.published!.getTime());
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    for (const item of feed.items) expect(item.url).toMatch(/^https:\/\/arsip\.example\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+\/$/);
    const topicXml = await read("topik/telegram/feed.xml");
    expect(XMLValidator.validate(topicXml)).toBe(true);
    expect(parseFeed(topicXml).title).toBe("Arsip Berita: Topik Telegram");
  });

  test("the JSON Feeds are JSON Feed 1.1 with absolute URLs", async () => {
    const feed = JSON.parse(await read("feed.json"));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.feed_url).toBe(`${siteUrl}feed.json`);
    expect(feed.items).toHaveLength(50);
    for (const item of feed.items) {
      expect(item.id).toMatch(/^https:\/\/arsip\.example\//);
      expect(item.content_html).toBeTypeOf("string");
      expect(item.date_published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    }
  });

  /** The entries of a sitemap file: `<sitemap>` of an index, `<url>` of a child. */
  async function sitemapItems(file: string, root: "sitemapindex" | "urlset"): Promise<{ loc: string; lastmod?: string }[]> {
    const xml = await read(file);
    expect(XMLValidator.validate(xml), file).toBe(true);
    const parsed = new XMLParser().parse(xml)[root];
    expect(parsed, file).toBeDefined();
    return [parsed[root === "sitemapindex" ? "sitemap" : "url"] ?? []].flat();
  }

  test("sitemap.xml is a well-formed index of exactly the child sitemaps written: the pages, then each year newest first", async () => {
    const index = await sitemapItems("sitemap.xml", "sitemapindex");
    const written = (await fs.readdir(output)).filter((name) => /^sitemap-.+\.xml$/.test(name));
    expect(index.map((entry) => entry.loc.slice(siteUrl.length)).sort()).toEqual(written.sort());
    // Jakarta is UTC+7 all year: an article's calendar year there, from its input date alone.
    const jakartaYear = (date: string) => String(new Date(Date.parse(date) + 7 * 3_600_000).getUTCFullYear());
    const published = inputs.filter((input) => !input.draft);
    const years = [...new Set(published.map((input) => jakartaYear(input.date)))].sort().reverse();
    expect(years.length).toBeGreaterThan(3);
    expect(index.map((entry) => entry.loc)).toEqual([`${siteUrl}sitemap-halaman.xml`, ...years.map((year) => `${siteUrl}sitemap-${year}.xml`)]);
    for (const year of years) {
      const urls = await sitemapItems(`sitemap-${year}.xml`, "urlset");
      const titles = published.filter((input) => jakartaYear(input.date) === year).map((input) => slugify(input.title));
      expect(urls.map((entry) => entry.loc.split("/").at(-2)).sort(), year).toEqual(titles.sort());
      for (const { loc } of urls) expect(loc.startsWith(`${siteUrl}${year}/`), loc).toBe(true);
    }
    // Each child is dated by its newest entry.
    for (const { loc, lastmod } of index) {
      const dates = (await sitemapItems(loc.slice(siteUrl.length), "urlset")).map((entry) => entry.lastmod!);
      expect(lastmod, loc).toBe(dates.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1));
    }
  });

  test("every sitemap URL maps to a written page, and every page is in the sitemap", async () => {
    const locs = new Set<string>();
    for (const child of await sitemapItems("sitemap.xml", "sitemapindex")) {
      for (const { loc, lastmod } of await sitemapItems(child.loc.slice(siteUrl.length), "urlset")) {
        expect(loc.startsWith(siteUrl)).toBe(true);
        expect(lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        const file = `${loc.slice(siteUrl.length)}index.html`;
        expect(await exists(file), file).toBe(true);
        expect(locs.has(loc), loc).toBe(false);
        locs.add(loc);
      }
    }
    const pages = (await walk(output)).filter((file) => file.endsWith("/index.html")).map((file) => path.relative(output, file));
    for (const page of pages) expect(locs.has(siteUrl + page.replace(/index\.html$/, "")), page).toBe(true);
    expect(await read("robots.txt")).toContain(`Sitemap: ${siteUrl}sitemap.xml`);
  });

  test("article pages hold parseable NewsArticle and BreadcrumbList JSON-LD", async () => {
    const html = await read("2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/index.html");
    const json = JSON.parse(html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]!);
    const [article, breadcrumbs] = json["@graph"];
    expect(article).toMatchObject({
      "@type": "NewsArticle",
      headline: "Bos Telegram Pavel Durov: Indonesia Sangat Luar Biasa",
      datePublished: "2017-08-04T14:54:00+07:00",
      dateModified: "2017-08-04T14:54:00+07:00",
      inLanguage: "id",
      isAccessibleForFree: true,
      publisher: { name: "Tempo.co" },
      author: [{ name: "Tempo.co" }],
    });
    expect(breadcrumbs["@type"]).toBe("BreadcrumbList");
    expect(breadcrumbs.itemListElement.map((item: { name: string }) => item.name)).toEqual(["Beranda", "Tempo.co", "Tekno", article.headline]);
    expect(html).toContain('<meta name="Googlebot-News" content="noindex">');
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta property="article:published_time" content="2017-08-04T14:54:00+07:00">');
    expect(html).toContain('<meta property="article:tag" content="Pavel Durov">');
  });

  test("the two seed articles list each other under Berita terkait", async () => {
    const tempo = await read("2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/index.html");
    const merdeka = await read("2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/index.html");
    const related = (html: string) => html.split('id="berita-terkait"')[1]!.split("</section>")[0]!;
    expect(related(tempo)).toContain('href="/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/"');
    expect(related(merdeka)).toContain('href="/2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/"');
    expect(related(tempo)).toMatch(/Topik sama: [^<]*Pavel Durov/);
  });

  test("every page has a title, a meta description and a canonical URL", async () => {
    for (const file of (await walk(output)).filter((name) => name.endsWith(".html"))) {
      const html = await fs.readFile(file, "utf8");
      expect(html, file).toMatch(/<title>[^<]+<\/title>/);
      expect(html, file).toMatch(/<meta name="description" content="[^"]+">/);
      expect(html, file).toMatch(/<link rel="canonical" href="https?:\/\/[^"]+">/);
    }
  });
});
