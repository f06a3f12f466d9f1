/**
 * Summaries for lists, meta descriptions and feeds, derived from the first body paragraph when an
 * article has no `summary` of its own.
 */
import { readAlsoPattern } from "./markdown/read-also.ts";

export const maxSummaryLength = 200;

/**
 * An outlet's dateline opener at the start of a lead paragraph: "TEMPO.CO, Jakarta - ",
 * "Merdeka.com - ". It belongs to the body, not to a one-line summary.
 */
const outletOpener = /^[\p{L}.]+\.(?:co|com|id)(?:,\s[^-–—]{1,40})?\s[-–—]\s+/iu;

/** The Markdown paragraph turned into one line of plain text. */
function toPlainText(paragraph: string): string {
  return paragraph
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Cuts text at a word boundary so that it fits `max` characters, ellipsis included. */
export function truncateAtWord(text: string, max: number = maxSummaryLength): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  // Without a usable space the text is cut mid-word, one short of `max` to leave room for "…".
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut.slice(0, max - 1)).replace(/[\s,.;:–—-]+$/u, "")}…`;
}

/** The first real paragraph of a Markdown body (not a heading or read-also line), as a summary. */
export function deriveSummary(markdownBody: string, max: number = maxSummaryLength): string {
  const paragraphs = markdownBody.split(/\n\s*\n/).map((block) => block.trim());
  const lead = paragraphs.find(
    (block) => block !== "" && !block.startsWith("#") && !readAlsoPattern.test(toPlainText(block)),
  );
  if (lead === undefined) return "";
  return truncateAtWord(toPlainText(lead).replace(outletOpener, ""), max);
}
