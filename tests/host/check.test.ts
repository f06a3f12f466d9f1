/**
 * `npm run check` (src/host/check.ts, src/cli/check.ts) over the fixture site, at the root and
 * under /arsip/: a clean build passes, and each planted fault (a broken link, a redirect to a page
 * that is not there, a sitemap entry without its file, a broken child sitemap, a broken feed) is
 * named with its file.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkOutput } from "../../src/host/check.ts";
import { makeTempDir, runScript } from "../helpers/build.ts";
import { buildFixtureSite, removeFixtureSite, type FixtureSite } from "../helpers/site-fixture.ts";

const made: string[] = [];
afterAll(async () => Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

describe.each([
  { label: "at the site root", pathPrefix: "/", siteUrl: "https://example.org/" },
  { label: "under /arsip/", pathPrefix: "/arsip/", siteUrl: "https://example.org/arsip/" },
])("checkOutput $label", ({ pathPrefix, siteUrl }) => {
  let site: FixtureSite;

  beforeAll(async () => {
    site = await buildFixtureSite({ pathPrefix, siteUrl });
  });
  afterAll(async () => removeFixtureSite(site));

  /** A copy of the built site with `plant` applied. */
  async function planted(plant: (dir: string) => Promise<void>): Promise<string> {
    const dir = path.join(await makeTempDir("arsip-check-"), "site");
    made.push(path.dirname(dir));
    await fs.cp(site.outputDir, dir, { recursive: true });
    await plant(dir);
    return dir;
  }

  const edit = async (file: string, change: (text: string) => string) => {
    const before = await fs.readFile(file, "utf8");
    const after = change(before);
    expect(after).not.toBe(before);
    await fs.writeFile(file, after);
  };

  test("the built site passes, and every kind of thing was looked at", async () => {
    const report = await checkOutput(site.outputDir, siteUrl);
    expect(report.problems).toEqual([]);
    expect(report.counted.pages).toBeGreaterThan(50);
    expect(report.counted.links).toBeGreaterThan(report.counted.pages * 5);
    expect(report.counted.fragments).toBeGreaterThan(0);
    expect(report.counted.redirects).toBe(1);
    expect(report.counted.sitemap).toBeGreaterThan(40);
    expect(report.counted.feeds).toBeGreaterThan(2);
  });

  test("a broken link and a broken fragment are named with the page they are in", async () => {
    const dir = await planted(async (dir) => {
      await edit(path.join(dir, "topik", "index.html"), (html) => html.replace("</main>", `<a href="${pathPrefix}tidak-ada/">x</a><a href="${pathPrefix}#tidak-ada">y</a></main>`));
    });
    expect((await checkOutput(dir, siteUrl)).problems).toEqual([
      `topik/index.html: <a href="${pathPrefix}tidak-ada/"> points to tidak-ada/index.html, which was not built`,
      `topik/index.html: <a href="${pathPrefix}#tidak-ada"> names the fragment #tidak-ada, but index.html has no element with that id`,
    ]);
  });

  test("a redirect to a page that is not there is named with both URLs", async () => {
    const dir = await planted(async (dir) => {
      await fs.appendFile(path.join(dir, "_redirects"), `${pathPrefix}lama/ ${pathPrefix}2016/01/01/hilang/ 301\n`);
    });
    expect((await checkOutput(dir, siteUrl)).problems).toEqual([
      `_redirects: ${pathPrefix}lama/ → ${pathPrefix}2016/01/01/hilang/: the target has no file (expected 2016/01/01/hilang/index.html); the page it names was not built`,
    ]);
  });

  test("a redirect chain is refused", async () => {
    const dir = await planted(async (dir) => {
      const [first] = (await fs.readFile(path.join(dir, "_redirects"), "utf8")).split("\n").filter((line) => line.startsWith("/"));
      await fs.appendFile(path.join(dir, "_redirects"), `${pathPrefix}lebih-lama/ ${first!.split(" ")[0]} 301\n`);
    });
    expect((await checkOutput(dir, siteUrl)).problems).toEqual([expect.stringMatching(/the target is itself redirected \(a chain\)/)]);
  });

  test("a sitemap entry without its file, and a page missing from every sitemap, are named with the child file", async () => {
    const dir = await planted(async (dir) => {
      await edit(path.join(dir, "sitemap-2016.xml"), (xml) => xml.replace("</urlset>", `  <url><loc>${siteUrl}2016/01/01/hilang/</loc></url>\n</urlset>`));
      await fs.mkdir(path.join(dir, "tambahan"));
      await fs.copyFile(path.join(dir, "topik", "index.html"), path.join(dir, "tambahan", "index.html"));
    });
    expect((await checkOutput(dir, siteUrl)).problems).toEqual([
      `sitemap-2016.xml: <loc>${siteUrl}2016/01/01/hilang/</loc> has no file (expected 2016/01/01/hilang/index.html)`,
      "sitemap.xml: none of its sitemaps lists tambahan/index.html, a page search engines may index",
    ]);
  });

  test("the index must be a well-formed sitemap index", async () => {
    const broken = await planted(async (dir) => {
      await edit(path.join(dir, "sitemap.xml"), (xml) => xml.replace("</sitemapindex>", ""));
    });
    expect((await checkOutput(broken, siteUrl)).problems).toEqual([expect.stringMatching(/^sitemap\.xml: not well-formed XML \(line \d+: /)]);
    const urlset = await planted(async (dir) => {
      await fs.copyFile(path.join(dir, "sitemap-2017.xml"), path.join(dir, "sitemap.xml"));
    });
    expect((await checkOutput(urlset, siteUrl)).problems).toEqual(["sitemap.xml: not a sitemap index (no <sitemapindex> element)"]);
  });

  test("a child sitemap that is missing, broken, too long or outside the root is named, and its pages are missed", async () => {
    const dir = await planted(async (dir) => {
      await fs.rm(path.join(dir, "sitemap-2016.xml"));
      await edit(path.join(dir, "sitemap-2017.xml"), (xml) => xml.replace("</urlset>", ""));
      const page = `  <url><loc>${siteUrl}</loc></url>\n`;
      await fs.writeFile(path.join(dir, "sitemap-besar.xml"), `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${page.repeat(50_001)}</urlset>\n`);
      await fs.mkdir(path.join(dir, "topik", "peta"));
      await fs.copyFile(path.join(dir, "sitemap-halaman.xml"), path.join(dir, "topik", "peta", "sitemap.xml"));
      await edit(path.join(dir, "sitemap.xml"), (xml) =>
        xml.replace("</sitemapindex>", `  <sitemap><loc>${siteUrl}sitemap-besar.xml</loc></sitemap>\n  <sitemap><loc>${siteUrl}topik/peta/sitemap.xml</loc></sitemap>\n</sitemapindex>`),
      );
    });
    const problems = (await checkOutput(dir, siteUrl)).problems;
    expect(problems.slice(0, 4)).toEqual([
      expect.stringMatching(/^sitemap-2017\.xml: not well-formed XML \(line \d+: /),
      `sitemap.xml: <loc>${siteUrl}sitemap-2016.xml</loc> has no file (expected sitemap-2016.xml)`,
      "sitemap-besar.xml: 50001 URLs, more than the 50000 a sitemap may hold",
      `sitemap.xml: <loc>${siteUrl}topik/peta/sitemap.xml</loc> is not at the site root ${siteUrl}, where a sitemap of the whole site must be`,
    ]);
    // The articles of both years are then in no sitemap the check could read.
    const articles: string[] = [];
    for (const year of ["2016", "2017"]) {
      const xml = await fs.readFile(path.join(site.outputDir, `sitemap-${year}.xml`), "utf8");
      for (const [, loc] of xml.matchAll(/<loc>([^<]+)<\/loc>/g)) articles.push(`${loc!.slice(siteUrl.length)}index.html`);
    }
    expect(articles.length).toBeGreaterThan(40);
    expect(problems.slice(4).sort()).toEqual(articles.map((file) => `sitemap.xml: none of its sitemaps lists ${file}, a page search engines may index`).sort());
  });

  test("a feed that does not parse is named", async () => {
    const dir = await planted(async (dir) => {
      await edit(path.join(dir, "feed.xml"), (xml) => xml.replace("</feed>", ""));
      await edit(path.join(dir, "feed.json"), (json) => json.slice(0, -2));
    });
    const problems = (await checkOutput(dir, siteUrl)).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^feed\.json: not valid JSON/);
    expect(problems[1]).toMatch(/^feed\.xml: not well-formed XML/);
  });

  test("npm run check prints each problem and a summary, and exits 1; a clean site exits 0", async () => {
    const env = { OUTPUT_DIR: site.outputDir, SITE_URL: siteUrl, PATH_PREFIX: pathPrefix };
    const clean = await runScript("src/cli/check.ts", env);
    expect(clean.stderr).toBe("");
    expect(clean.stdout).toMatch(/^Check passed: .* \(\d+ HTML files, \d+ internal links \(\d+ with a fragment\), 1 redirects, \d+ sitemap URLs, \d+ feeds\); no problems\.\n$/);
    expect(clean.code).toBe(0);
    const dir = await planted(async (dir) => {
      await fs.appendFile(path.join(dir, "_redirects"), `${pathPrefix}lama/ ${pathPrefix}hilang/ 301\n`);
    });
    const broken = await runScript("src/cli/check.ts", { ...env, OUTPUT_DIR: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`_redirects: ${pathPrefix}lama/ → ${pathPrefix}hilang/: the target has no file`);
    expect(broken.stderr).toMatch(/Check failed: 1 problem in .*Fix them and build again before uploading\.\n$/);
  });
});
