/**
 * Bodies with read-also lines (src/content/markdown/read-also.ts) as an earlier archive rendered
 * them, kept by a long-running caller (the dev server) for the next `buildArchive`. Such a body's
 * HTML depends on the archive only through the URLs its titles resolve to, so a body whose titles
 * all resolve as they did is taken from here instead of being rendered again (a third of the
 * bench corpus's bodies have such lines: ~0.15 s of an update at 10,000 articles).
 *
 * Kept per parsed article object: the parse store hands out the same object while its file is
 * unchanged, and an edited or deleted article's entry goes with its object.
 */
import { renderBody } from "../content/markdown/index.ts";
import type { Article } from "../content/schema.ts";

/** Resolves a read-also title to the URL of an archived article, or `undefined`. */
export type FindArticleUrl = (title: string) => string | undefined;

interface Rendered {
  html: string;
  /** Every title the rendering looked up, in order, with what it got. */
  links: [title: string, url: string | undefined][];
}

export class LinkedBodies {
  readonly #rendered = new WeakMap<Article, Rendered>();

  /** `renderBody(article.body, { findArticleUrl })`, from an earlier rendering when its titles resolve as they did. */
  render(article: Article, findArticleUrl: FindArticleUrl): string {
    const kept = this.#rendered.get(article);
    if (kept !== undefined && kept.links.every(([title, url]) => findArticleUrl(title) === url)) return kept.html;
    const links: Rendered["links"] = [];
    const html = renderBody(article.body, {
      findArticleUrl: (title) => {
        const url = findArticleUrl(title);
        links.push([title, url]);
        return url;
      },
    });
    this.#rendered.set(article, { html, links });
    return html;
  }
}
