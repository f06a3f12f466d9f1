import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildId, builtByEarlierVersion, emptyManifest, filesOf, manifestDir, pruneManifests, readManifest, writeManifest, type Manifest } from "../../src/build/manifest.ts";
import { makeTempDir } from "../helpers/build.ts";

const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await makeTempDir("arsip-manifest-");
  made.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

function manifestOf(fields: Partial<Manifest> = {}): Manifest {
  return {
    files: new Map([
      ["index.html", "cetak-a"],
      ["2017/08/04/rapat-sintetis/index.html", "cetak-b"],
    ]),
    search: new Map([
      ["2017", { print: "indeks-2017", files: ["pagefind/2017/pagefind-entry.json"] }],
      ["2016", { print: "indeks-2016", files: ["pagefind/2016/pagefind-entry.json"] }],
    ]),
    searchRoot: ["pagefind/pagefind-ui.js"],
    ...fields,
  };
}

describe("filesOf", () => {
  test("lists pages and assets, then every search shard's files; the search bundle root's only when asked", () => {
    const manifest: Manifest = {
      files: new Map([["index.html", "a"], ["assets/style.css", "b"]]),
      search: new Map([["2017", { print: "p", files: ["pagefind/2017/pagefind-entry.json", "pagefind/2017/index/x.pf_index"] }]]),
      searchRoot: ["pagefind/pagefind-ui.js"],
    };
    expect(filesOf(manifest)).toEqual(["index.html", "assets/style.css", "pagefind/2017/pagefind-entry.json", "pagefind/2017/index/x.pf_index"]);
    expect(filesOf(manifest, { root: true })).toEqual([...filesOf(manifest), "pagefind/pagefind-ui.js"]);
  });
});

describe("buildId", () => {
  test("is the same for the same record, whatever the order of its entries", () => {
    const reordered = manifestOf({ files: new Map([...manifestOf().files].reverse()), search: new Map([...manifestOf().search].reverse()) });
    expect(buildId(reordered)).toBe(buildId(manifestOf()));
  });

  test("changes with any page's fingerprint and with any shard's", () => {
    expect(buildId(manifestOf({ files: new Map([["index.html", "lain"]]) }))).not.toBe(buildId(manifestOf()));
    expect(buildId(manifestOf({ search: new Map([["2017", { print: "lain", files: [] }]]) }))).not.toBe(buildId(manifestOf()));
  });
});

describe("manifestDir", () => {
  test("gives two output folders with one name two different folders", () => {
    expect(manifestDir("/cache", "/srv/a/_site")).not.toBe(manifestDir("/cache", "/srv/b/_site"));
    expect(path.basename(manifestDir("/cache", "/srv/a/_site"))).toMatch(/^_site-[0-9a-f]{12}$/);
  });
});

describe("readManifest", () => {
  test("reads back what writeManifest wrote, under its build id", async () => {
    const cache = await tempDir();
    await writeManifest(cache, "/srv/_site", "abc", manifestOf());
    expect(await readManifest(cache, "/srv/_site", "abc")).toEqual(manifestOf());
    expect(await readManifest(cache, "/srv/_site", "lain")).toBeUndefined();
    expect(await readManifest(cache, "/srv/lain", "abc")).toBeUndefined();
  });

  test("is undefined for a damaged record or one of another version: the next build writes everything", async () => {
    const cache = await tempDir();
    await writeManifest(cache, "/srv/_site", "abc", manifestOf());
    const file = path.join(manifestDir(cache, "/srv/_site"), "abc.json");
    await fs.writeFile(file, "{ rusak");
    expect(await readManifest(cache, "/srv/_site", "abc")).toBeUndefined();
    await fs.writeFile(file, JSON.stringify({ version: 1, files: [], search: [], searchRoot: [] }));
    expect(await readManifest(cache, "/srv/_site", "abc")).toBeUndefined();
  });

  test("the empty record holds nothing", () => {
    expect(emptyManifest()).toEqual({ files: new Map(), search: new Map(), searchRoot: [] });
  });
});

describe("writeManifest", () => {
  test("leaves no temporary file behind", async () => {
    const cache = await tempDir();
    await writeManifest(cache, "/srv/_site", "abc", manifestOf());
    expect(await fs.readdir(manifestDir(cache, "/srv/_site"))).toEqual(["abc.json"]);
  });
});

describe("pruneManifests", () => {
  test("keeps only the records of the given builds (the output's and the spare's), and only for that output", async () => {
    const cache = await tempDir();
    for (const id of ["satu", "dua", "tiga"]) await writeManifest(cache, "/srv/_site", id, manifestOf());
    await writeManifest(cache, "/srv/lain", "satu", manifestOf());
    await pruneManifests(cache, "/srv/_site", ["dua", "tiga"]);
    expect((await fs.readdir(manifestDir(cache, "/srv/_site"))).sort()).toEqual(["dua.json", "tiga.json"]);
    expect(await fs.readdir(manifestDir(cache, "/srv/lain"))).toEqual(["satu.json"]);
  });
});

describe("builtByEarlierVersion", () => {
  test("recognises an output whose old-style manifest names it, and nothing else", async () => {
    const cache = await tempDir();
    const output = path.join(await tempDir(), "_site");
    const id = createHash("sha1").update(output).digest("hex").slice(0, 12);
    expect(await builtByEarlierVersion(cache, output)).toBe(false);
    await fs.writeFile(path.join(cache, `_site-${id}.json`), JSON.stringify({ version: 3, outputDir: "/tempat/lain" }));
    expect(await builtByEarlierVersion(cache, output)).toBe(false);
    await fs.writeFile(path.join(cache, `_site-${id}.json`), JSON.stringify({ version: 3, outputDir: output }));
    expect(await builtByEarlierVersion(cache, output)).toBe(true);
  });
});
