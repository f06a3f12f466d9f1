/**
 * Article photos through the real CLI (`npm run build`) on fixture articles whose photos are made
 * here with sharp (no binary fixtures): the processed files' formats, widths and dimensions read
 * back with sharp, the page's markup, Open Graph and JSON-LD, the photo store (a warm or full build
 * encodes nothing again), and bad photo files refused with file and field before anything is staged.
 */
import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { photoJpeg } from "../../bench/photos.ts";
import { photoPrints, preparePhotos } from "../../src/build/photos.ts";
import { parseArticle } from "../../src/content/schema.ts";
import { ArchiveError } from "../../src/errors.ts";
import { makeTempDir, runBuild } from "../helpers/build.ts";
import { buildFoldersBeside, differences, snapshot } from "../helpers/trust.ts";

const siteUrl = "https://arsip.example/arsip/";
let work: string;
let articlesDir: string;
let output: string;
let cache: string;
const env = () => ({ ARTICLES_DIR: articlesDir, OUTPUT_DIR: output, ARSIP_CACHE_DIR: cache, SITE_URL: siteUrl, PATH_PREFIX: "/arsip/" });

function article(title: string, date: string, image: string[]): string {
  return ["---", `title: "${title}"`, `date: "${date}"`, "source: tempo", "tags: [Uji Foto]", ...image, "---", "", `Teks sintetis untuk ${title}.`, ""].join("\n");
}

const pages = {
  landscape: "2020/01/03/foto-lanskap/index.html",
  small: "2020/01/02/foto-kecil/index.html",
  captionOnly: "2020/01/01/hanya-keterangan/index.html",
  none: "2019/12/31/tanpa-foto/index.html",
};

async function write(file: string, content: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(path.join(articlesDir, file)), { recursive: true });
  await fs.writeFile(path.join(articlesDir, file), content);
}

function read(file: string): Promise<string> {
  return fs.readFile(path.join(output, file), "utf8");
}

/** The output paths below foto/ that a page's markup names, without the prefix. */
function photoPaths(html: string): string[] {
  return [...new Set([...html.matchAll(/\/arsip\/(foto\/[^\s"]+)/g)].map((match) => match[1]!))].sort();
}

async function storeFiles(): Promise<Map<string, number>> {
  const store = (await fs.readdir(cache)).find((name) => name.endsWith(".photos"))!;
  const dir = path.join(cache, store, "foto");
  const names = await fs.readdir(dir);
  return new Map(await Promise.all(names.map(async (name): Promise<[string, number]> => [name, (await fs.stat(path.join(dir, name))).mtimeMs])));
}

beforeAll(async () => {
  work = await makeTempDir("arsip-photos-");
  articlesDir = path.join(work, "articles");
  output = path.join(work, "out", "site");
  cache = path.join(work, "cache");
  await write("2020/foto/lanskap.jpg", await photoJpeg(11, 1600, 1000));
  // A small PNG: never enlarged, so its widths stop at its own.
  await write("2020/foto/kecil.png", await sharp({ create: { width: 700, height: 420, channels: 3, background: { r: 40, g: 120, b: 200 } } }).png().toBuffer());
  await write("2020/lanskap.md", article("Foto lanskap", "2020-01-03T09:00:00+07:00", ["image:", '  caption: "Keterangan foto lanskap."', "  credit: Arsip Uji", "  file: foto/lanskap.jpg", '  alt: "Bidang warna sintetis"']));
  await write("2020/kecil.md", article("Foto kecil", "2020-01-02T09:00:00+07:00", ["image:", '  caption: "Keterangan foto kecil."', "  file: foto/kecil.png"]));
  await write("2020/keterangan.md", article("Hanya keterangan", "2020-01-01T09:00:00+07:00", ["image:", '  caption: "Foto tanpa berkas."']));
  await write("2019/tanpa.md", article("Tanpa foto", "2019-12-31T09:00:00+07:00", []));
  const result = await runBuild(env());
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
}, 300_000);

afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe("a photo named by image.file", () => {
  test("is output as AVIF, WebP and JPEG in 400, 800 and 1200 px, keeping its aspect ratio", async () => {
    const html = await read(pages.landscape);
    const files = photoPaths(html);
    expect(files).toHaveLength(9);
    const found: string[] = [];
    for (const file of files) {
      const meta = await sharp(path.join(output, file)).metadata();
      expect(meta.height).toBe(Math.round((meta.width! * 1000) / 1600));
      found.push(`${meta.format} ${meta.width}`);
      // The name says what the file is.
      expect(file).toMatch(new RegExp(`-${meta.width}\\.${meta.format === "heif" ? "avif" : meta.format === "jpeg" ? "jpg" : meta.format}$`));
    }
    expect(found.sort()).toEqual(["heif 1200", "heif 400", "heif 800", "jpeg 1200", "jpeg 400", "jpeg 800", "webp 1200", "webp 400", "webp 800"]);
    expect((await fs.readdir(path.join(output, "foto"))).sort()).toEqual(expect.arrayContaining(files.map((file) => path.basename(file))));
  });

  test("is never enlarged: a 700 px photo gets 400 and 700 px, and shares the 700 px JPEG", async () => {
    const html = await read(pages.small);
    const widths = await Promise.all(photoPaths(html).map(async (file) => (await sharp(path.join(output, file)).metadata()).width));
    expect(widths.sort()).toEqual([400, 400, 400, 700, 700, 700]);
    expect(html).toContain('<meta property="og:image:width" content="700">');
    expect(/<img [^>]+>/.exec(html)![0]).toContain(' width="700" height="420"');
  });

  test("shows as a <picture> in the figure: AVIF and WebP sources, a JPEG img with size, alt, sizes and no lazy loading (the lead photo)", async () => {
    const html = await read(pages.landscape);
    const figure = /<figure class="article__photo">([\s\S]*?)<\/figure>/.exec(html)![1]!;
    const sources = [...figure.matchAll(/<source type="([^"]+)" srcset="([^"]+)" sizes="([^"]+)">/g)];
    expect(sources.map((source) => source[1])).toEqual(["image/avif", "image/webp"]);
    for (const [, type, srcset] of sources) {
      const extension = type === "image/avif" ? "avif" : "webp";
      expect(srcset!.split(", ").map((candidate) => candidate.replace(/^\/arsip\/foto\/[0-9a-f]{24}-/, ""))).toEqual([`400.${extension} 400w`, `800.${extension} 800w`, `1200.${extension} 1200w`]);
    }
    const img = /<img [^>]+>/.exec(figure)![0];
    expect(img).toMatch(/ src="\/arsip\/foto\/[0-9a-f]{24}-1200\.jpg"/);
    expect(img).toMatch(/ srcset="[^"]+-400\.jpg 400w, [^"]+-800\.jpg 800w, [^"]+-1200\.jpg 1200w"/);
    expect(img).toContain(' width="1200" height="750"');
    expect(img).toContain(' alt="Bidang warna sintetis"');
    expect(img).toContain(' decoding="async"');
    expect(img).toContain(' fetchpriority="high"');
    expect(img).not.toContain("loading=");
    expect(sources[0]![3]).toBe(/ sizes="([^"]+)"/.exec(img)![1]);
    // The picture comes before the caption and credit, which render as before.
    expect(figure.indexOf("<picture>")).toBeLessThan(figure.indexOf("<figcaption>"));
    expect(figure).toContain("Keterangan foto lanskap.");
    expect(figure).toContain("Arsip Uji");
    expect(figure).not.toContain("Foto tidak ikut diarsipkan");
  });

  test("takes its alt from the caption when image.alt is not given", async () => {
    expect(/<img [^>]+>/.exec(await read(pages.small))![0]).toContain(' alt="Keterangan foto kecil."');
  });

  test("is the page's Open Graph and JSON-LD image: the 1200 px JPEG at an absolute URL", async () => {
    const html = await read(pages.landscape);
    const og = /<meta property="og:image" content="([^"]+)">/.exec(html)![1]!;
    expect(og).toMatch(/^https:\/\/arsip\.example\/arsip\/foto\/[0-9a-f]{24}-1200\.jpg$/);
    expect(html).toContain('<meta property="og:image:width" content="1200">');
    expect(html).toContain('<meta property="og:image:height" content="750">');
    const meta = await sharp(path.join(output, og.replace(siteUrl, ""))).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1200, 750]);
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as { "@graph": Record<string, unknown>[] };
    expect(jsonLd["@graph"][0]!.image).toEqual({ "@type": "ImageObject", url: og, width: 1200, height: 750, caption: "Keterangan foto lanskap." });
  });

  test("without a file the page is as before: a caption-only figure with its note, or no figure at all", async () => {
    const captionOnly = await read(pages.captionOnly);
    expect(captionOnly).toContain("Foto tidak ikut diarsipkan");
    expect(captionOnly).not.toContain("<picture");
    expect(captionOnly).not.toContain("og:image");
    const none = await read(pages.none);
    expect(none).not.toContain("<figure");
    expect(none).not.toContain("og:image");
    expect(none).not.toMatch(/"image":/);
  });

  test("a warm build and a --full build encode nothing again, and give the same site", async () => {
    const before = await snapshot(output);
    const stored = await storeFiles();
    expect(stored.size).toBe(9 + 6);
    for (const args of [[], ["--full"]]) {
      const result = await runBuild(env(), args);
      expect(result.code).toBe(0);
      expect(await storeFiles()).toEqual(stored);
      expect(differences(await snapshot(output), before)).toEqual([]);
    }
  }, 120_000);
});

describe("a bad photo", () => {
  test.each([
    ["a missing file", "foto/tidak-ada.jpg", async () => {}, /photo file not found: .*foto\/tidak-ada\.jpg; put the photo there/],
    ["a file that is not an image", "foto/teks.jpg", () => write("2020/foto/teks.jpg", "bukan gambar\n"), /foto\/teks\.jpg is not a photo that can be read \(.*\); save it as JPEG, PNG, WebP or AVIF/],
    ["a file over the size limit", "foto/besar.jpg", () => write("2020/foto/besar.jpg", Buffer.alloc(21 * 1024 * 1024)), /photo file .*foto\/besar\.jpg is 21\.0 MiB, over the 20\.0 MiB limit/],
    ["a path out of the folder", "../../luar.jpg", async () => {}, /expected a path inside the articles folder without "\." or "\.\." segments/],
    // The articles folder's own check finds the link first, and names it.
    ["a link out of the folder", "foto/tautan.jpg", () => fs.symlink(path.join(work, "luar.jpg"), path.join(articlesDir, "2020", "foto", "tautan.jpg")), /2020\/foto\/tautan\.jpg: symbolic link to a place outside the articles folder; copy the photo into the folder instead/],
    ["a file that is not a photo type", "foto/dokumen.pdf", async () => {}, /expected a photo file ending in \.jpg, \.jpeg, \.png, \.webp, \.avif/],
  ])("%s is refused with file and field, and the site is left as it was", async (_name, file, prepare, message) => {
    await fs.writeFile(path.join(work, "luar.jpg"), await photoJpeg(3, 64, 48));
    await prepare();
    const before = await snapshot(output);
    const beside = await buildFoldersBeside(output);
    const spare = await snapshot(path.join(path.dirname(output), ".site.arsip-spare"));
    const bad = path.join(articlesDir, "2020", "rusak.md");
    await fs.writeFile(bad, article("Foto rusak", "2020-01-04T09:00:00+07:00", ["image:", '  caption: "Keterangan."', `  file: "${file}"`]));
    try {
      const result = await runBuild(env());
      expect(result.code).toBe(1);
      if (!file.includes("tautan")) expect(result.stderr).toMatch(/2020\/rusak\.md(:\d+)?: field "image\.file": /);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(differences(await snapshot(output), before)).toEqual([]);
      // Refused before staging: the spare, where a build stages, is as it was (a build that had
      // started staging would have taken it and removed it on failure).
      expect(beside).toEqual([".site.arsip-spare"]);
      expect(await buildFoldersBeside(output)).toEqual(beside);
      expect(differences(await snapshot(path.join(path.dirname(output), ".site.arsip-spare")), spare)).toEqual([]);
    } finally {
      await fs.rm(bad);
    }
  }, 60_000);
});

describe("preparePhotos", () => {
  test("reports every bad photo of every article in one error, in file order, and processes a shared photo once", async () => {
    const dir = await makeTempDir("arsip-prepare-");
    try {
      const articlesDir = path.join(dir, "articles");
      await fs.mkdir(path.join(articlesDir, "foto"), { recursive: true });
      await fs.writeFile(path.join(articlesDir, "foto", "baik.jpg"), await photoJpeg(9, 120, 80));
      await fs.writeFile(path.join(articlesDir, "foto", "teks.png"), "teks");
      const make = (name: string, file: string) =>
        parseArticle(article(name, "2020-01-01T09:00:00+07:00", ["image:", "  caption: K.", `  file: ${file}`]), path.join(articlesDir, `${name}.md`), ["tempo"]);
      const good = [make("a", "foto/baik.jpg"), make("b", "foto/baik.jpg")];
      const cacheDir = path.join(dir, "cache");
      const prepared = await preparePhotos(good, { articlesDir, cacheDir });
      expect(prepared.photos.get(good[0]!)).toEqual(prepared.photos.get(good[1]!));
      expect(photoPrints(prepared, prepared.photos.values()).size).toBe(3);
      const error = await preparePhotos([make("c", "foto/hilang.jpg"), ...good, make("d", "foto/teks.png")], { articlesDir, cacheDir }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as ArchiveError).errors.map((each) => [path.basename(each.file), each.problems[0]!.field])).toEqual([
        ["c.md", "image.file"],
        ["d.md", "image.file"],
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
