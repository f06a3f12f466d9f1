import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { cacheFileFor, defaultCacheDir, hashFiles, moduleClosure, writeFileAtomically } from "../../src/build/cache-files.ts";
import { makeTempDir, writeFixture } from "../helpers/build.ts";

const made: string[] = [];

afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function fixture(files: Record<string, string>): Promise<string> {
  made.push(await writeFixture(files));
  return made[made.length - 1]!;
}

describe("cacheFileFor", () => {
  test("names the file after the folder and a hash of its resolved path", () => {
    const file = cacheFileFor("/srv/arsip/_site", ".json", "/tmp/cache");
    expect(file).toMatch(/^\/tmp\/cache\/_site-[0-9a-f]{12}\.json$/);
    expect(cacheFileFor("/srv/arsip/_site/", ".json", "/tmp/cache")).toBe(file);
    expect(cacheFileFor("/srv/lain/_site", ".json", "/tmp/cache")).not.toBe(file);
    expect(cacheFileFor("/srv/arsip/_site", ".parsed.v8", "/tmp/cache")).toBe(file.replace(/\.json$/, ".parsed.v8"));
  });

  test("puts files in .cache/arsip/ of the working folder by default", () => {
    expect(defaultCacheDir({})).toBe(path.resolve(".cache", "arsip"));
    expect(defaultCacheDir({ ARSIP_CACHE_DIR: " " })).toBe(path.resolve(".cache", "arsip"));
  });

  test("puts files where ARSIP_CACHE_DIR says, as the tests' builds do", () => {
    expect(defaultCacheDir({ ARSIP_CACHE_DIR: "tmp/cache" })).toBe(path.resolve("tmp/cache"));
    expect(process.env.ARSIP_CACHE_DIR).toBeTruthy();
    expect(path.dirname(cacheFileFor("articles", ".json"))).toBe(path.resolve(process.env.ARSIP_CACHE_DIR!));
  });
});

describe("writeFileAtomically", () => {
  test("creates the folder, replaces the file and leaves no temporary file", async () => {
    const dir = await makeTempDir();
    made.push(dir);
    const file = path.join(dir, "a", "b", "x.json");
    await writeFileAtomically(file, "satu");
    await Promise.all([writeFileAtomically(file, "dua"), writeFileAtomically(file, "dua")]);
    expect(await fs.readFile(file, "utf8")).toBe("dua");
    expect(await fs.readdir(path.dirname(file))).toEqual(["x.json"]);
  });
});

describe("moduleClosure", () => {
  test("follows the relative imports that load at run time, not type-only imports", async () => {
    const dir = await fixture({
      "a.ts": 'import { b } from "./b.ts";\nimport type { C } from "./c.ts";\nexport { d } from "./sub/d.ts";\nimport "node:fs";\n',
      "b.ts": 'import {\n  x,\n  type Y,\n} from "./e.ts";\n',
      "c.ts": "",
      "sub/d.ts": 'import { b } from "../b.ts";\n',
      "e.ts": "",
    });
    expect((await moduleClosure([path.join(dir, "a.ts")])).map((file) => path.relative(dir, file))).toEqual(["a.ts", "b.ts", "e.ts", path.join("sub", "d.ts")]);
  });

});

describe("hashFiles", () => {
  test("changes when a file's text changes", async () => {
    const dir = await fixture({ "a.ts": "export const a = 1;\n", "b.ts": "export const b = 1;\n" });
    const files = [path.join(dir, "a.ts"), path.join(dir, "b.ts")];
    const before = await hashFiles(files);
    expect(await hashFiles(files)).toBe(before);
    await fs.writeFile(files[1]!, "export const b = 2;\n");
    expect(await hashFiles(files)).not.toBe(before);
  });
});
