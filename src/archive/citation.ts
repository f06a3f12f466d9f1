/**
 * How to cite an archived article: the CSL-JSON item describing the original publication (the
 * outlet as the newspaper, the reporters as authors, the original date and address), the RIS,
 * BibTeX and CSL-JSON files made from it by citation-js (the one module that imports it), and
 * an APA 7th-edition reference for the page.
 *
 * The files come from citation-js's output plugins, about 0.1 ms per article. The APA reference
 * is assembled here instead of by citeproc-js (citation-js's CSL plugin), which costs 1–5 ms per
 * reference and so 10–50 s for a 10,000-article build; tests/archive/citation.test.ts checks that
 * it is the text citeproc-js makes with the APA style for every name form the schema allows.
 *
 * Names: the `reporter` field holds one or more names as printed ("Fauzan Jamaludin", "NUR
 * QOLBI", "Rudiantara", "Abdullah bin Ahmad"). A name is split into given and family name only
 * when the split is unambiguous (two to four capitalised words, no particle, not all capitals);
 * any other name is kept whole as a literal name, never reordered or recased.
 */
import core from "@citation-js/core";
import "@citation-js/plugin-ris";
import "@citation-js/plugin-bibtex";
import { jakartaDateParts } from "../content/dates.ts";
import { absoluteUrl } from "../routes.ts";

const { plugins } = core;

/** What citing needs of an article (an ArticleView has all of it). */
export interface Citable {
  title: string;
  date: string;
  url: string;
  slug: string;
  reporter?: string;
  section?: string;
  originalUrl?: string;
  outlet: { name: string };
}

export type CslName = { given: string; family: string } | { literal: string };

/** A CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html). */
export interface CslItem {
  id: string;
  type: "article-newspaper";
  title: string;
  author?: CslName[];
  "container-title": string;
  section?: string;
  issued: { "date-parts": [[number, number, number]] };
  URL: string;
  language: "id";
  archive: string;
  archive_location?: string;
}

/** Separators between names in a byline: comma, semicolon, ampersand, "dan" (and). */
const nameSeparator = /\s*(?:[,;&]|\s+dan\s+)\s*/u;
/** A capitalised word, or an initial: "Fauzan", "Pangerapan", "A.", "O'Neil", "Al-Faruq". */
const plainWord = /^\p{Lu}(?:\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*|\.)$/u;

/** One name as CSL: given and family when the split is unambiguous, else the name as written. */
export function cslName(name: string): CslName {
  const words = name.trim().split(/\s+/u);
  if (words.length < 2 || words.length > 4 || !words.every((word) => plainWord.test(word)) || words[words.length - 1]!.endsWith(".")) {
    return { literal: words.join(" ") };
  }
  return { given: words.slice(0, -1).join(" "), family: words[words.length - 1]! };
}

/** The authors named in a `reporter` field; none when it is empty. */
export function cslAuthors(reporter: string | undefined): CslName[] {
  if (reporter === undefined) return [];
  return reporter
    .split(nameSeparator)
    .filter((name) => /[\p{L}\p{N}]/u.test(name))
    .map(cslName);
}

export function cslItem(article: Citable, siteUrl: string, siteName: string): CslItem {
  const pageUrl = absoluteUrl(article.url, siteUrl);
  const { year, month, day } = jakartaDateParts(article.date);
  const authors = cslAuthors(article.reporter);
  return {
    id: article.slug,
    type: "article-newspaper",
    title: article.title,
    ...(authors.length > 0 ? { author: authors } : {}),
    "container-title": article.outlet.name,
    ...(article.section ? { section: article.section } : {}),
    issued: { "date-parts": [[Number(year), Number(month), Number(day)]] },
    // The original when its address is known; else this archive's copy is where to read it.
    URL: article.originalUrl ?? pageUrl,
    language: "id",
    archive: siteName,
    ...(article.originalUrl ? { archive_location: pageUrl } : {}),
  };
}

const englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function initials(given: string): string {
  // citeproc-js's initialize-with=". ": "Semuel A." → "S. A.", "Al-Faruq" → "A.-F.".
  return given
    .split(/\s+/u)
    .map((word) => word.split("-").map((part) => `${part.charAt(0)}.`).join("-"))
    .join(" ");
}

function apaName(name: CslName): string {
  return "literal" in name ? name.literal : `${name.family}, ${initials(name.given)}`;
}

/** APA 7th author list: "A", "A, & B", "A, B, & C", up to 20 names; 21 or more: 19, "…", last. */
function apaAuthors(names: readonly CslName[]): string {
  const shown = names.map(apaName);
  if (shown.length === 1) return shown[0]!;
  if (shown.length > 20) return `${shown.slice(0, 19).join(", ")}, . . . ${shown[shown.length - 1]}`;
  return `${shown.slice(0, -1).join(", ")}, & ${shown[shown.length - 1]}`;
}

/** Ends with one period: nothing added after "?", "!" or ".". */
function withPeriod(text: string): string {
  return /[.?!]$/u.test(text) ? text : `${text}.`;
}

/** An APA 7th reference in three parts, so the page can set the newspaper's name in italics. */
export interface ApaReference {
  /** Authors, date and title: "Jamaludin, F. (2017, August 2). Bos Telegram tetap ogah buka data pengguna." */
  lead: string;
  /** The newspaper, in italics: "Merdeka.com". */
  container: string;
  /** What follows the newspaper: the archive when the original address is given, then the URL. */
  tail: string;
  url: string;
}

/** The APA 7th reference of a news article (APA Publication Manual, 10.1, example 16). */
export function apaReference(item: CslItem): ApaReference {
  const [[year, month, day]] = item.issued["date-parts"];
  const date = `(${year}, ${englishMonths[month - 1]} ${day}).`;
  const title = withPeriod(item.title);
  // Without authors APA moves the title to the front, before the date.
  const lead = item.author && item.author.length > 0 ? `${withPeriod(apaAuthors(item.author))} ${date} ${title}` : `${title} ${date}`;
  const archive = item.archive_location ? `${item.archive} (${item.archive_location}).` : `${item.archive}.`;
  return { lead, container: item["container-title"], tail: `${archive} ${item.URL}`, url: item.URL };
}

/** The plain text of an APA reference. */
export function apaText(reference: ApaReference): string {
  return `${reference.lead} ${reference.container}. ${reference.tail}`;
}

export interface CitationFile {
  /** File name offered for download: "<slug>.ris". */
  name: string;
  /** The file as a data: URI, so that no file is written per article and no script is needed. */
  href: string;
}

export interface Citation {
  apa: ApaReference;
  ris: CitationFile;
  bibtex: CitationFile;
  csl: CitationFile;
}

function dataUri(mediaType: string, text: string): string {
  return `data:${mediaType};charset=utf-8,${encodeURIComponent(text)}`;
}

/**
 * RIS in the original tag set (T1, A1, Y1, JF, AV), which every reference manager reads; the
 * fields are mapped by citation-js, the lines written here. The newer set, citation-js's default,
 * writes no authors and only the year for a NEWS record. The PY line the old set adds only repeats
 * Y1's year, and with it a reader takes the record for the newer set and drops A1 and Y1, so it
 * is left out. citation-js's own text output also breaks lines every 70 characters, which its
 * reader (and others) join with a space, breaking long titles and addresses; RIS lines have no
 * length limit.
 */
function risText(item: CslItem): string {
  const [record] = plugins.output.format("ris", [item], { spec: "old", format: "object" }) as Record<string, string | string[]>[];
  const { TY, PY: _year, ...tags } = record!;
  const lines = [`TY  - ${TY}`];
  for (const [tag, value] of Object.entries(tags)) for (const one of [value].flat()) lines.push(`${tag}  - ${one}`);
  lines.push("ER  - ", "");
  return lines.join("\n");
}

/** The RIS, BibTeX and CSL-JSON of an item, as citation-js writes them. */
export function citationFiles(item: CslItem): { ris: string; bibtex: string; csl: string } {
  return {
    ris: risText(item),
    bibtex: plugins.output.format("bibtex", [item]) as string,
    // citation-js's CSL-JSON, written without indentation: a data: URI spells every space as %20.
    csl: JSON.stringify(plugins.output.format("data", [item], { format: "object" })),
  };
}

/** Everything the "Kutip" section of an article page shows and offers. */
export function articleCitation(article: Citable, siteUrl: string, siteName: string): Citation {
  const item = cslItem(article, siteUrl, siteName);
  const files = citationFiles(item);
  return {
    apa: apaReference(item),
    ris: { name: `${article.slug}.ris`, href: dataUri("application/x-research-info-systems", files.ris) },
    bibtex: { name: `${article.slug}.bib`, href: dataUri("application/x-bibtex", files.bibtex) },
    csl: { name: `${article.slug}.json`, href: dataUri("application/vnd.citationstyles.csl+json", files.csl) },
  };
}

/** One `<meta name content>` of the head. */
export interface MetaTag {
  name: string;
  content: string;
}

/**
 * Highwire Press `citation_*` tags of the original publication, as Zotero's Embedded Metadata
 * translator and Wikipedia's Citoid (html-metadata) read them: title, one `citation_author` per
 * reporter as printed (none when the capture names none), the outlet as publisher, the original
 * date (YYYY/MM/DD, Jakarta), the address to read it at, language and topics. No
 * `citation_journal_title`: Zotero would take the article for a journal article. Also the HTML
 * `author` tag with the same names.
 */
export function highwireTags(article: Citable & { topics: readonly { name: string }[] }, siteUrl: string): MetaTag[] {
  const { year, month, day } = jakartaDateParts(article.date);
  const authors = cslAuthors(article.reporter).map((name) => ("literal" in name ? name.literal : `${name.given} ${name.family}`));
  return [
    { name: "citation_title", content: article.title },
    ...authors.map((author) => ({ name: "citation_author", content: author })),
    // The plain HTML author tag, which general scrapers (metascraper) read before guessing from
    // the byline text.
    ...(authors.length > 0 ? [{ name: "author", content: authors.join(", ") }] : []),
    { name: "citation_publisher", content: article.outlet.name },
    { name: "citation_publication_date", content: `${year}/${month}/${day}` },
    { name: "citation_public_url", content: article.originalUrl ?? absoluteUrl(article.url, siteUrl) },
    { name: "citation_language", content: "id" },
    ...(article.topics.length > 0 ? [{ name: "citation_keywords", content: article.topics.map((topic) => topic.name).join("; ") }] : []),
  ];
}
