/**
 * Markdown for article bodies: the one module that imports markdown-it.
 *
 * Raw HTML policy: `html: false`, so any HTML an article contains (tags, event handlers, script)
 * is shown as text, escaped, never passed through. An archive of other outlets' reporting needs
 * no markup beyond Markdown. Quotes are kept exactly as captured (`typographer: false`).
 *
 * A body's HTML depends on the rest of the archive only through its read-also lines (their titles
 * link to archived articles, under the site's path prefix). So each body is rendered once, when
 * its file is parsed, as a template with those links marked (`renderBodyTemplate`; load.ts keeps
 * it in the parse cache), and each archive fills the links in (`fillBodyTemplate`).
 */
import MarkdownIt from "markdown-it";
import { readAlsoPlugin, type ReadAlsoEnv } from "./read-also.ts";

export type { ReadAlsoEnv } from "./read-also.ts";

export function createMarkdown(): MarkdownIt {
  return new MarkdownIt({ html: false, linkify: false, typographer: false }).use(readAlsoPlugin);
}

let shared: MarkdownIt | undefined;

/** Renders an article body with one shared parser (building a parser costs more than a body). */
export function renderBody(markdown: string, env: ReadAlsoEnv = {}): string {
  shared ??= createMarkdown();
  return shared.render(markdown, { ...env });
}

/**
 * A body rendered once for every archive: its HTML with each read-also title's link as a marker,
 * and the titles in order. `fillBodyTemplate` gives the HTML one archive shows.
 */
export interface BodyTemplate {
  html: string;
  /** The read-also titles, the i-th marker's at index i. None: `html` is the body in any archive. */
  titles: string[];
}

/**
 * The link target standing for the i-th title. markdown-it turns every NUL of its input into
 * U+FFFD, so no rendered text holds one, and its escaping leaves NUL and digits as they are.
 */
const marker = (index: number) => `\u0000${index}\u0000`;

/** A marked link and its text, which holds no "<": the renderer escapes every text token. */
const markedLink = /<a href="\u0000(\d+)\u0000">([^<]*)<\/a>/g;

/** Renders a body for every archive at once (load.ts keeps the template in the parse cache). */
export function renderBodyTemplate(markdown: string): BodyTemplate {
  const titles: string[] = [];
  const html = renderBody(markdown, {
    findArticleUrl: (title) => {
      titles.push(title);
      return marker(titles.length - 1);
    },
  });
  return { html, titles };
}

/**
 * `renderBody(markdown, { findArticleUrl })` for the template of `markdown`: a title that resolves
 * keeps its link, with the URL escaped as the renderer escapes attributes; one that does not
 * becomes the plain text the read-also rule gives it. `findArticleUrl` is asked once per title, in order.
 */
export function fillBodyTemplate(template: BodyTemplate, findArticleUrl: (title: string) => string | undefined): string {
  if (template.titles.length === 0) return template.html;
  const urls = template.titles.map(findArticleUrl);
  shared ??= createMarkdown();
  const { escapeHtml } = shared.utils;
  return template.html.replace(markedLink, (_link, index: string, text: string) => {
    const url = urls[Number(index)];
    return url === undefined ? text : `<a href="${escapeHtml(url)}">${text}</a>`;
  });
}
