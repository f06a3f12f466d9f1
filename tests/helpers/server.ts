/**
 * A small static file server for the browser tests: serves a built site under its path prefix,
 * the way a static host would. `/x/` serves `x/index.html`, `/x` redirects to `/x/` when that is a
 * folder, a missing file gets the site's 404.html with status 404, and every request is logged so
 * tests can assert what the browser asked for.
 */
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
};

export interface ServedRequest {
  method: string;
  path: string;
  status: number;
}

export interface StaticServer {
  /** "http://127.0.0.1:<port>" */
  origin: string;
  /** Absolute URL of a site path ("/topik/"), with the path prefix put in front. */
  url(sitePath: string): string;
  /** Every request answered so far, in order. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

async function fileAt(file: string): Promise<"file" | "dir" | undefined> {
  try {
    const stat = await fs.stat(file);
    return stat.isDirectory() ? "dir" : stat.isFile() ? "file" : undefined;
  } catch {
    return undefined;
  }
}

function contentType(file: string): string {
  return contentTypes[path.extname(file)] ?? "application/octet-stream";
}

/** Serves `root` at `pathPrefix` ("/" or "/arsip/") on 127.0.0.1 with a free port. */
export async function serveSite(siteDir: string, pathPrefix = "/"): Promise<StaticServer> {
  const root = path.resolve(siteDir);
  const requests: ServedRequest[] = [];
  const notFoundPage = path.join(root, "404.html");

  const server = http.createServer(async (request, response) => {
    const send = (status: number, body: Buffer | string, headers: Record<string, string> = {}) => {
      requests.push({ method: request.method ?? "GET", path: request.url ?? "", status });
      response.writeHead(status, { "cache-control": "no-store", ...headers });
      response.end(request.method === "HEAD" ? undefined : body);
    };
    const notFound = async () => {
      const page = await fs.readFile(notFoundPage).catch(() => Buffer.from("Not found"));
      send(404, page, { "content-type": contentTypes[".html"]! });
    };

    if (request.method !== "GET" && request.method !== "HEAD") return send(405, "Method not allowed");
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    } catch {
      return send(400, "Bad request");
    }
    if (!pathname.startsWith(pathPrefix)) return notFound();
    const relative = pathname.slice(pathPrefix.length);
    const file = path.resolve(root, relative);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();

    const kind = await fileAt(file);
    if (kind === "dir") {
      if (!pathname.endsWith("/")) return send(301, "", { location: `${pathname}/` });
      const index = path.join(file, "index.html");
      if ((await fileAt(index)) !== "file") return notFound();
      return send(200, await fs.readFile(index), { "content-type": contentType(index) });
    }
    if (kind === "file") return send(200, await fs.readFile(file), { "content-type": contentType(file) });
    return notFound();
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (sitePath) => `${origin}${pathPrefix}${sitePath.replace(/^\//, "")}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
