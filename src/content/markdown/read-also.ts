/**
 * markdown-it plugin: a paragraph that is only a "Baca: <judul>" or "Baca juga: <judul>" line, as
 * Indonesian outlets put between body paragraphs, becomes a read-also aside. The title links to
 * the archived article when `env.findArticleUrl` knows it, and stays plain text otherwise.
 *
 * Shape of markdown-it-anchor and friends: `(md) => void`, a core rule that rewrites tokens after
 * inline parsing, renderer rules for the new tokens, per-document state in `env`.
 */
import type MarkdownIt from "markdown-it";
import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";
import type Token from "markdown-it/lib/token.mjs";

/** "Baca: Judul", "Baca juga: Judul" (any case), label and title captured. */
export const readAlsoPattern = /^(Baca(?: [Jj]uga)?)\s*:\s*(\S.*)$/i;

export interface ReadAlsoEnv {
  /** The URL of the archived article with this title, if there is one. */
  findArticleUrl?: (title: string) => string | undefined;
}

/** Titles compare without case, extra spaces or closing punctuation. */
export function normalizeTitle(title: string): string {
  return title.normalize("NFC").toLowerCase().replace(/\s+/g, " ").replace(/[\s.,;:!?]+$/u, "").trim();
}

function plainTextOf(inline: Token): string | undefined {
  const children = inline.children ?? [];
  // Only a plain line qualifies: emphasis or links inside mean the author wrote something else.
  // Escaped characters ("\\*") arrive as text_special tokens holding the character itself.
  if (!children.every((child) => child.type === "text" || child.type === "text_special" || child.type === "softbreak")) return undefined;
  return children.map((child) => (child.type === "softbreak" ? "\n" : child.content)).join("");
}

function readAlsoRule(state: StateCore): void {
  const env = state.env as ReadAlsoEnv;
  const tokens = state.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const open = tokens[i]!;
    const inline = tokens[i + 1]!;
    const close = tokens[i + 2]!;
    if (open.type !== "paragraph_open" || inline.type !== "inline" || close.type !== "paragraph_close") continue;
    if (open.level !== 0) continue;
    const text = plainTextOf(inline);
    const match = text === undefined ? null : readAlsoPattern.exec(text.trim());
    if (!match) continue;
    const label = match[1]!;
    const title = match[2]!.trim();

    const labelOpen = new state.Token("read_also_label_open", "span", 1);
    labelOpen.attrSet("class", "baca-juga__label");
    const labelText = new state.Token("text", "", 0);
    labelText.content = `${label}:`;
    const labelClose = new state.Token("read_also_label_close", "span", -1);
    const space = new state.Token("text", "", 0);
    space.content = " ";
    const titleText = new state.Token("text", "", 0);
    titleText.content = title;

    const url = env.findArticleUrl?.(title);
    const children = [labelOpen, labelText, labelClose, space];
    if (url === undefined) {
      children.push(titleText);
    } else {
      const linkOpen = new state.Token("link_open", "a", 1);
      linkOpen.attrSet("href", url);
      const linkClose = new state.Token("link_close", "a", -1);
      children.push(linkOpen, titleText, linkClose);
    }
    inline.children = children;

    const asideOpen = new state.Token("read_also_open", "aside", 1);
    asideOpen.attrSet("class", "baca-juga");
    asideOpen.block = true;
    const asideClose = new state.Token("read_also_close", "aside", -1);
    asideClose.block = true;
    tokens.splice(i, 0, asideOpen);
    tokens.splice(i + 4, 0, asideClose);
    i += 4;
  }
}

export function readAlsoPlugin(md: MarkdownIt): void {
  md.core.ruler.after("inline", "read_also", readAlsoRule);
}
