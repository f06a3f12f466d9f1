/**
 * src/render/page-writer.ts: pages handed to the writer thread end up on disk with their exact
 * bytes once `flush` resolves, in folders it makes; the renderer is held back when the backlog is
 * full; a failure names the file and stops the writer; `abandon` writes nothing it had not sent.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { startPageWriter, type PageWriter } from "../../src/render/page-writer.ts";
import { filesIn, makeTempDir } from "../helpers/build.ts";

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir("arsip-writer-");
  made.push(dir);
  return dir;
}

async function withWriter<T>(writer: PageWriter, use: (writer: PageWriter) => Promise<T>): Promise<T> {
  try {
    return await use(writer);
  } finally {
    await writer.close();
  }
}

describe("startPageWriter", () => {
  test("writes every page added, byte for byte, in folders it makes, by the time flush resolves", async () => {
    const dir = await tempDir();
    const pages: (readonly [string, string])[] = Array.from({ length: 75 }, (_, index) => [path.join(dir, "2017", "08", `berita-${index}`, "index.html"), `<p>Jumat, 4 Agustus 2017 — “kutipan” ${index} ${"é".repeat(index)} 📰</p>\n`] as const);
    // Buffers of 600 bytes: a few pages each, and the last page larger than a buffer.
    pages.push([path.join(dir, "besar", "index.html"), "ÿ".repeat(1000)]);
    await withWriter(startPageWriter({ chunkBytes: 600, backlogBytes: 2 ** 20 }), async (writer) => {
      for (const [file, content] of pages) await writer.add(file, content);
      await writer.add(path.join(dir, "robots.txt"), "");
      await writer.flush();
    });
    expect((await filesIn(dir)).length).toBe(pages.length + 1);
    for (const [file, content] of pages) expect(await fs.readFile(file, "utf8")).toBe(content);
    expect(await fs.readFile(path.join(dir, "robots.txt"), "utf8")).toBe("");
  });

  test("flush waits for the chunk it sends, not only for full ones", async () => {
    const dir = await tempDir();
    await withWriter(startPageWriter({ chunkBytes: 2 ** 16, backlogBytes: 2 ** 20 }), async (writer) => {
      await writer.add(path.join(dir, "a", "index.html"), "a");
      await expect(fs.access(path.join(dir, "a", "index.html"))).rejects.toThrow();
      await writer.flush();
      expect(await fs.readFile(path.join(dir, "a", "index.html"), "utf8")).toBe("a");
    });
  });

  test("holds the renderer back while the pages not yet written pass the backlog, even within one chunk", async () => {
    const dir = await tempDir();
    await withWriter(startPageWriter({ chunkBytes: 2 ** 16, backlogBytes: 1000 }), async (writer) => {
      // One page larger than the backlog: sent at once, and `add` resolves only once it is written.
      const big = path.join(dir, "besar", "index.html");
      await writer.add(big, "x".repeat(5000));
      expect((await fs.stat(big)).size).toBe(5000);
      let settled = false;
      const small = writer.add(path.join(dir, "kecil", "index.html"), "y").then(() => (settled = true));
      await small;
      expect(settled).toBe(true);
      await writer.flush();
      expect(await fs.readFile(path.join(dir, "kecil", "index.html"), "utf8")).toBe("y");
    });
  });

  test("a page that cannot be written fails flush and every later add, naming the file", async () => {
    const dir = await tempDir();
    const blocker = path.join(dir, "berkas");
    await fs.writeFile(blocker, "not a folder");
    const blocked = path.join(blocker, "halaman", "index.html");
    // Buffers of 8 bytes: one page each.
    await withWriter(startPageWriter({ chunkBytes: 8, backlogBytes: 2 ** 20 }), async (writer) => {
      await writer.add(path.join(dir, "sebelum", "index.html"), "ok").catch(() => {});
      await writer.add(blocked, "gagal").catch(() => {});
      const failure = writer.flush();
      await expect(failure).rejects.toThrow(`Could not write ${blocked}`);
      await expect(failure).rejects.toThrow(/ENOTDIR|not a directory/);
      await expect(writer.add(path.join(dir, "sesudah", "index.html"), "no")).rejects.toThrow(`Could not write ${blocked}`);
    });
    expect(await fs.readFile(path.join(dir, "sebelum", "index.html"), "utf8")).toBe("ok");
    await expect(fs.access(path.join(dir, "sesudah"))).rejects.toThrow();
  });

  test("abandon drops the pages not sent and waits for those sent; nothing is written after it", async () => {
    const dir = await tempDir();
    // Pages of 10 characters (30 bytes of room each) in buffers of 64 bytes: four pages a buffer.
    await withWriter(startPageWriter({ chunkBytes: 64, backlogBytes: 2 ** 20 }), async (writer) => {
      for (let index = 0; index < 6; index++) await writer.add(path.join(dir, `p${index}`, "index.html"), `halaman ${index}`.padEnd(10));
      await writer.abandon();
      // The first chunk (four pages) was sent and is written; the two queued after it are dropped.
      expect(await filesIn(dir)).toEqual(["p0", "p1", "p2", "p3"].map((name) => path.join(name, "index.html")));
      // A page of the failed run rendered after it is refused, and flush says the run failed.
      await expect(writer.add(path.join(dir, "later", "index.html"), "late")).rejects.toThrow(/abandoned/);
      await expect(writer.flush()).rejects.toThrow(/abandoned/);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await filesIn(dir)).length).toBe(4);
  });

  test("a writer closed before its pages are written fails rather than claiming them written", async () => {
    const dir = await tempDir();
    const writer = startPageWriter({ chunkBytes: 2 ** 16, backlogBytes: 2 ** 20 });
    await writer.add(path.join(dir, "a", "index.html"), "a");
    await writer.close();
    await expect(writer.flush()).rejects.toThrow(/page writer stopped/);
  });
});
