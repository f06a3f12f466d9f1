/**
 * Feeds as data: an Atom feed and a JSON Feed 1.1 for the whole archive (newest 50, with the full
 * text) and for every topic (newest 50, with summaries). Templates render the Atom XML with
 * autoescaping; JSON Feed is serialised here with JSON.stringify. The one module that imports the
 * Eleventy RSS plugin (for its HTML-to-absolute-URL conversion of article bodies).
 * Specs: Atom https://www.rfc-editor.org/rfc/rfc4287, JSON Feed https://www.jsonfeed.org/version/1.1/
 */
import rssPlugin from "@11ty/eleventy-plugin-rss";
import type { ArticleView, Archive } from "./archive.ts";
import { toJakartaIso } from "../content/dates.ts";
import { absoluteUrl, atomFeedPath, homeUrl, jsonFeedPath } from "../routes.ts";

export const feedSize = 50;

export interface FeedEntry {
  /** Absolute URL of the article page; also the entry's id. */
  url: string;
  title: string;
  summary: string;
  /** Full body HTML with absolute links (site feed only). */
  contentHtml?: string;
  /** RFC 3339 with the Jakarta offset. */
  published: string;
  authorName: string;
  /** Topic names. */
  categories: string[];
  /** The outlet's original, when known. */
  originalUrl?: string;
}

export interface Feed {
  title: string;
  description: string;
  /** Site path of the Atom file ("/feed.xml", "/topik/telegram/feed.xml"). */
  atomPath: string;
  /** Site path of the JSON Feed file. */
  jsonPath: string;
  atomUrl: string;
  jsonUrl: string;
  /** Absolute URL of the HTML page the feed follows. */
  homeUrl: string;
  /** Newest entry's date, so two builds of the same archive give the same bytes. */
  updated: string;
  entries: FeedEntry[];
}

export interface FeedTexts {
  siteName: string;
  tagline: string;
  /** "Topik" */
  topic: string;
}

/** Characters XML 1.0 forbids (C0 controls but tab/newline/return, U+FFFE/FFFF, lone surrogates). */
const notXmlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe to put in an XML document once escaped: forbidden characters removed. */
export function xmlSafe(text: string): string {
  return text.replace(notXmlChar, "");
}

function entryOf(article: ArticleView, siteUrl: string, contentHtml?: string): FeedEntry {
  return {
    url: absoluteUrl(article.url, siteUrl),
    title: article.title,
    summary: article.summary,
    contentHtml,
    published: toJakartaIso(article.date),
    authorName: article.reporter ?? article.outlet.name,
    categories: article.topics.map((topic) => topic.name),
    originalUrl: article.originalUrl,
  };
}

function feedOf(name: string, description: string, pagePath: string, articles: readonly ArticleView[], siteUrl: string, entries: FeedEntry[]): Feed {
  const atomPath = atomFeedPath(pagePath);
  const jsonPath = jsonFeedPath(pagePath);
  return {
    title: name,
    description,
    atomPath,
    jsonPath,
    atomUrl: absoluteUrl(atomPath, siteUrl),
    jsonUrl: absoluteUrl(jsonPath, siteUrl),
    homeUrl: absoluteUrl(pagePath, siteUrl),
    updated: articles[0] ? toJakartaIso(articles[0].date) : "1970-01-01T07:00:00+07:00",
    entries,
  };
}

/** Every feed of the archive: the site feed first, then one per topic in topic order. */
export async function buildFeeds(archive: Archive, siteUrl: string, texts: FeedTexts): Promise<Feed[]> {
  const newest = archive.articles.slice(0, feedSize);
  const siteEntries = await Promise.all(
    newest.map(async (article) => {
      const pageUrl = absoluteUrl(article.url, siteUrl);
      const html = await rssPlugin.convertHtmlToAbsoluteUrls(article.bodyHtml, pageUrl);
      return entryOf(article, siteUrl, html);
    }),
  );
  const feeds = [feedOf(texts.siteName, texts.tagline, homeUrl, newest, siteUrl, siteEntries)];
  for (const topic of archive.topics) {
    const items = topic.items.slice(0, feedSize);
    feeds.push(
      feedOf(
        `${texts.siteName}: ${texts.topic} ${topic.name}`,
        `${texts.topic} ${topic.name} · ${texts.siteName}`,
        topic.url,
        items,
        siteUrl,
        items.map((article) => entryOf(article, siteUrl)),
      ),
    );
  }
  return feeds;
}

/** The feed as a JSON Feed 1.1 document. */
export function toJsonFeed(feed: Feed): string {
  return JSON.stringify(
    {
      version: "https://jsonfeed.org/version/1.1",
      title: feed.title,
      home_page_url: feed.homeUrl,
      feed_url: feed.jsonUrl,
      description: feed.description,
      language: "id",
      items: feed.entries.map((entry) => ({
        id: entry.url,
        url: entry.url,
        ...(entry.originalUrl ? { external_url: entry.originalUrl } : {}),
        title: entry.title,
        summary: entry.summary,
        ...(entry.contentHtml === undefined ? { content_text: entry.summary } : { content_html: entry.contentHtml }),
        date_published: entry.published,
        authors: [{ name: entry.authorName }],
        tags: entry.categories,
        language: "id",
      })),
    },
    null,
    1,
  );
}
