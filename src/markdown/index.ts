/**
 * Markdown for article bodies: the one module that imports markdown-it.
 *
 * Raw HTML policy: `html: false`, so any HTML an article contains (tags, event handlers, script)
 * is shown as text, escaped, never passed through. An archive of other outlets' reporting needs
 * no markup beyond Markdown. Quotes are kept exactly as captured (`typographer: false`).
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
