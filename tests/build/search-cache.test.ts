import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { bundleCache, bundleName, indexerKey, pruneBundles, pruneCache, restoreBundle, searchCacheDir, storeBundle } from "../../src/build/search-cache.ts";
import { filesIn, makeTempDir, writeFixture } from "../helpers/build.ts";

const made: string[] = [];

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function fixture(files: Record<string, string | Buffer> = {}): Promise<string> {
  made.push(await writeFixture(files));
  return made[made.length - 1]!;
}

/** A bundle as Pagefind writes one: files at the top and in folders. */
const bundle = {
  "pagefind-entry.json": '{"languages":{"id":{"page_count":2}}}',
  "pagefind-ui.js": "ui",
  "fragment/id_group_1.pf_fragment": Buffer.from([0x1f, 0x8b, 0, 1, 2]),
  "index/id_1.pf_index": Buffer.from([0x1f, 0x8b, 3]),
  "filter/id_topik.pf_filter": Buffer.from([0x1f, 0x8b, 4]),
};

async function contents(dir: string): Promise<[string, string][]> {
  return Promise.all((await filesIn(dir)).map(async (file) => [file, (await fs.readFile(path.join(dir, file))).toString("base64")] as [string, string]));
}

describe("searchCacheDir", () => {
  test("is one folder per output folder inside the cache folder", () => {
    const dir = searchCacheDir("/srv/arsip/_site", "/tmp/cache");
    expect(dir).toMatch(/^\/tmp\/cache\/_site-[0-9a-f]{12}\.search$/);
    expect(searchCacheDir("/srv/lain/_site", "/tmp/cache")).not.toBe(dir);
  });
});

describe("indexerKey", () => {
  test("changes with the indexing code and with the binary, and is undefined when either is missing", async () => {
    const dir = await fixture({ "index.ts": 'import { x } from "./helper.ts";\n', "helper.ts": "export const x = 1;\n", "pagefind": "binary 1" });
    const modules = [path.join(dir, "index.ts")];
    const binary = path.join(dir, "pagefind");
    const key = await indexerKey(binary, modules);
    expect(key).toBeDefined();
    expect(await indexerKey(binary, modules)).toBe(key);
    await fs.writeFile(path.join(dir, "helper.ts"), "export const x = 2;\n");
    const changedCode = await indexerKey(binary, modules);
    expect(changedCode).not.toBe(key);
    await fs.writeFile(binary, "binary 2, longer");
    expect(await indexerKey(binary, modules)).not.toBe(changedCode);
    expect(await indexerKey(path.join(dir, "tidak-ada"), modules)).toBeUndefined();
    expect(await indexerKey(binary, [path.join(dir, "tidak-ada.ts")])).toBeUndefined();
  });
});

describe("bundleName", () => {
  test("starts with the shard and differs with the fingerprint and the indexer key", () => {
    const name = bundleName("2017", "print-a", "key-a");
    expect(name).toMatch(/^2017-[\w-]{22}$/);
    expect(bundleName("2017", "print-a", "key-a")).toBe(name);
    expect(bundleName("2017", "print-b", "key-a")).not.toBe(name);
    expect(bundleName("2017", "print-a", "key-b")).not.toBe(name);
    expect(bundleName("2017-08", "print-a", "key-a")).toMatch(/^2017-08-/);
  });
});

describe("bundleCache", () => {
  test("names every shard's bundle in the output's cache folder; none without a binary", async () => {
    const dir = await fixture({ pagefind: "binary" });
    const cache = await bundleCache("/srv/_site", [["2017", "a"], ["2016", "b"]], path.join(dir, "pagefind"), "/tmp/cache");
    expect(cache?.dir).toBe(searchCacheDir("/srv/_site", "/tmp/cache"));
    expect([...cache!.names.keys()]).toEqual(["2017", "2016"]);
    expect(cache!.names.get("2017")).toMatch(/^2017-/);
    expect(await bundleCache("/srv/_site", [["2017", "a"]], path.join(dir, "tidak-ada"), "/tmp/cache")).toBeUndefined();
  });
});

describe("storeBundle and restoreBundle", () => {
  test("keep a bundle and copy it back byte for byte, folders included", async () => {
    const from = await fixture(bundle);
    const cacheDir = path.join(await fixture(), "cache", "site.search");
    await storeBundle(from, cacheDir, "2016-abc");
    expect(await fs.readdir(cacheDir)).toEqual(["2016-abc"]);
    const dest = path.join(await fixture(), "pagefind", "2016");
    expect(await restoreBundle(cacheDir, "2016-abc", dest)).toBe(true);
    expect(await contents(dest)).toEqual(await contents(from));
  });

  test("restoring a bundle that is not kept gives false and writes nothing", async () => {
    const cacheDir = await fixture({ "2016-abc/pagefind-entry.json": "{}" });
    const dest = path.join(await fixture(), "2016");
    expect(await restoreBundle(cacheDir, "2016-def", dest)).toBe(false);
    expect(await restoreBundle(path.join(cacheDir, "tidak-ada"), "2016-abc", dest)).toBe(false);
    await expect(fs.stat(dest)).rejects.toThrow(/ENOENT/);
  });

  test("storing where the cache cannot be written does not fail and leaves no temporary folder", async () => {
    const from = await fixture(bundle);
    const root = await fixture({ "cache-is-a-file": "" });
    await expect(storeBundle(from, path.join(root, "cache-is-a-file"), "2016-abc")).resolves.toBeUndefined();
    // A bundle kept already stays as it is.
    const cacheDir = await fixture({ "2016-abc/pagefind-entry.json": "lama" });
    await storeBundle(from, cacheDir, "2016-abc");
    expect(await fs.readdir(cacheDir)).toEqual(["2016-abc"]);
    expect(await fs.readFile(path.join(cacheDir, "2016-abc", "pagefind-entry.json"), "utf8")).toBe("lama");
  });
});

describe("pruneBundles and pruneCache", () => {
  test("keep only the bundles named; a missing folder or cache is no error", async () => {
    const cacheDir = await fixture({ "2017-a/x": "1", "2017-b/x": "2", "2016-c/x": "3", "2016-d.123-1.tmp/x": "4" });
    await pruneBundles(cacheDir, new Set(["2017-b", "2016-c"]));
    expect((await fs.readdir(cacheDir)).sort()).toEqual(["2016-c", "2017-b"]);
    await pruneCache({ dir: cacheDir, names: new Map([["2016", "2016-c"]]) });
    expect(await fs.readdir(cacheDir)).toEqual(["2016-c"]);
    await expect(pruneBundles(path.join(cacheDir, "tidak-ada"), new Set())).resolves.toBeUndefined();
    await expect(pruneCache(undefined)).resolves.toBeUndefined();
  });
});
