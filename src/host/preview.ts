/**
 * `npm run preview`: serves a finished output folder as Netlify or Cloudflare Pages would, so what
 * is looked at is what ships. Under the path prefix only; `/x` answers with a 301 to `/x/` when
 * that is a folder; `_redirects` applied first (301, matched with or without the trailing slash);
 * `_headers` applied to every answer (the CSP included), and the hosts' default Cache-Control
 * where no rule sets one; a missing file gets the site's 404.html with status 404; `_headers` and
 * `_redirects` themselves are not served. No live reload, no rebuilding, nothing injected.
 *
 * Files are served by sirv (lukeed/sirv, the static server of `vite preview`): it reads the folder
 * once at start, answers with ETag and 304, and refuses paths outside the folder. This module adds
 * only what sirv leaves to its caller: the prefix, the two host files and the 404 page.
 */
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import sirv from "sirv";
import { defaultCache, headersFile, headersFor, parseHeaders, parseRedirects, redirectFor, redirectsFile, type HeaderRule, type RedirectRule } from "../hosting.ts";

export interface ServedRequest {
  method: string;
  path: string;
  status: number;
}

export interface PreviewServer {
  /** "http://127.0.0.1:<port>" */
  origin: string;
  /** Absolute URL of a site path ("/topik/"), with the path prefix put in front. */
  url(sitePath: string): string;
  /** Every request answered so far, in order. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

export interface PreviewOptions {
  /** The path prefix the site was built for ("/" or "/arsip/"). */
  pathPrefix: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

async function readOptional(file: string): Promise<string> {
  return fs.readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() ?? false;
}

/** Sets the headers `rules` give `requestPath`, and the hosts' default Cache-Control if none does. */
function applyHeaders(response: http.ServerResponse, rules: readonly HeaderRule[], requestPath: string): void {
  const headers = headersFor(rules, requestPath);
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", defaultCache);
  for (const [name, value] of headers) response.setHeader(name, value);
}

/** Serves the output folder `siteDir` on `host:port` until closed. */
export async function startPreview(siteDir: string, options: PreviewOptions): Promise<PreviewServer> {
  const root = path.resolve(siteDir);
  const prefix = options.pathPrefix;
  const headerRules: HeaderRule[] = parseHeaders(await readOptional(path.join(root, headersFile)));
  const redirectRules: RedirectRule[] = parseRedirects(await readOptional(path.join(root, redirectsFile)));
  const notFoundPage = await fs.readFile(path.join(root, "404.html")).catch(() => Buffer.from("Not found"));
  const hostFiles = new Set([`${prefix}${headersFile}`, `${prefix}${redirectsFile}`]);
  // sirv calls setHeaders for every file it sends, with the path it was asked for below the prefix.
  const files = sirv(root, { etag: true, dotfiles: false, setHeaders: (response, sitePath) => applyHeaders(response, headerRules, prefix + sitePath.replace(/^\//, "")) });
  const requests: ServedRequest[] = [];

  const server = http.createServer((request, response) => {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://preview.invalid");
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      pathname = url.pathname;
    }
    const asked = request.url ?? "";
    response.on("finish", () => requests.push({ method, path: asked, status: response.statusCode }));
    const notFound = () => {
      applyHeaders(response, headerRules, pathname);
      response.writeHead(404, { "Content-Type": "text/html;charset=utf-8", "Content-Length": notFoundPage.length });
      response.end(method === "HEAD" ? undefined : notFoundPage);
    };
    const redirect = (location: string) => {
      applyHeaders(response, headerRules, pathname);
      response.writeHead(301, { Location: location, "Content-Length": 0 });
      response.end();
    };

    if (method !== "GET" && method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" });
      return response.end();
    }
    const rule = redirectFor(redirectRules, pathname);
    if (rule !== undefined) return redirect(rule.to + url.search);
    if (!pathname.startsWith(prefix) || hostFiles.has(pathname)) return notFound();
    const relative = pathname.slice(prefix.length);
    // An encoded "../" ("..%2f") survives URL parsing: nothing outside the folder is looked at.
    const resolved = path.resolve(root, relative);
    if (resolved !== root && !resolved.startsWith(root + path.sep)) return notFound();
    void (async () => {
      // A folder asked for without its slash: hosts answer with a redirect to the folder.
      if (relative !== "" && !relative.endsWith("/") && !(await isFile(path.join(root, relative))) && (await isFile(path.join(root, relative, "index.html")))) {
        return redirect(`${url.pathname}/${url.search}`);
      }
      request.url = `/${relative}${url.search}`;
      files(request, response, notFound);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  const origin = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  return {
    origin,
    url: (sitePath) => `${origin}${prefix}${sitePath.replace(/^\//, "")}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
