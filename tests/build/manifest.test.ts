import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { assetPrints, computeSiteKey, manifestPath, manifestVersion, outputMatches, readManifest, writeManifest, type Manifest } from "../../src/build/manifest.ts";
import { readSettings, type Settings } from "../../src/settings.ts";
import { makeTempDir, writeFixture } from "../helpers/build.ts";

const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await makeTempDir("arsip-build-cache-");
  made.push(dir);
  return dir;
}

async function fixture(files: Record<string, string>): Promise<string> {
  const dir = await writeFixture(files);
  made.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

const settings: Settings = readSettings({ SITE_URL: "https://example.org/arsip/", PATH_PREFIX: "/arsip/" }, "/tmp/arsip-proyek");

function manifestOf(fields: Partial<Manifest> = {}): Manifest {
  return {
    version: manifestVersion,
    siteKey: "kunci-sintetis",
    outputDir: "/tmp/arsip-proyek/_site",
    fingerprints: new Map([
      ["index.html", "cetak-a"],
      ["2017/08/04/rapat-sintetis/index.html", "cetak-b"],
    ]),
    searchPrints: new Map([
      ["2017", "indeks-2017"],
      ["2016", "indeks-2016"],
    ]),
    ...fields,
  };
}

/** A templates folder and a lockfile beside it, in a fresh folder. */
async function project(): Promise<{ templates: string; lockfile: string }> {
  const root = await fixture({
    "templates/article.njk": "<article>{{ article.title }}</article>\n",
    "templates/_data/strings.json": '{ "siteName": "Arsip Uji" }\n',
    "templates/assets/site.css": "body { margin: 0; }\n",
    "package-lock.json": '{ "lockfileVersion": 3 }\n',
  });
  return { templates: path.join(root, "templates"), lockfile: path.join(root, "package-lock.json") };
}

describe("assetPrints", () => {
  test("gives each static asset a print of its contents, by its output path", async () => {
    const { templates } = await project();
    await fs.mkdir(path.join(templates, "assets", "ikon"));
    await fs.writeFile(path.join(templates, "assets", "ikon", "logo.svg"), "<svg/>\n");
    const before = await assetPrints(templates);
    expect([...before.keys()].sort()).toEqual(["assets/ikon/logo.svg", "assets/site.css"]);
    await fs.writeFile(path.join(templates, "assets", "site.css"), "body { margin: 1px; }\n");
    const after = await assetPrints(templates);
    expect(after.get("assets/site.css")).not.toBe(before.get("assets/site.css"));
    expect(after.get("assets/ikon/logo.svg")).toBe(before.get("assets/ikon/logo.svg"));
    expect(await assetPrints(path.join(templates, "tidak-ada"))).toEqual(new Map());
  });
});

describe("manifestPath", () => {
  test("is the same file every time for one output folder", () => {
    expect(manifestPath("/tmp/situs/_site", "/tmp/cache")).toBe(manifestPath("/tmp/situs/_site", "/tmp/cache"));
  });

  test("names the file after the folder, as JSON, inside the given cache folder", () => {
    const file = manifestPath("/tmp/situs/_site", "/tmp/cache");
    expect(path.dirname(file)).toBe("/tmp/cache");
    expect(path.basename(file)).toMatch(/^_site-[0-9a-f]{12}\.json$/);
  });

  test("gives two folders with one name two different files", () => {
    expect(manifestPath("/tmp/satu/_site", "/tmp/cache")).not.toBe(manifestPath("/tmp/dua/_site", "/tmp/cache"));
  });

  test("treats a relative output folder as the resolved one", () => {
    expect(manifestPath("_site", "/tmp/cache")).toBe(manifestPath(path.resolve("_site"), "/tmp/cache"));
  });

  test("uses ARSIP_CACHE_DIR when no cache folder is passed", () => {
    const cacheDir = process.env.ARSIP_CACHE_DIR;
    expect(cacheDir).toBeTruthy();
    expect(path.dirname(manifestPath("/tmp/situs/_site"))).toBe(path.resolve(cacheDir!));
  });
});

describe("computeSiteKey", () => {
  test("is the same for the same templates, lockfile and settings", async () => {
    const { templates, lockfile } = await project();
    expect(await computeSiteKey(templates, settings, [lockfile])).toBe(await computeSiteKey(templates, settings, [lockfile]));
  });

  test("is the same for two copies of the templates in different folders", async () => {
    const one = await project();
    const two = await project();
    expect(await computeSiteKey(one.templates, settings, [one.lockfile])).toBe(await computeSiteKey(two.templates, settings, [two.lockfile]));
  });

  test("changes when a template file changes", async () => {
    const { templates, lockfile } = await project();
    const before = await computeSiteKey(templates, settings, [lockfile]);
    await fs.writeFile(path.join(templates, "article.njk"), "<article>{{ article.title }}!</article>\n");
    expect(await computeSiteKey(templates, settings, [lockfile])).not.toBe(before);
  });

  test("changes when a data file in a subfolder changes, not when a static asset does", async () => {
    const { templates, lockfile } = await project();
    const before = await computeSiteKey(templates, settings, [lockfile]);
    await fs.writeFile(path.join(templates, "_data", "strings.json"), '{ "siteName": "Arsip Uji Baru" }\n');
    const afterData = await computeSiteKey(templates, settings, [lockfile]);
    expect(afterData).not.toBe(before);
    // Pages only link to assets: a changed asset is copied (assetPrints), no page rendered.
    await fs.writeFile(path.join(templates, "assets", "site.css"), "body { margin: 1px; }\n");
    await fs.writeFile(path.join(templates, "assets", "baru.svg"), "<svg/>\n");
    expect(await computeSiteKey(templates, settings, [lockfile])).toBe(afterData);
  });

  test("changes when a template file is added", async () => {
    const { templates, lockfile } = await project();
    const before = await computeSiteKey(templates, settings, [lockfile]);
    await fs.writeFile(path.join(templates, "robots.njk"), "User-agent: *\n");
    expect(await computeSiteKey(templates, settings, [lockfile])).not.toBe(before);
  });

  test("changes when a template file is renamed, content and file order unchanged", async () => {
    const { templates, lockfile } = await project();
    const before = await computeSiteKey(templates, settings, [lockfile]);
    // "artikel.njk" sorts where "article.njk" did: only the name differs.
    await fs.rename(path.join(templates, "article.njk"), path.join(templates, "artikel.njk"));
    expect(await computeSiteKey(templates, settings, [lockfile])).not.toBe(before);
  });

  test("changes when the lockfile changes", async () => {
    const { templates, lockfile } = await project();
    const before = await computeSiteKey(templates, settings, [lockfile]);
    await fs.writeFile(lockfile, '{ "lockfileVersion": 3, "packages": {} }\n');
    expect(await computeSiteKey(templates, settings, [lockfile])).not.toBe(before);
  });

  test("changes with the site URL", async () => {
    const { templates, lockfile } = await project();
    const other = { ...settings, siteUrl: "https://arsip.example.net/arsip/" };
    expect(await computeSiteKey(templates, other, [lockfile])).not.toBe(await computeSiteKey(templates, settings, [lockfile]));
  });

  test("changes with the path prefix", async () => {
    const { templates, lockfile } = await project();
    const other = { ...settings, pathPrefix: "/" };
    expect(await computeSiteKey(templates, other, [lockfile])).not.toBe(await computeSiteKey(templates, settings, [lockfile]));
  });

  test("changes with the mode", async () => {
    const { templates, lockfile } = await project();
    const other: Settings = { ...settings, mode: "development" };
    expect(await computeSiteKey(templates, other, [lockfile])).not.toBe(await computeSiteKey(templates, settings, [lockfile]));
  });

  test("ignores the articles and output folders, which the fingerprints cover", async () => {
    const { templates, lockfile } = await project();
    const other = { ...settings, articlesDir: "/tmp/lain/articles", outputDir: "/tmp/lain/_site" };
    expect(await computeSiteKey(templates, other, [lockfile])).toBe(await computeSiteKey(templates, settings, [lockfile]));
  });

  test("tolerates a missing extra file and still gives a stable key", async () => {
    const { templates } = await project();
    const missing = path.join(await tempDir(), "tidak-ada.json");
    const key = await computeSiteKey(templates, settings, [missing]);
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await computeSiteKey(templates, settings, [missing])).toBe(key);
  });

  test("changes when a missing extra file appears", async () => {
    const { templates } = await project();
    const extra = path.join(await tempDir(), "package-lock.json");
    const before = await computeSiteKey(templates, settings, [extra]);
    await fs.writeFile(extra, '{ "lockfileVersion": 3 }\n');
    expect(await computeSiteKey(templates, settings, [extra])).not.toBe(before);
  });
});

describe("readManifest", () => {
  test("reads back what writeManifest wrote, fingerprints and search prints as maps", async () => {
    const file = manifestPath("/tmp/arsip-proyek/_site", await tempDir());
    const manifest = manifestOf();
    await writeManifest(file, manifest);
    const read = await readManifest(file);
    expect(read).toEqual(manifest);
    expect(read?.fingerprints).toBeInstanceOf(Map);
    expect(read?.searchPrints).toBeInstanceOf(Map);
    expect(read?.searchPrints.get("2016")).toBe("indeks-2016");
  });

  test("keeps the order of the search prints", async () => {
    const file = path.join(await tempDir(), "manifest.json");
    await writeManifest(file, manifestOf());
    expect([...(await readManifest(file))!.searchPrints.keys()]).toEqual(["2017", "2016"]);
  });

  test("returns undefined when the file does not exist", async () => {
    expect(await readManifest(path.join(await tempDir(), "tidak-ada.json"))).toBeUndefined();
  });

  test("returns undefined for a manifest of another version", async () => {
    const file = path.join(await tempDir(), "manifest.json");
    await writeManifest(file, manifestOf({ version: manifestVersion - 1 }));
    expect(await readManifest(file)).toBeUndefined();
  });

  test("returns undefined for damaged JSON", async () => {
    const file = path.join(await tempDir(), "manifest.json");
    await writeManifest(file, manifestOf());
    const text = await fs.readFile(file, "utf8");
    await fs.writeFile(file, text.slice(0, Math.floor(text.length / 2)));
    expect(await readManifest(file)).toBeUndefined();
  });

  test("returns undefined for JSON that is not an object", async () => {
    const file = path.join(await tempDir(), "manifest.json");
    await fs.writeFile(file, "null");
    expect(await readManifest(file)).toBeUndefined();
  });
});

describe("writeManifest", () => {
  test("creates the cache folder and leaves no temporary file behind", async () => {
    const cacheDir = path.join(await tempDir(), "belum", "ada");
    const file = manifestPath("/tmp/arsip-proyek/_site", cacheDir);
    await writeManifest(file, manifestOf());
    expect(await fs.readdir(cacheDir)).toEqual([path.basename(file)]);
  });

  test("replaces an earlier manifest", async () => {
    const file = path.join(await tempDir(), "manifest.json");
    await writeManifest(file, manifestOf());
    await writeManifest(file, manifestOf({ siteKey: "kunci-baru", searchPrints: new Map() }));
    const read = await readManifest(file);
    expect(read?.siteKey).toBe("kunci-baru");
    expect(read?.searchPrints.size).toBe(0);
  });
});

describe("outputMatches", () => {
  /** An output folder holding every page and search shard `manifestOf()` lists. */
  async function completeOutput(): Promise<string> {
    return fixture({
      "index.html": "<p>beranda</p>",
      "2017/08/04/rapat-sintetis/index.html": "<p>artikel</p>",
      "pagefind/2017/pagefind-entry.json": "{}",
      "pagefind/2016/pagefind-entry.json": "{}",
    });
  }

  test("is true when every page and every search shard is present", async () => {
    expect(await outputMatches(manifestOf(), await completeOutput())).toBe(true);
  });

  test("ignores files in the output that the manifest does not list", async () => {
    const dir = await completeOutput();
    await fs.writeFile(path.join(dir, "tambahan.html"), "<p>lain</p>");
    expect(await outputMatches(manifestOf(), dir)).toBe(true);
  });

  test("is false when one page is missing", async () => {
    const dir = await completeOutput();
    await fs.rm(path.join(dir, "2017/08/04/rapat-sintetis/index.html"));
    expect(await outputMatches(manifestOf(), dir)).toBe(false);
  });

  test("is false when one search shard's entry file is missing", async () => {
    const dir = await completeOutput();
    await fs.rm(path.join(dir, "pagefind/2016/pagefind-entry.json"));
    expect(await outputMatches(manifestOf(), dir)).toBe(false);
  });

  test("is false when a shard folder exists without its entry file", async () => {
    const dir = await completeOutput();
    await fs.rm(path.join(dir, "pagefind/2017/pagefind-entry.json"));
    await fs.writeFile(path.join(dir, "pagefind/2017/lain.json"), "{}");
    expect(await outputMatches(manifestOf(), dir)).toBe(false);
  });

  test("is false when the output folder is missing", async () => {
    expect(await outputMatches(manifestOf(), path.join(await tempDir(), "_site"))).toBe(false);
  });
});
