/**
 * Internal link check over the whole built fixture site, at the root and under a path prefix:
 * every href and src that points into the site resolves to a file that was written (and, with a
 * fragment, to an element with that id), and every page is linked from at least one other page.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { extractLinks, readSiteLinks, resolveLink, type Resolved, type SiteLinks } from "./helpers/links.ts";
import { parseRedirects } from "../src/hosting.ts";
import { outputPathOf } from "../src/routes.ts";
import { buildFixtureSite, draftTitle, fixtureAlias, syntheticCount, type FixtureSite, removeFixtureSite } from "./helpers/site-fixture.ts";

describe.each([
  { label: "at the site root", pathPrefix: "/", siteUrl: "https://example.org/" },
  { label: "under the path prefix /arsip/", pathPrefix: "/arsip/", siteUrl: "https://example.org/arsip/" },
])("internal links $label", ({ pathPrefix, siteUrl }) => {
  let site: FixtureSite;
  let links: SiteLinks;
  let resolved: Resolved[];

  beforeAll(async () => {
    site = await buildFixtureSite({ pathPrefix, siteUrl });
    links = await readSiteLinks(site.outputDir);
    resolved = links.links.map((link) => resolveLink(link, site.siteUrl, links.files));
  });

  afterAll(async () => {
    await removeFixtureSite(site);
  });

  test("the fixture site has every page type, with a numbered page of the home list", () => {
    expect(links.htmlFiles).toEqual(
      expect.arrayContaining(["index.html", "halaman/1/index.html", "404.html", "cari/index.html", "topik/index.html", "sumber/index.html", "indeks/index.html"]),
    );
    expect(links.htmlFiles.filter((file) => /^\d{4}\/\d\d\/\d\d\/[^/]+\/index\.html$/.test(file))).toHaveLength(syntheticCount + 2);
  });

  test("every internal link points to a file that was built", () => {
    const internal = resolved.filter((entry) => entry.target !== undefined || entry.problem !== undefined);
    expect(internal.length).toBeGreaterThan(links.htmlFiles.length * 5);
    const broken = internal
      .filter((entry) => entry.problem !== undefined)
      .map((entry) => `${entry.link.from}: <${entry.link.tag} ${entry.link.attribute}="${entry.link.value}"> ${entry.problem}`);
    expect(broken).toEqual([]);
  });

  test("every fragment link points to an element with that id", () => {
    const missing = resolved
      .filter((entry) => entry.fragment !== undefined && entry.target?.endsWith(".html"))
      .filter((entry) => !links.ids.get(entry.target!)?.has(entry.fragment!))
      .map((entry) => `${entry.link.from}: ${entry.link.value} (no id "${entry.fragment}" in ${entry.target})`);
    expect(missing).toEqual([]);
  });

  test("every page is linked from another page, except the home page, 404.html and redirect pages", async () => {
    // A redirect page stands at an old URL (front matter `aliases`) that nothing links to any more.
    const redirected = new Set(parseRedirects(await fs.readFile(path.join(site.outputDir, "_redirects"), "utf8")).map((rule) => outputPathOf(rule.from.slice(pathPrefix.length - 1))));
    expect(redirected).toEqual(new Set([outputPathOf(fixtureAlias)]));
    const linkedFrom = new Map<string, Set<string>>();
    for (const entry of resolved) {
      if (entry.link.tag !== "a" || entry.target === undefined || entry.target === entry.link.from) continue;
      const sources = linkedFrom.get(entry.target) ?? new Set<string>();
      sources.add(entry.link.from);
      linkedFrom.set(entry.target, sources);
    }
    const orphans = links.htmlFiles.filter((file) => file !== "index.html" && file !== "404.html" && !redirected.has(file) && !linkedFrom.has(file));
    expect(orphans).toEqual([]);
  });

  test("the draft is neither built nor linked", async () => {
    const pages = await Promise.all(links.htmlFiles.map((file) => fs.readFile(path.join(site.outputDir, file), "utf8")));
    expect(pages.filter((html) => html.includes(draftTitle))).toEqual([]);
    expect(links.htmlFiles.filter((file) => file.includes("draf"))).toEqual([]);
  });
});

describe("extractLinks", () => {
  test("finds href and src attributes in any quoting and decodes entities", () => {
    const html = `<a href="/a/?x=1&amp;y=2">a</a><img src='/b.png' alt=""><link rel=icon href=/c.svg><script src="/d.js"></script>`;
    expect(extractLinks(html, "index.html").map((link) => `${link.tag} ${link.attribute} ${link.value}`)).toEqual([
      "a href /a/?x=1&y=2",
      "img src /b.png",
      "link href /c.svg",
      "script src /d.js",
    ]);
  });

  test("ignores attributes inside comments and script bodies", () => {
    const html = `<!-- <a href="/old/">x</a> --><script type="application/ld+json">{"a":"<a href='/no/'>"}</script>`;
    expect(extractLinks(html, "index.html")).toEqual([]);
  });
});
