/**
 * Capture importer: turns the text of an article page as captured from the browser (like the
 * files in provenance/) into draft fields and a Markdown body. Pure: no files, no clock.
 *
 * One function per outlet layout (`importTempo`, `importMerdeka`) and a generic fallback
 * (`importGeneric`) for outlets without one, or captures that do not look like their outlet's
 * layout. Each keeps the article (headline, date, byline, rubric, photo caption and credit, body
 * paragraphs with their "Baca: …" lines in place, sign-off, the outlet's related list) and drops
 * the page chrome ("Baca Selengkapnya" buttons, the comment policy, "TOPIK TERKAIT", a repeated
 * headline). What it cannot place is reported in `warnings`, never guessed: a field the capture
 * does not give stays empty, and topics are the editor's to choose (`npm run import --tags`).
 *
 * A rubric printed in capitals ("TEKNOLOGI") is stored in title case ("Teknologi"), as the
 * outlets show it in their navigation.
 */
import { parseIndonesianDate } from "../content/dates.ts";
import { readAlsoPattern } from "../content/markdown/read-also.ts";
import type { FrontMatter } from "../content/schema.ts";

export type LayoutName = "tempo" | "merdeka" | "generic";

/** What a capture gives; `source`, `tags` and `draft` are the caller's. */
export type ImportedFields = { title: string } & Partial<Omit<FrontMatter, "title" | "source" | "tags" | "draft">>;

export interface ImportedArticle {
  /** The layout that read the capture. */
  layout: LayoutName;
  fields: ImportedFields;
  /** Body paragraphs as Markdown, separated by blank lines. */
  body: string;
  /** What could not be recognised or was left out, one sentence each. */
  warnings: string[];
}

type RelatedItem = NonNullable<FrontMatter["sourceRelated"]>[number];

/** Page chrome dropped wherever it appears: buttons and notices of the outlet's page. */
const chromeLine = /^(?:Baca Selengkapnya|ADVERTISEMENT|Scroll to continue with content|Ingatlah untuk menjaga komentar tetap hormat.*)$/i;

/** Headings of what follows an article: its related lists and topic links. */
const relatedHeading = /^Berita terkait$/i;
const topicsHeading = /^Topik terkait$/i;
/** "Baca juga:" alone on its line: a list of headlines follows. */
const readAlsoListHeading = /^(Baca(?: juga)?)\s*:?$/i;

/** "NUR QOLBI | AMB": writer and editor initials in capitals, joined by bars. */
const barSignoff = /^[\p{Lu}][\p{Lu}\p{M}\s.'’-]*(?:\s*\|\s*[\p{Lu}][\p{Lu}\p{M}\s.'’-]*)+$/u;
/** "(mdk/idc)": outlet and editor codes closing the last paragraph. */
const codeSignoff = /\s*(\([\p{L}\d]+\/[\p{L}\d]+\))$/u;

/** Dates of related stories as shown: "32 hari lalu", "24 Februari 2024", "Senin, 1 Jan 2024 10:00 WIB". */
const shownDate =
  /^(?:\d+\s+(?:detik|menit|jam|hari|minggu|pekan|bulan|tahun)(?:\s+yang)?\s+lalu|(?:[\p{L}'’]+,\s*)?\d{1,2}\s+\p{L}+\.?\s+\d{4}(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*WI[BT]A?)?)?)$/iu;

/** Lead openers naming the outlet and maybe a city: "TEMPO.CO, Jakarta - ", "Merdeka.com - ", "KOMPAS.com - ". */
const outletOpener = /^[\p{L}.]+\.(?:co|com|id)\b(?:,\s*([^-–—]{1,40}?))?\s+[-–—]\s/iu;
/** Lead openers starting with the city: "JAKARTA, KOMPAS.com - ", "Jakarta (ANTARA) - ", "JAKARTA - ". */
const cityOpener = /^([\p{Lu}][\p{L}.]*(?: [\p{L}.]+){0,3})(?:,\s*[\p{L}.]+\.(?:co|com|id)|\s\([\p{L}\s]+\))?\s+[-–—]\s/u;

/** "TEKNOLOGI | 2 Agustus 2017 10:47 Reporter : Fauzan Jamaludin": rubric, date, optional byline. */
const rubricLine = /^([^|]{1,40}?)\s*\|\s*(.+?)(?:\s+Reporter\s*:\s*(.*))?$/i;
const bylineLine = /^(?:Reporter|Penulis|Oleh)\b\s*:?\s*(.*)$/i;
const editorLine = /^(?:Editor|Penyunting)\b\s*:?\s*(.*)$/i;

/**
 * Escapes what Markdown would read as markup, so that the page shows the captured text exactly:
 * emphasis, code, links, autolinks, strikethrough, entities, and the block markers a paragraph
 * can start with (heading, quote, list, thematic break).
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]<~]/g, "\\$&")
    .replace(/&(?=#?[a-z0-9]+;)/gi, "\\&")
    .replace(/^(?=#{1,6}(?:\s|$)|>|[-+](?:\s|$)|-[-\s]*$)/, "\\")
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

/** "TEKNOLOGI" → "Teknologi", "BISNIS & EKONOMI" → "Bisnis & Ekonomi"; mixed case stays as printed. */
export function titleCaseRubric(text: string): string {
  if (text !== text.toUpperCase() || !/\p{Lu}/u.test(text)) return text;
  return text.toLowerCase().replace(/(^|[\s-])(\p{Ll})/gu, (_, before: string, letter: string) => `${before}${letter.toUpperCase()}`);
}

/**
 * "Caption. ANTARA/Galih Pradipta" → caption and credit. The credit is the part after a sentence
 * end that names an agency or photographer: it starts with "©", "Foto", "Dok" or a word with a
 * slash ("ANTARA/Galih", "merdeka.com/muhammad").
 */
export function splitCaptionCredit(text: string): { caption: string; credit?: string } {
  const ends = [...text.matchAll(/[.!?"”)]\s+/g)].map((match) => match.index + match[0].length).reverse();
  for (const end of ends) {
    const credit = text.slice(end).trim();
    if (credit.length <= 80 && /^(?:©|\(c\)|Foto\b|Dok\b|\S+\/\S)/i.test(credit)) {
      return { caption: text.slice(0, end).trim(), credit };
    }
  }
  return { caption: text.trim() };
}

/** The capture as blocks of trimmed lines; blank lines separate blocks. Line endings and BOM normalised. */
function readBlocks(text: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "") {
      if (current.length > 0) blocks.push(current);
      current = [];
    } else {
      current.push(trimmed);
    }
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

function quote(text: string, max = 70): string {
  return `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;
}

interface Header {
  date?: string;
  section?: string;
  reporter?: string;
  editor?: string;
  /** Lines the header rules did not place, in order. */
  rest: string[];
}

/** Reads the lines above the body: byline, date, rubric line; a repeated headline is chrome. */
function readHeader(lines: readonly string[], title: string, warnings: string[]): Header {
  const header: Header = { rest: [] };
  for (const line of lines) {
    if (line === title || chromeLine.test(line)) continue;
    const byline = bylineLine.exec(line);
    if (byline) {
      if (byline[1] === "") warnings.push(`the byline ${quote(line)} gives no name; reporter left empty`);
      else header.reporter = byline[1];
      continue;
    }
    const editor = editorLine.exec(line);
    if (editor) {
      if (editor[1] !== "") header.editor = editor[1];
      continue;
    }
    const date = parseIndonesianDate(line);
    if (date !== undefined) {
      header.date = date;
      continue;
    }
    const rubric = rubricLine.exec(line);
    const rubricDate = rubric ? parseIndonesianDate(rubric[2]!) : undefined;
    if (rubric && rubricDate !== undefined) {
      header.section = titleCaseRubric(rubric[1]!.trim());
      header.date = rubricDate;
      if (rubric[3] !== undefined && rubric[3].trim() !== "") header.reporter = rubric[3].trim();
      continue;
    }
    header.rest.push(line);
  }
  return header;
}

/**
 * Body paragraphs from blocks: lines of a block join into one paragraph; a "Baca: …" line stays
 * a paragraph of its own where it stood; a "Baca juga:" heading with headlines under it becomes
 * one "Baca juga: …" paragraph per headline. Chrome lines are dropped.
 */
function toParagraphs(blocks: readonly string[][]): string[] {
  const paragraphs: string[] = [];
  for (const block of blocks) {
    const lines = block.filter((line) => !chromeLine.test(line));
    const heading = lines.length > 1 ? readAlsoListHeading.exec(lines[0]!) : null;
    if (heading) {
      for (const line of lines.slice(1)) paragraphs.push(`${heading[1]}: ${line}`);
      continue;
    }
    let pending: string[] = [];
    const flush = () => {
      if (pending.length > 0) paragraphs.push(pending.join(" "));
      pending = [];
    };
    for (const line of lines) {
      if (readAlsoPattern.test(line)) {
        flush();
        paragraphs.push(line);
      } else {
        pending.push(line);
      }
    }
    flush();
  }
  return paragraphs;
}

/** Paragraphs as Markdown: text escaped, "Baca: …" lines written as the read-also plugin reads them. */
function toMarkdown(paragraphs: readonly string[]): string {
  return paragraphs
    .map((paragraph) => {
      const readAlso = readAlsoPattern.exec(paragraph);
      return readAlso ? `${readAlso[1]}: ${escapeMarkdownText(readAlso[2]!.trim())}` : escapeMarkdownText(paragraph);
    })
    .join("\n\n");
}

/** The city of the dateline from the lead's opener: "TEMPO.CO, Jakarta - " → "Jakarta". */
function readDateline(lead: string): string | undefined {
  const outlet = outletOpener.exec(lead);
  if (outlet) return outlet[1]?.trim() || undefined;
  const city = cityOpener.exec(lead);
  return city ? titleCaseRubric(city[1]!) : undefined;
}

/** Takes the sign-off off the end of the body: a "NAME | ED" line, or "(mdk/idc)" closing the last paragraph. */
function takeSignoff(paragraphs: string[], warnings: string[]): string | undefined {
  const last = paragraphs.at(-1);
  if (last === undefined) return undefined;
  if (barSignoff.test(last)) {
    paragraphs.pop();
    return last;
  }
  const code = codeSignoff.exec(last);
  if (code) {
    const rest = last.slice(0, code.index).trim();
    if (rest === "") paragraphs.pop();
    else paragraphs[paragraphs.length - 1] = rest;
    return code[1];
  }
  warnings.push(`no sign-off recognised at the end of the body (last paragraph: ${quote(last)}); signoff left empty`);
  return undefined;
}

/** Tempo's "Berita terkait": title, date as shown, the title again, a summary, "Baca Selengkapnya". */
function readRelatedGroups(lines: readonly string[]): RelatedItem[] {
  const items: RelatedItem[] = [];
  let group: string[] = [];
  const flush = () => {
    const [title, ...more] = group;
    group = [];
    if (title === undefined) return;
    const rest = more.filter((line) => line !== title);
    const item: RelatedItem = { title };
    if (rest[0] !== undefined && shownDate.test(rest[0])) item.date = rest.shift();
    if (rest.length > 0) item.summary = rest.join(" ");
    items.push(item);
  };
  for (const line of lines) {
    if (/^Baca Selengkapnya$/i.test(line)) flush();
    else group.push(line);
  }
  flush();
  return items;
}

/**
 * What follows the body: the outlet's related list ("Berita terkait" groups or a "Baca juga:"
 * list) is kept; the topic block and chrome are dropped; anything else is reported.
 */
function readTrailer(blocks: readonly string[][], warnings: string[]): RelatedItem[] {
  const related: RelatedItem[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const lines = blocks[index]!.filter((line) => !chromeLine.test(line));
    const first = lines[0];
    if (first === undefined) continue;
    if (relatedHeading.test(first)) {
      // The groups span many blocks, up to the next known heading.
      let end = index + 1;
      while (end < blocks.length && !topicsHeading.test(blocks[end]![0]!) && !readAlsoListHeading.test(blocks[end]![0]!)) end++;
      related.push(...readRelatedGroups([...lines.slice(1), ...blocks.slice(index + 1, end).flat()]));
      index = end - 1;
    } else if (readAlsoListHeading.test(first)) {
      related.push(...lines.slice(1).map((title) => ({ title })));
    } else if (topicsHeading.test(first)) {
      if (lines.length > 1) warnings.push(`"TOPIK TERKAIT" lists ${lines.slice(1).map((line) => quote(line)).join(", ")}: not imported; consider them for --tags`);
    } else {
      warnings.push(`left out after the body: ${quote(lines.join(" "))}`);
    }
  }
  return related;
}

/** Index of the first block after the body: a related or topics heading, or a "Baca juga:" list that no body follows. */
function findBodyEnd(blocks: readonly string[][], start: number): number {
  let end = blocks.findIndex((block, index) => index > start && (relatedHeading.test(block[0]!) || topicsHeading.test(block[0]!)));
  if (end < 0) end = blocks.length;
  // A "Baca juga:" list right before the end is the outlet's related list, not a read-also in the
  // body; trailing chrome (the comment policy) is not body either.
  const isTrailer = (block: readonly string[]) =>
    (readAlsoListHeading.test(block[0]!) && block.length > 1) || block.every((line) => chromeLine.test(line));
  while (end - 1 > start && isTrailer(blocks[end - 1]!)) end--;
  return end;
}

interface LayoutRules {
  layout: LayoutName;
  /** The first body paragraph, or undefined to guess it. */
  lead?: RegExp;
  /** Takes the rubric from the body ("kanal Tekno Tempo.co") when the header has none. */
  sectionInBody?: RegExp;
}

function importWith(rules: LayoutRules, text: string, warnings: string[]): ImportedArticle | undefined {
  const blocks = readBlocks(text);
  const title = blocks[0]?.[0];
  if (title === undefined) {
    warnings.push("the capture is empty");
    return { layout: rules.layout, fields: { title: "" }, body: "", warnings };
  }
  const headerLines = [...blocks[0]!.slice(1)];
  let leadIndex: number;
  if (rules.lead !== undefined) {
    const lead = rules.lead;
    leadIndex = blocks.findIndex((block, index) => index > 0 && lead.test(block[0]!));
    if (leadIndex < 0) return undefined;
  } else {
    leadIndex = guessLead(blocks, warnings);
  }
  headerLines.push(...blocks.slice(1, leadIndex).flat());

  const header = readHeader(headerLines, title, warnings);
  const fields: ImportedFields = { title };
  if (header.date !== undefined) fields.date = header.date;
  else warnings.push("no publication date recognised above the body; pass --date");
  if (header.reporter !== undefined) fields.reporter = header.reporter;
  if (header.editor !== undefined) fields.editor = header.editor;
  if (header.section !== undefined) fields.section = header.section;

  // The photo caption: the first remaining header line with a credit; in an outlet's own layout,
  // where the caption is the one line left, that line even without a credit.
  const credited = header.rest.findIndex((line) => splitCaptionCredit(line).credit !== undefined);
  const captionIndex = credited >= 0 || rules.layout === "generic" ? credited : 0;
  const captionLine = header.rest[captionIndex];
  if (captionLine !== undefined) {
    const { caption, credit } = splitCaptionCredit(captionLine);
    fields.image = credit === undefined ? { caption } : { caption, credit };
    if (credit === undefined) warnings.push(`no photo credit recognised after the caption ${quote(caption)}; image.credit left empty`);
  } else {
    warnings.push("no photo caption recognised above the body; image left empty");
  }
  for (const line of header.rest.filter((_, index) => index !== captionIndex)) warnings.push(`not recognised above the body, left out: ${quote(line)}`);

  const end = findBodyEnd(blocks, leadIndex);
  const paragraphs = toParagraphs(blocks.slice(leadIndex, end));
  const dateline = paragraphs[0] === undefined ? undefined : readDateline(paragraphs[0]);
  if (dateline !== undefined) fields.dateline = dateline;
  const signoff = takeSignoff(paragraphs, warnings);
  if (signoff !== undefined) fields.signoff = signoff;
  if (fields.section === undefined && rules.sectionInBody !== undefined) {
    const pattern = rules.sectionInBody;
    const match = paragraphs.map((paragraph) => pattern.exec(paragraph)).find((found) => found !== null);
    if (match) fields.section = titleCaseRubric(match[1]!);
  }
  if (fields.section === undefined) warnings.push("no rubric recognised; section left empty");

  const related = readTrailer(blocks.slice(end), warnings);
  if (related.length > 0) fields.sourceRelated = related;
  if (paragraphs.length === 0) warnings.push("no body paragraphs recognised");
  return { layout: rules.layout, fields, body: toMarkdown(paragraphs), warnings };
}

/**
 * Without a layout, the body starts at the first block opening with a dateline ("JAKARTA - ",
 * "KOMPAS.com - "); failing that, at the first long block after the date that is not a captioned
 * photo, which is a guess and reported as one.
 */
function guessLead(blocks: readonly string[][], warnings: string[]): number {
  const opener = blocks.findIndex((block, index) => index > 0 && (outletOpener.test(block[0]!) || cityOpener.test(block[0]!)));
  if (opener > 0) return opener;
  const dateIndex = blocks.findIndex((block) => block.some((line) => parseIndonesianDate(line) !== undefined));
  const guess = blocks.findIndex(
    (block, index) => index > Math.max(0, dateIndex) && block.join(" ").length >= 80 && splitCaptionCredit(block.join(" ")).credit === undefined,
  );
  const lead = guess > 0 ? guess : Math.min(1, blocks.length);
  if (blocks[lead] !== undefined) warnings.push(`no lead paragraph with a dateline found; the body was taken to start at ${quote(blocks[lead]!.join(" "))}`);
  return lead;
}

/** Tempo.co: headline, "Reporter", date with weekday, caption with credit, "TEMPO.CO, City -" lead, "NAME | ED", "Berita terkait". */
export function importTempo(text: string): ImportedArticle {
  const warnings: string[] = [];
  return (
    importWith({ layout: "tempo", lead: /^TEMPO\.CO\b/i, sectionInBody: /\bkanal\s+(\S.{0,30}?)\s+Tempo\.co\.?$/i }, text, warnings) ??
    importGenericAfter(text, 'the capture does not look like a Tempo.co page (no lead paragraph starting with "TEMPO.CO")')
  );
}

/** Merdeka.com: headline twice, caption with credit, "RUBRIK | date Reporter : name", "Merdeka.com -" lead, "(mdk/xxx)", "Baca juga:" list. */
export function importMerdeka(text: string): ImportedArticle {
  const warnings: string[] = [];
  return (
    importWith({ layout: "merdeka", lead: /^Merdeka\.com\s*[-–—]\s/i }, text, warnings) ??
    importGenericAfter(text, 'the capture does not look like a Merdeka.com page (no lead paragraph starting with "Merdeka.com -")')
  );
}

/** Any other layout: the same rules without knowing where the body starts. */
export function importGeneric(text: string): ImportedArticle {
  return importWith({ layout: "generic" }, text, [])!;
}

function importGenericAfter(text: string, reason: string): ImportedArticle {
  return importWith({ layout: "generic" }, text, [`${reason}; imported with the generic layout`])!;
}

/** The importer for an outlet key; outlets without a layout of their own get the generic one. */
export const layoutImporters: Readonly<Record<string, (text: string) => ImportedArticle>> = {
  tempo: importTempo,
  merdeka: importMerdeka,
};

/** Imports a capture from the outlet with this key (from templates/_data/sources.json). */
export function importCapture(text: string, source: string): ImportedArticle {
  const importer = Object.hasOwn(layoutImporters, source) ? layoutImporters[source]! : importGeneric;
  return importer(text);
}
