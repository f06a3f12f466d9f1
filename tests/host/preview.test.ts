/**
 * src/host/preview.ts answers as a static host would, over HTTP, on a small hand-made output
 * folder: prefix, folders, 404 page, `_redirects`, `_headers` and the default Cache-Control.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPreview, type PreviewServer } from "../../src/host/preview.ts";
import { defaultCache, immutableCache } from "../../src/hosting.ts";
import { writeFixture } from "../helpers/build.ts";

let dir: string;
let server: PreviewServer;

beforeAll(async () => {
  dir = await writeFixture({
    "index.html": "<p>beranda</p>",
    "404.html": "<p>tidak ditemukan</p>",
    "topik/index.html": "<p>topik</p>",
    "assets/style.0123456789.css": "body{}",
    "baru/index.html": "<p>baru</p>",
    _headers: "/arsip/*\n  X-Content-Type-Options: nosniff\n/arsip/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n",
    _redirects: "/arsip/lama/ /arsip/baru/ 301\n",
  });
  server = await startPreview(dir, { pathPrefix: "/arsip/" });
});
afterAll(async () => {
  await server?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const get = (sitePath: string) => fetch(`${server.origin}${sitePath}`, { redirect: "manual" });

describe("startPreview", () => {
  test("serves pages under the prefix with _headers and the hosts' default Cache-Control", async () => {
    const response = await get("/arsip/topik/");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("<p>topik</p>");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe(defaultCache);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  });

  test("gives hashed assets their immutable Cache-Control", async () => {
    const response = await get("/arsip/assets/style.0123456789.css");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe(immutableCache);
  });

  test("answers a missing file, and anything outside the prefix, with 404.html and status 404, headers applied", async () => {
    for (const missing of ["/arsip/tidak-ada/", "/topik/", "/arsip/_headers", "/arsip/_redirects", "/arsip/..%2f..%2f", "/arsip/..%2f..%2fetc/passwd"]) {
      const response = await get(missing);
      expect(response.status, missing).toBe(404);
      expect(await response.text()).toBe("<p>tidak ditemukan</p>");
    }
    expect((await get("/arsip/tidak-ada/")).headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("redirects a folder asked for without its slash", async () => {
    const response = await get("/arsip/topik");
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/arsip/topik/");
  });

  test("applies _redirects with a 301, with or without the trailing slash", async () => {
    for (const old of ["/arsip/lama/", "/arsip/lama"]) {
      const response = await get(old);
      expect(response.status, old).toBe(301);
      expect(response.headers.get("location")).toBe("/arsip/baru/");
    }
  });

  test("logs every request with its status", async () => {
    const before = server.requests.length;
    await get("/arsip/");
    await get("/arsip/x");
    expect(server.requests.slice(before)).toEqual([
      { method: "GET", path: "/arsip/", status: 200 },
      { method: "GET", path: "/arsip/x", status: 404 },
    ]);
  });
});
