import { beforeEach, describe, expect, test, vi } from "vitest";
import { LinkedBodies } from "../../src/archive/linked-bodies.ts";
import * as markdown from "../../src/content/markdown/index.ts";
import { archiveOf, syntheticArticle } from "../helpers/articles.ts";

vi.mock("../../src/content/markdown/index.ts", async (importOriginal) => {
  const original = await importOriginal<typeof markdown>();
  return { ...original, renderBody: vi.fn(original.renderBody) };
});

const renderBody = vi.mocked(markdown.renderBody);

const linking = syntheticArticle({
  title: "Berita yang menautkan berita lain",
  date: "2017-08-05T09:00:00+07:00",
  source: "tempo",
  tags: ["Telegram"],
  body: "Paragraf uji.\n\nBaca: Bos Telegram tetap ogah buka data pengguna\n\nBaca: Judul yang tidak ada di arsip\n",
});
const linked = syntheticArticle({ title: "Bos Telegram tetap ogah buka data pengguna", date: "2017-08-02T09:00:00+07:00", source: "merdeka", tags: ["Telegram"] });
const find = (urls: Record<string, string>) => (title: string): string | undefined => urls[title];

beforeEach(() => {
  renderBody.mockClear();
});

describe("LinkedBodies", () => {
  test("renders a body as renderBody does, and takes it again while its titles resolve alike", () => {
    const bodies = new LinkedBodies();
    const urls = find({ "Bos Telegram tetap ogah buka data pengguna": "/2017/08/02/bos/" });
    const html = bodies.render(linking, urls);
    expect(html).toBe(markdown.renderBody(linking.body, { findArticleUrl: urls }));
    expect(html).toContain('href="/2017/08/02/bos/"');
    renderBody.mockClear();
    expect(bodies.render(linking, find({ "Bos Telegram tetap ogah buka data pengguna": "/2017/08/02/bos/" }))).toBe(html);
    expect(renderBody).not.toHaveBeenCalled();
  });

  test("renders again when a title resolves to another URL, or to none, or one that did not resolve now does", () => {
    const bodies = new LinkedBodies();
    bodies.render(linking, find({ "Bos Telegram tetap ogah buka data pengguna": "/2017/08/02/bos/" }));
    const cases: Record<string, string>[] = [{ "Bos Telegram tetap ogah buka data pengguna": "/arsip/2017/08/02/bos/" }, {}, { "Bos Telegram tetap ogah buka data pengguna": "/arsip/2017/08/02/bos/", "Judul yang tidak ada di arsip": "/2017/01/01/ada/" }];
    for (const urls of cases) {
      renderBody.mockClear();
      const html = bodies.render(linking, find(urls));
      expect(renderBody).toHaveBeenCalledTimes(1);
      expect(html, JSON.stringify(urls)).toBe(markdown.renderBody(linking.body, { findArticleUrl: find(urls) }));
    }
  });

  test("keeps a rendering per article object: an edited article (a new object) is rendered", () => {
    const bodies = new LinkedBodies();
    const urls = find({});
    bodies.render(linking, urls);
    renderBody.mockClear();
    const edited = { ...linking, body: `${linking.body}\nParagraf tambahan.\n` };
    expect(bodies.render(edited, urls)).toContain("Paragraf tambahan.");
    expect(renderBody).toHaveBeenCalledTimes(1);
  });

  test("buildArchive with it gives the archive it gives without, as linked titles come and go", () => {
    const bodies = new LinkedBodies();
    const states = [[linking], [linking, linked], [linking, { ...linked, title: "Judul baru berita Telegram" }], [linking, linked]];
    for (const articles of states) {
      expect(archiveOf(articles, { linkedBodies: bodies })).toEqual(archiveOf(articles));
    }
  });
});
