/**
 * Fixture tests in the markdown-it plugin style: Markdown in, exact HTML out. Each case runs
 * through `renderBody` (the site's parser), through the plugin alone on a fresh markdown-it and
 * through a body template filled for the case's archive (what a build does).
 */
import MarkdownIt from "markdown-it";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { fillBodyTemplate, renderBody, renderBodyTemplate } from "../../../src/content/markdown/index.ts";
import { normalizeTitle, readAlsoPattern, readAlsoPlugin, type ReadAlsoEnv } from "../../../src/content/markdown/read-also.ts";

/** An archive that knows two titles, looked up the way archive.ts does. */
const known = new Map([
  [normalizeTitle("Pemerintah Akan Cabut Blokir Telegram, Ini Waktunya"), "/2017/08/01/pemerintah-akan-cabut-blokir-telegram/"],
  [normalizeTitle("Bos Telegram tetap ogah buka data pengguna"), "/arsip/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/"],
]);
const env: ReadAlsoEnv = { findArticleUrl: (title) => known.get(normalizeTitle(title)) };

const renderers: [string, (markdown: string, env: ReadAlsoEnv) => string][] = [
  ["renderBody", (markdown, env) => renderBody(markdown, env)],
  ["a fresh markdown-it with the plugin", (markdown, env) => new MarkdownIt().use(readAlsoPlugin).render(markdown, { ...env })],
  ["a body template filled", (markdown, env) => fillBodyTemplate(renderBodyTemplate(markdown), env.findArticleUrl ?? (() => undefined))],
];

interface Fixture {
  behaviour: string;
  markdown: string;
  html: string;
  env?: ReadAlsoEnv;
}

const fixtures: Fixture[] = [
  {
    behaviour: "a 'Baca:' line with a known title becomes an aside linking to the article",
    markdown: "Baca: Pemerintah Akan Cabut Blokir Telegram, Ini Waktunya",
    html:
      '<aside class="baca-juga">\n' +
      '<p><span class="baca-juga__label">Baca:</span> <a href="/2017/08/01/pemerintah-akan-cabut-blokir-telegram/">Pemerintah Akan Cabut Blokir Telegram, Ini Waktunya</a></p>\n' +
      "</aside>\n",
  },
  {
    behaviour: "a 'Baca juga:' line becomes an aside with its own label",
    markdown: "Baca juga: Bos Telegram tetap ogah buka data pengguna",
    html:
      '<aside class="baca-juga">\n' +
      '<p><span class="baca-juga__label">Baca juga:</span> <a href="/arsip/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/">Bos Telegram tetap ogah buka data pengguna</a></p>\n' +
      "</aside>\n",
  },
  {
    behaviour: "a title is found whatever its case, spacing and closing punctuation",
    markdown: "Baca:   BOS TELEGRAM  tetap ogah buka   data pengguna?",
    html:
      '<aside class="baca-juga">\n' +
      '<p><span class="baca-juga__label">Baca:</span> <a href="/arsip/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/">BOS TELEGRAM  tetap ogah buka   data pengguna?</a></p>\n' +
      "</aside>\n",
  },
  {
    behaviour: "an unknown title stays plain text inside the aside",
    markdown: "Baca: Ramai Celoteh Netizen Soal Pencabutan Blokir Telegram",
    html:
      '<aside class="baca-juga">\n' +
      '<p><span class="baca-juga__label">Baca:</span> Ramai Celoteh Netizen Soal Pencabutan Blokir Telegram</p>\n' +
      "</aside>\n",
  },
  {
    behaviour: "without findArticleUrl every title stays plain text",
    markdown: "Baca: Bos Telegram tetap ogah buka data pengguna",
    env: {},
    html:
      '<aside class="baca-juga">\n' +
      '<p><span class="baca-juga__label">Baca:</span> Bos Telegram tetap ogah buka data pengguna</p>\n' +
      "</aside>\n",
  },
  {
    behaviour: "HTML characters in a title are escaped",
    markdown: 'Baca juga: Durov <script>alert("x")</script> & Telegram',
    html:
      '<aside class="baca-juga">\n' +
      '<p><span class="baca-juga__label">Baca juga:</span> Durov &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Telegram</p>\n' +
      "</aside>\n",
  },
  {
    behaviour: "HTML characters in a found URL are escaped in the href",
    markdown: "Baca: Durov",
    env: { findArticleUrl: () => '/a"b<c>&d/' },
    html:
      '<aside class="baca-juga">\n' +
      '<p><span class="baca-juga__label">Baca:</span> <a href="/a&quot;b&lt;c&gt;&amp;d/">Durov</a></p>\n' +
      "</aside>\n",
  },
  {
    behaviour: "the label keeps its case as written and loses the space before the colon",
    markdown: "BACA JUGA : Telegram diblokir",
    html:
      '<aside class="baca-juga">\n' +
      '<p><span class="baca-juga__label">BACA JUGA:</span> Telegram diblokir</p>\n' +
      "</aside>\n",
  },
  {
    behaviour: "a 'Baca juga:' label with the title on the next line is one read-also line",
    markdown: "Baca juga:\nBos Telegram tetap ogah buka data pengguna",
    html:
      '<aside class="baca-juga">\n' +
      '<p><span class="baca-juga__label">Baca juga:</span> <a href="/arsip/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/">Bos Telegram tetap ogah buka data pengguna</a></p>\n' +
      "</aside>\n",
  },
  {
    behaviour: "body paragraphs around a read-also line stay paragraphs",
    markdown: "Durov datang ke Jakarta.\n\nBaca: Telegram diblokir\n\nIa bertemu Rudiantara.",
    html:
      "<p>Durov datang ke Jakarta.</p>\n" +
      '<aside class="baca-juga">\n' +
      '<p><span class="baca-juga__label">Baca:</span> Telegram diblokir</p>\n' +
      "</aside>\n" +
      "<p>Ia bertemu Rudiantara.</p>\n",
  },
  {
    behaviour: "two read-also lines in a row become two asides",
    markdown: "Baca: Satu\n\nBaca juga: Dua",
    html:
      '<aside class="baca-juga">\n<p><span class="baca-juga__label">Baca:</span> Satu</p>\n</aside>\n' +
      '<aside class="baca-juga">\n<p><span class="baca-juga__label">Baca juga:</span> Dua</p>\n</aside>\n',
  },
  {
    behaviour: "a 'Baca:' inside a longer paragraph is left alone",
    markdown: "Kata Durov dalam pesannya. Baca: Telegram diblokir",
    html: "<p>Kata Durov dalam pesannya. Baca: Telegram diblokir</p>\n",
  },
  {
    behaviour: "a 'Baca:' line followed by more text on the next line is left alone",
    markdown: "Baca: Telegram diblokir\nkata Durov kemudian.",
    html: "<p>Baca: Telegram diblokir\nkata Durov kemudian.</p>\n",
  },
  {
    behaviour: "a 'Baca:' line with emphasis is left alone",
    markdown: "Baca: *Telegram* diblokir",
    html: "<p>Baca: <em>Telegram</em> diblokir</p>\n",
  },
  {
    behaviour: "a 'Baca:' line with a link is left alone",
    markdown: "Baca: [Telegram diblokir](https://www.tempo.co/)",
    html: '<p>Baca: <a href="https://www.tempo.co/">Telegram diblokir</a></p>\n',
  },
  {
    behaviour: "a 'Baca:' line with code is left alone",
    markdown: "Baca juga: perintah `blokir`",
    html: "<p>Baca juga: perintah <code>blokir</code></p>\n",
  },
  {
    behaviour: "a 'Baca:' line inside a blockquote is left alone",
    markdown: "> Baca: Telegram diblokir",
    html: "<blockquote>\n<p>Baca: Telegram diblokir</p>\n</blockquote>\n",
  },
  {
    behaviour: "a 'Baca:' line inside a list is left alone",
    markdown: "- Baca: Telegram diblokir",
    html: "<ul>\n<li>Baca: Telegram diblokir</li>\n</ul>\n",
  },
  {
    behaviour: "a 'Baca:' label without a title is left alone",
    markdown: "Baca:",
    html: "<p>Baca:</p>\n",
  },
  {
    behaviour: "words that only start like the label are left alone",
    markdown: "Bacaan: Telegram diblokir\n\nBaca selengkapnya: Telegram",
    html: "<p>Bacaan: Telegram diblokir</p>\n<p>Baca selengkapnya: Telegram</p>\n",
  },
  {
    behaviour: "a heading that reads like a read-also line is left alone",
    markdown: "## Baca: Telegram diblokir",
    html: "<h2>Baca: Telegram diblokir</h2>\n",
  },
];

describe("readAlsoPlugin", () => {
  for (const [via, render] of renderers) {
    describe(`through ${via}`, () => {
      test.each(fixtures)("$behaviour", ({ markdown, html, env: fixtureEnv }) => {
        expect(render(markdown, fixtureEnv ?? env)).toBe(html);
      });
    });
  }

  test("asks findArticleUrl with the title as written, once per read-also line", () => {
    const asked: string[] = [];
    renderBody("Baca: Satu.\n\nTeks.\n\nBaca juga: Dua", { findArticleUrl: (title) => void asked.push(title) });
    expect(asked).toEqual(["Satu.", "Dua"]);
  });

  test("leaves the env object the caller passed unchanged", () => {
    const callerEnv: ReadAlsoEnv = { findArticleUrl: () => "/x/" };
    const before = { ...callerEnv };
    renderBody("Baca: Satu", callerEnv);
    expect(callerEnv).toEqual(before);
    expect(Object.keys(callerEnv)).toEqual(["findArticleUrl"]);
  });
});

describe("renderBody", () => {
  test("shows raw HTML in a body as escaped text", () => {
    expect(renderBody('Teks <img src=x onerror="alert(1)"> lagi')).toBe(
      "<p>Teks &lt;img src=x onerror=&quot;alert(1)&quot;&gt; lagi</p>\n",
    );
  });

  test("keeps quotes as captured", () => {
    expect(renderBody('"Kami tegas," kata Durov -- lalu pergi.')).toBe('<p>&quot;Kami tegas,&quot; kata Durov -- lalu pergi.</p>\n');
  });

  test("does not turn bare addresses into links", () => {
    expect(renderBody("Lihat www.tempo.co untuk detail.")).toBe("<p>Lihat www.tempo.co untuk detail.</p>\n");
  });
});

describe("readAlsoPattern", () => {
  test("captures the label and the title", () => {
    expect(readAlsoPattern.exec("Baca juga: Judul berita")?.slice(1)).toEqual(["Baca juga", "Judul berita"]);
    expect(readAlsoPattern.exec("Baca: Judul")?.slice(1)).toEqual(["Baca", "Judul"]);
  });

  test("does not match text that merely contains the label", () => {
    expect(readAlsoPattern.test("Lalu Baca: Judul")).toBe(false);
    expect(readAlsoPattern.test("Baca Selengkapnya")).toBe(false);
  });
});

describe("normalizeTitle", () => {
  test("ignores case, repeated spaces and closing punctuation", () => {
    expect(normalizeTitle("  Bos TELEGRAM   tetap ogah buka data pengguna?! ")).toBe("bos telegram tetap ogah buka data pengguna");
  });

  test("keeps punctuation inside the title", () => {
    expect(normalizeTitle("Pemerintah Akan Cabut Blokir Telegram, Ini Waktunya.")).toBe(
      "pemerintah akan cabut blokir telegram, ini waktunya",
    );
  });

  test("treats composed and decomposed accents alike", () => {
    expect(normalizeTitle("Se\u0301muel")).toBe(normalizeTitle("S\u00e9muel"));
  });

  test("keeps different titles apart", () => {
    expect(normalizeTitle("Telegram diblokir")).not.toBe(normalizeTitle("Telegram dibuka"));
  });
});

describe("readAlsoPlugin with escaped characters", () => {
  test("a read-also title with a backslash-escaped character is still a read-also box", () => {
    expect(renderBody("Baca: A \\* B\n")).toBe('<aside class="baca-juga">\n<p><span class="baca-juga__label">Baca:</span> A * B</p>\n</aside>\n');
  });
});

describe("renderBodyTemplate and fillBodyTemplate", () => {
  type Resolve = (title: string) => string | undefined;
  /** Archives, each made afresh for each rendering: the last one's answer depends on how often it was asked. */
  const archives: [string, () => Resolve][] = [
    ["no archive", () => () => undefined],
    ["an archive that knows two titles", () => env.findArticleUrl!],
    ["an archive that knows every title", () => () => "/lain/"],
    ["URLs that need escaping", () => (title) => `/cari/?q=${title}&x="<y>"`],
    ["every other title known", () => {
      let asked = 0;
      return () => (asked++ % 2 === 0 ? "/genap/" : undefined);
    }],
  ];
  /** The template filled as `renderBody` renders, asking the same titles in the same order. */
  const same = (markdown: string, archive: () => Resolve) => {
    const template = renderBodyTemplate(markdown);
    const asked: string[] = [];
    const forRender = archive();
    const expected = renderBody(markdown, { findArticleUrl: (title) => (asked.push(title), forRender(title)) });
    const filled: string[] = [];
    const forFill = archive();
    expect(fillBodyTemplate(template, (title) => (filled.push(title), forFill(title)))).toBe(expected);
    expect(filled).toEqual(asked);
    expect(template.titles).toEqual(asked);
  };

  test.each([
    ["paragraphs", "Paragraf satu.\n\nParagraf dua dengan *tekanan*.\n"],
    ["a read-also line inside a list, which is not a read-also box", "- Baca: Bos Telegram tetap ogah buka data pengguna\n"],
    ["a read-also line inside a quote", "> Baca: Bos Telegram tetap ogah buka data pengguna\n"],
    ["a read-also label inside a longer paragraph", "Teks dulu. Baca: Bos Telegram tetap ogah buka data pengguna\n"],
  ])("a body without read-also lines has no titles and renders as every archive would: %s", (_, markdown) => {
    const template = renderBodyTemplate(markdown);
    expect(template.titles).toEqual([]);
    expect(template.html).toBe(renderBody(markdown));
    for (const [, archive] of archives) expect(fillBodyTemplate(template, archive())).toBe(renderBody(markdown, { findArticleUrl: archive() }));
  });

  test.each([
    ["Baca:", "Teks.\n\nBaca: Bos Telegram tetap ogah buka data pengguna\n"],
    ["Baca juga:, in capitals", "Teks.\n\nBACA JUGA: Judul yang tidak ada di arsip\n"],
    ["three lines, one title twice", "Baca: Satu\n\nTeks.\n\nBaca juga: Dua\n\nBaca: Satu\n"],
    ["a label written with a character reference", "Teks.\n\n&#66;aca: Bos Telegram tetap ogah buka data pengguna\n"],
    ["a line starting with a non-breaking space reference", "&nbsp;Baca juga: Bos Telegram tetap ogah buka data pengguna\n"],
    ["a title with quotes, ampersands and angle brackets", 'Baca: "Kami" & <mereka> </a> juga\n'],
    ["NUL characters and text that looks like a marker", 'Teks \u0000 lagi.\n\nBaca: A\u00000\u0000 <a href="\u00000\u0000">x</a>\n\n`<a href="\u00001\u0000">kode</a>`\n'],
  ])("a body with read-also lines fills in as renderBody renders it, in every archive: %s", (_, markdown) => {
    for (const [name, archive] of archives) {
      try {
        same(markdown, archive);
      } catch (error) {
        throw new Error(`${name}: ${String(error)}`, { cause: error });
      }
    }
  });

  test("fills in as renderBody renders, for bodies made of paragraphs, read-also lines and tricky text", () => {
    const piece = fc.oneof(
      fc.constantFrom("Teks biasa.", "> kutipan", "- butir", "`kode <a>`", "**tebal**", "&amp; &#66;", "\u0000", '<a href="x">', "</a>"),
      fc.string({ unit: fc.constantFrom("a", " ", "<", ">", "&", '"', "\u0000", "\\", "*", "0", "é"), maxLength: 12 }),
      fc.string({ unit: fc.constantFrom("a", " ", "<", "&", '"', "\u0000", "0", "*"), minLength: 1, maxLength: 12 }).map((title) => `Baca: ${title}`),
      fc.string({ unit: fc.constantFrom("a", "b", " "), minLength: 1, maxLength: 6 }).map((title) => `Baca juga: ${title}`),
    );
    const resolver = fc.func(fc.option(fc.constantFrom("/a/", '/b?c=1&d="2"', "/é/<x>"), { nil: undefined }));
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), resolver, (pieces, resolve) => same(pieces.join("\n\n"), () => resolve)));
  });
});
