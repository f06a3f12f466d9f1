/**
 * The browser tests serve a built site through `npm run preview`'s server (src/host/preview.ts):
 * under its path prefix, with `_headers` (the Content-Security-Policy included) and `_redirects`
 * applied and the real 404 page, exactly as a static host would. Every request is logged so tests
 * can assert what the browser asked for.
 */
import { startPreview, type PreviewServer, type ServedRequest } from "../../src/host/preview.ts";

export type { ServedRequest };
export type StaticServer = PreviewServer;

/** Serves `siteDir` at `pathPrefix` ("/" or "/arsip/") on 127.0.0.1 with a free port. */
export function serveSite(siteDir: string, pathPrefix = "/"): Promise<StaticServer> {
  return startPreview(siteDir, { pathPrefix });
}
