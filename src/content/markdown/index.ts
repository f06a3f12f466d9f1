/**
 * Markdown for article bodies: the one module that imports markdown-it.
 *
 * Raw HTML policy: `html: false`, so any HTML an article contains (tags, event handlers, script)
 * is shown as text, escaped, never passed through. An archive of other outlets' reporting needs
 * no markup beyond Markdown. Quotes are kept exactly as captured (`typographer: false`).
 *
 * A body's HTML depends on the rest of the archive only through its read-also lines (their titles
 * link to archived articles, under the site's path prefix); `renderStandaloneBody` renders the
 * bodies that have none once, when their file is parsed (load.ts keeps the HTML in the parse cache).
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
 * A line that is likely a read-also line: a body with one is given up on without rendering it
 * (a third of the bodies; rendering them here would be in vain), which is always safe. For the
 * others the rendering decides. Whitespace within the line only, not `\s`: `^\s*` would scan
 * every run of blank lines once per line in it (seconds for a body with 100,000 of them).
 */
const likelyReadAlso = /^[^\S\n]*Baca/im;

/**
 * The HTML of a body that renders the same in any archive: `renderBody(markdown, env)` for every
 * `env`. `undefined` for a body with a read-also line, whose HTML depends on the archive (and for
 * some bodies with a line starting "Baca" that is none). Safe: the HTML is returned only when the
 * read-also rule never asked for a URL, so lines the quick test misses count too ("&#66;aca: …" and "&nbsp;Baca: …" are read-also lines).
 */
export function renderStandaloneBody(markdown: string): string | undefined {
  if (likelyReadAlso.test(markdown)) return undefined;
  let linked = false;
  const html = renderBody(markdown, {
    findArticleUrl: () => {
      linked = true;
      return undefined;
    },
  });
  return linked ? undefined : html;
}
