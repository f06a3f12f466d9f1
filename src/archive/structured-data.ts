/**
 * schema.org JSON-LD for article pages: a NewsArticle with the fields Google lists as recommended
 * (https://developers.google.com/search/docs/appearance/structured-data/article) and a
 * BreadcrumbList. Every article here is another outlet's reporting: the outlet is author (when no
 * reporter is named) and publisher, and `isBasedOn` points to the original when it is known.
 */
import type { ArticleView } from "./archive.ts";
import { toJakartaIso } from "../content/dates.ts";
import { absoluteUrl, homeUrl } from "../routes.ts";

export interface StructuredDataTexts {
  siteName: string;
  home: string;
}

export function newsArticle(article: ArticleView, siteUrl: string, texts: StructuredDataTexts): Record<string, unknown> {
  const pageUrl = absoluteUrl(article.url, siteUrl);
  const outlet = { "@type": "NewsMediaOrganization", name: article.outlet.name, url: article.outlet.url };
  const published = toJakartaIso(article.date);
  return {
    "@type": "NewsArticle",
    "@id": `${pageUrl}#artikel`,
    mainEntityOfPage: pageUrl,
    url: pageUrl,
    headline: article.title,
    description: article.summary,
    datePublished: published,
    // The archive keeps articles as published; the original date is the last modification known.
    dateModified: published,
    author: article.reporter ? [{ "@type": "Person", name: article.reporter }] : [outlet],
    ...(article.editor ? { editor: { "@type": "Person", name: article.editor } } : {}),
    publisher: outlet,
    sourceOrganization: outlet,
    copyrightHolder: outlet,
    ...(article.section ? { articleSection: article.section } : {}),
    keywords: article.topics.map((topic) => topic.name),
    inLanguage: "id",
    isAccessibleForFree: true,
    ...(article.originalUrl ? { isBasedOn: article.originalUrl } : {}),
    // The share JPEG (src/build/photos.ts): Google asks for a crawlable image of at least 1200 px where the photo has them.
    ...(article.photo ? { image: { "@type": "ImageObject", url: absoluteUrl(article.photo.share.url, siteUrl), width: article.photo.share.width, height: article.photo.share.height, caption: article.image?.caption } } : {}),
    ...(article.dateline ? { locationCreated: { "@type": "Place", name: article.dateline } } : {}),
    isPartOf: { "@type": "WebSite", name: texts.siteName, url: absoluteUrl(homeUrl, siteUrl) },
  };
}

export function breadcrumbList(article: ArticleView, siteUrl: string, texts: StructuredDataTexts): Record<string, unknown> {
  const trail = [
    { name: texts.home, path: "/" },
    { name: article.outlet.name, path: article.outletUrl },
    ...(article.section && article.sectionUrl ? [{ name: article.section, path: article.sectionUrl }] : []),
    { name: article.title, path: article.url },
  ];
  return {
    "@type": "BreadcrumbList",
    itemListElement: trail.map((crumb, index) => ({
      "@type": "ListItem",
      position: index + 1,
      name: crumb.name,
      item: absoluteUrl(crumb.path, siteUrl),
    })),
  };
}

/** Both, as one JSON-LD document. */
export function articleJsonLd(article: ArticleView, siteUrl: string, texts: StructuredDataTexts): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@graph": [newsArticle(article, siteUrl, texts), breadcrumbList(article, siteUrl, texts)],
  };
}
