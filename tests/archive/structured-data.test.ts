import { describe, expect, test } from "vitest";
import type { ArticleView } from "../../src/archive/archive.ts";
import { articleJsonLdScript } from "../../src/render/filters.ts";
import type { Article } from "../../src/content/schema.ts";
import { articleJsonLd, breadcrumbList, newsArticle, type StructuredDataTexts } from "../../src/archive/structured-data.ts";
import { archiveOf, syntheticArticle } from "../helpers/articles.ts";

const texts: StructuredDataTexts = { siteName: "Arsip Uji", home: "Beranda" };
const siteUrl = "https://arsip.example/arsip/";

/** Every optional field given; dated in UTC (07:54Z is 14:54 in Jakarta). */
const full = syntheticArticle({
  title: "Panen raya di Sukamaju dimulai pekan ini",
  date: "2017-08-04T07:54:00Z",
  source: "tempo",
  section: "Tekno",
  reporter: "Siti Contoh",
  editor: "Budi Penyunting",
  dateline: "Sukamaju",
  tags: ["Pertanian", "Desa Sukamaju"],
  summary: "Petani Sukamaju mulai memanen padi.",
  originalUrl: "https://www.tempo.co/contoh/panen-raya-sukamaju",
});
/** No optional field. */
const bare = syntheticArticle({
  title: "Warga Desa Sukamaju menanam padi serentak",
  date: "2017-08-02T10:47:00+07:00",
  source: "merdeka",
  tags: ["Pertanian"],
  summary: "Warga menanam padi bersama di sawah desa.",
});

/** The article as the site shows it, built under the path prefix of `siteUrl`. */
function view(article: Article, others: Article[] = []): ArticleView {
  const found = archiveOf([article, ...others], { pathPrefix: "/arsip/" }).articles.find((candidate) => candidate.url === article.url);
  if (!found) throw new Error(`${article.url} is not in the archive`);
  return found;
}

const tempo = { "@type": "NewsMediaOrganization", name: "Tempo.co", url: "https://www.tempo.co/" };
const merdeka = { "@type": "NewsMediaOrganization", name: "Merdeka.com", url: "https://www.merdeka.com/" };

describe("newsArticle", () => {
  test("describes the archived page as a NewsArticle with every field the article has", () => {
    const pageUrl = "https://arsip.example/arsip/2017/08/04/panen-raya-di-sukamaju-dimulai-pekan-ini/";
    expect(newsArticle(view(full), siteUrl, texts)).toEqual({
      "@type": "NewsArticle",
      "@id": `${pageUrl}#artikel`,
      mainEntityOfPage: pageUrl,
      url: pageUrl,
      headline: "Panen raya di Sukamaju dimulai pekan ini",
      description: "Petani Sukamaju mulai memanen padi.",
      datePublished: "2017-08-04T14:54:00+07:00",
      dateModified: "2017-08-04T14:54:00+07:00",
      author: [{ "@type": "Person", name: "Siti Contoh" }],
      editor: { "@type": "Person", name: "Budi Penyunting" },
      publisher: tempo,
      sourceOrganization: tempo,
      copyrightHolder: tempo,
      articleSection: "Tekno",
      keywords: ["Pertanian", "Desa Sukamaju"],
      inLanguage: "id",
      isAccessibleForFree: true,
      isBasedOn: "https://www.tempo.co/contoh/panen-raya-sukamaju",
      locationCreated: { "@type": "Place", name: "Sukamaju" },
      isPartOf: { "@type": "WebSite", name: "Arsip Uji", url: "https://arsip.example/arsip/" },
    });
  });

  test("names the outlet as author and leaves out editor, section, original and place when the article has none", () => {
    const data = newsArticle(view(bare), siteUrl, texts);
    expect(data.author).toEqual([merdeka]);
    expect(data.publisher).toEqual(merdeka);
    for (const key of ["editor", "articleSection", "isBasedOn", "locationCreated"]) expect(data, key).not.toHaveProperty(key);
  });

  test("points isBasedOn to the original while url, @id and mainEntityOfPage stay the archive page", () => {
    const data = newsArticle(view(full), siteUrl, texts);
    expect(data.isBasedOn).toBe(full.originalUrl);
    for (const key of ["url", "mainEntityOfPage", "@id"] as const) {
      expect(data[key]).toMatch(/^https:\/\/arsip\.example\/arsip\/2017\/08\/04\/panen-raya-di-sukamaju-dimulai-pekan-ini\//);
    }
  });

  test("gives dates in Jakarta time with the +07:00 offset, also across midnight from UTC", () => {
    const lateUtc = syntheticArticle({ title: "Jembatan desa selesai diperbaiki", date: "2017-07-31T18:30:00Z", source: "tempo", tags: ["Desa Sukamaju"] });
    const data = newsArticle(view(lateUtc), siteUrl, texts);
    expect([data.datePublished, data.dateModified]).toEqual(["2017-08-01T01:30:00+07:00", "2017-08-01T01:30:00+07:00"]);
    expect(data.url).toBe("https://arsip.example/arsip/2017/08/01/jembatan-desa-selesai-diperbaiki/");
  });

  test("keeps the headline as plain text, not HTML-escaped", () => {
    const quoted = syntheticArticle({ title: `Kades: "Panen <padi> & jagung" naik`, date: "2017-08-03T09:00:00+07:00", source: "tempo", tags: ["Pertanian"] });
    expect(newsArticle(view(quoted), siteUrl, texts).headline).toBe(`Kades: "Panen <padi> & jagung" naik`);
  });
});

describe("breadcrumbList", () => {
  test("lists home, outlet, rubric and the article at positions from 1 with absolute URLs under the prefix", () => {
    expect(breadcrumbList(view(full), siteUrl, texts)).toEqual({
      "@type": "BreadcrumbList",
      itemListElement: [
        { "@type": "ListItem", position: 1, name: "Beranda", item: "https://arsip.example/arsip/" },
        { "@type": "ListItem", position: 2, name: "Tempo.co", item: "https://arsip.example/arsip/sumber/tempo/" },
        { "@type": "ListItem", position: 3, name: "Tekno", item: "https://arsip.example/arsip/sumber/tempo/rubrik/tekno/" },
        {
          "@type": "ListItem",
          position: 4,
          name: "Panen raya di Sukamaju dimulai pekan ini",
          item: "https://arsip.example/arsip/2017/08/04/panen-raya-di-sukamaju-dimulai-pekan-ini/",
        },
      ],
    });
  });

  test("goes from the outlet straight to the article when there is no rubric", () => {
    const crumbs = breadcrumbList(view(bare), siteUrl, texts).itemListElement as { position: number; name: string }[];
    expect(crumbs.map((crumb) => [crumb.position, crumb.name])).toEqual([
      [1, "Beranda"],
      [2, "Merdeka.com"],
      [3, "Warga Desa Sukamaju menanam padi serentak"],
    ]);
  });

  test("leaves out a rubric whose name has nothing to make a page URL from", () => {
    const noSlug = syntheticArticle({ title: "Sawah baru dibuka", date: "2017-08-03T09:00:00+07:00", source: "tempo", section: "—", tags: ["Pertanian"] });
    const crumbs = breadcrumbList(view(noSlug), siteUrl, texts).itemListElement as { name: string; item: string }[];
    expect(crumbs.map((crumb) => crumb.name)).toEqual(["Beranda", "Tempo.co", "Sawah baru dibuka"]);
    expect(crumbs.every((crumb) => crumb.item.startsWith(siteUrl))).toBe(true);
  });
});

describe("articleJsonLd", () => {
  test("puts the NewsArticle and the BreadcrumbList in one schema.org graph", () => {
    const article = view(full);
    expect(articleJsonLd(article, siteUrl, texts)).toEqual({
      "@context": "https://schema.org",
      "@graph": [newsArticle(article, siteUrl, texts), breadcrumbList(article, siteUrl, texts)],
    });
  });

  test("cannot end its script element early: </script>, <!-- and line separators in a title stay data", () => {
    const title = "Kades </script><script>alert(1)</script> <!-- uji --> baris\u2028baru\u2029paragraf";
    const hostile = syntheticArticle({ title, slug: "judul-berbahaya", date: "2017-08-03T09:00:00+07:00", source: "tempo", tags: ["Pertanian"] });
    const article = view(hostile);
    const script = articleJsonLdScript(article, siteUrl, texts);
    const html = `<script type="application/ld+json">${script}</script>`;
    // The only way out of the element is its own end tag, and no comment opens inside it.
    expect(html.toLowerCase().indexOf("</script")).toBe(html.length - "</script>".length);
    expect(script).not.toContain("<!--");
    expect(script).not.toMatch(/[\u2028\u2029]/);
    const parsed = JSON.parse(script) as { "@graph": [{ headline: string }, { itemListElement: { name: string }[] }] };
    expect(parsed["@graph"][0].headline).toBe(title);
    expect(parsed["@graph"][1].itemListElement.at(-1)!.name).toBe(title);
    expect(parsed).toEqual(articleJsonLd(article, siteUrl, texts));
  });
});

describe("newsArticle with a photo", () => {
  test("names the share JPEG as its image, at an absolute URL with its size and the caption", () => {
    const variant = (width: number, height: number) => ({ url: `/foto/abc-${width}.jpg`, width, height });
    const photo = { alt: "Sawah", sizes: "100vw", sources: [], fallback: [variant(400, 300), variant(1200, 900)], share: variant(1200, 900) };
    const withPhoto = { ...view(full), image: { caption: "Petani memanen padi." }, photo };
    expect(newsArticle(withPhoto, siteUrl, texts).image).toEqual({ "@type": "ImageObject", url: "https://arsip.example/arsip/foto/abc-1200.jpg", width: 1200, height: 900, caption: "Petani memanen padi." });
    expect(newsArticle(view(full), siteUrl, texts)).not.toHaveProperty("image");
  });
});
