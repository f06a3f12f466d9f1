/**
 * The looks ahead (src/build/look-ahead.ts): the files a thread finds missing, a look that is
 * stopped, the record without what is missing, and when there is an output or a spare to look at.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { filesOf, writeManifest, type Manifest } from "../../src/build/manifest.ts";
import { markerName, type OutputPlaces } from "../../src/build/output.ts";
import { lookAtOutput, lookAtSpare, missingFilesAside, withoutMissing } from "../../src/build/look-ahead.ts";
import { makeTempDir } from "../helpers/build.ts";

const record = (): Manifest => ({
  files: new Map([
    ["index.html", "a"],
    ["2017/08/04/berita/index.html", "b"],
    ["assets/style.css", "c"],
  ]),
  search: new Map([
    ["2017", { print: "p2017", files: ["pagefind/2017/pagefind-entry.json", "pagefind/2017/fragment/x.pf_fragment"] }],
    ["2016", { print: "p2016", files: ["pagefind/2016/pagefind-entry.json"] }],
  ]),
  searchRoot: ["pagefind/pagefind-ui.js"],
});

async function writeFiles(dir: string, files: readonly string[]): Promise<void> {
  for (const file of files) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), file);
  }
}

describe("missingFilesAside", () => {
  test("resolves with the files missing below the folder, sorted, looked up on another thread", async () => {
    const dir = await makeTempDir("arsip-look-");
    await writeFiles(dir, ["a/b.html", "c.html"]);
    const { missing } = missingFilesAside(dir, ["c.html", "z/gone.html", "a/b.html", "a/gone.html"]);
    expect(await missing).toEqual(["a/gone.html", "z/gone.html"]);
  });

  test("a look that is stopped resolves with nothing known", async () => {
    const dir = await makeTempDir("arsip-look-");
    const look = missingFilesAside(dir, Array.from({ length: 200_000 }, (_, index) => `f/${index}.html`));
    await look.stop();
    expect(await look.missing).toBeUndefined();
    await look.stop();
  });
});

describe("withoutMissing", () => {
  test("leaves out the missing files, and a search shard with a missing file whole, naming its other files to delete", () => {
    const { record: left, unlink } = withoutMissing(record(), ["assets/style.css", "pagefind/2017/fragment/x.pf_fragment"]);
    expect([...left.files.keys()]).toEqual(["index.html", "2017/08/04/berita/index.html"]);
    expect([...left.search.keys()]).toEqual(["2016"]);
    expect(unlink).toEqual(["pagefind/2017/pagefind-entry.json"]);
    expect(left.searchRoot).toEqual(["pagefind/pagefind-ui.js"]);
  });

  test("with nothing missing, the record is the same", () => {
    const whole = record();
    expect(withoutMissing(whole, [])).toEqual({ record: whole, unlink: [] });
  });
});

describe("lookAtSpare and lookAtOutput", () => {
  async function places(): Promise<{ places: OutputPlaces; cacheDir: string }> {
    const parent = await makeTempDir("arsip-look-places-");
    const dir = path.join(parent, "site");
    await fs.mkdir(dir);
    const sibling = (suffix: string) => path.join(parent, `.site.arsip-${suffix}`);
    return { places: { dir, next: sibling("next"), old: sibling("old"), spare: sibling("spare"), trashPrefix: ".site.arsip-trash-", lock: sibling("lock") }, cacheDir: path.join(parent, "cache") };
  }
  const marker = (build: string, mode = "production") => JSON.stringify({ generator: "arsip-berita", build, mode });

  test("looks at the spare's files by the record its marker names", async () => {
    const { places: at, cacheDir } = await places();
    const files = filesOf(record());
    await writeFiles(at.spare, files.filter((file) => file !== "index.html"));
    await fs.writeFile(path.join(at.spare, markerName), marker("b1"));
    await writeManifest(cacheDir, at.dir, "b1", record());
    const look = await lookAtSpare(at, cacheDir, "production");
    expect(look?.build).toBe("b1");
    expect(filesOf(look!.record)).toEqual(files);
    expect(await look?.missing).toEqual(["index.html"]);
  });

  test("looks at the output's files, its search bundle root's too, by the record its marker names", async () => {
    const { places: at, cacheDir } = await places();
    await writeFiles(at.dir, filesOf(record()).filter((file) => file !== "assets/style.css"));
    await writeManifest(cacheDir, at.dir, "b4", record());
    const look = await lookAtOutput(at, cacheDir, { generator: "arsip-berita", build: "b4", mode: "production" }, "production");
    expect(look?.build).toBe("b4");
    expect(await look?.missing).toEqual(["assets/style.css", "pagefind/pagefind-ui.js"]);
    expect(await lookAtOutput(at, cacheDir, { generator: "arsip-berita", build: "b4", mode: "development" }, "production")).toBeUndefined();
    expect(await lookAtOutput(at, cacheDir, undefined, "production")).toBeUndefined();
  });

  test("finds nothing to look at without a spare, with a spare of the other mode, or without its record", async () => {
    const { places: at, cacheDir } = await places();
    expect(await lookAtSpare(at, cacheDir, "production")).toBeUndefined();
    await fs.mkdir(at.spare);
    await fs.writeFile(path.join(at.spare, markerName), marker("b2", "development"));
    await writeManifest(cacheDir, at.dir, "b2", record());
    expect(await lookAtSpare(at, cacheDir, "production")).toBeUndefined();
    await fs.writeFile(path.join(at.spare, markerName), marker("b3"));
    expect(await lookAtSpare(at, cacheDir, "production")).toBeUndefined();
  });
});
