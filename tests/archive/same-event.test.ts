import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parseArticle } from "../../src/content/schema.ts";
import { archiveOf, syntheticArticle, testOutlets } from "../helpers/articles.ts";

const root = path.resolve(import.meta.dirname, "../..");
const seedFiles = ["articles/2017/merdeka-2017-08-02-bos-telegram-ogah-buka-data.md", "articles/2017/tempo-2017-08-04-bos-telegram-pavel-durov.md"];

async function seeds() {
  return Promise.all(seedFiles.map(async (file) => parseArticle(await fs.readFile(path.join(root, file), "utf8"), file, [...testOutlets.keys()])));
}

describe("buildArchive: the same event in other outlets", () => {
  test("the two real seed articles are one event, with the topics and key terms they share", async () => {
    const archive = archiveOf(await seeds());
    const [tempo, merdeka] = archive.articles;
    expect(tempo!.sameEvent.map((link) => link.url)).toEqual([merdeka!.url]);
    expect(merdeka!.sameEvent.map((link) => link.url)).toEqual([tempo!.url]);
    expect(tempo!.sameEvent[0]).toMatchObject({ title: merdeka!.title, outletName: "Merdeka.com", date: merdeka!.date });
    expect(tempo!.sameEvent[0]!.sharedTopics).toEqual(["Telegram", "Pavel Durov", "Kemenkominfo"]);
    expect(tempo!.sameEvent[0]!.sharedTerms).toEqual(expect.arrayContaining(["telegram", "durov", "pengguna"]));
  });

  test("a story on the same topics a week later is related news but not the same event", async () => {
    const later = syntheticArticle({
      title: "Telegram kembali bisa diakses, Durov berterima kasih kepada Kemenkominfo",
      date: "2017-08-11T09:00:00+07:00",
      source: "merdeka",
      section: "Teknologi",
      tags: ["Telegram", "Pavel Durov", "Kemenkominfo"],
      body: "Paragraf uji tentang Telegram, Durov, pemerintah Indonesia dan pengguna.\n",
    });
    const archive = archiveOf([...(await seeds()), later]);
    const view = archive.articles.find((article) => article.url === later.url)!;
    expect(view.sameEvent).toEqual([]);
    expect(view.related.length).toBeGreaterThan(0);
  });
});
