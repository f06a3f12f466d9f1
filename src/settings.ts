/**
 * Build settings from the environment: the one place that reads `process.env`.
 * See README "Environment variables".
 */
import path from "node:path";
import { SettingsError } from "./errors.ts";

/** Eleventy's input folder: templates, layouts, data files and assets. */
export const templatesDir = "templates";

/**
 * Static files below `templatesDir`, copied as they are to the same folder of the output under
 * content-hashed names (src/build/assets.ts), which pages link through the `assetUrl` filter. No
 * template reads their contents.
 */
export const assetsDir = "assets";

export interface Settings {
  /** Folder with the Markdown articles (ARTICLES_DIR, default `articles`). */
  articlesDir: string;
  /** Folder the finished site is written to (OUTPUT_DIR, default `_site`, or `_site-dev` for the dev server: `defaultOutputDirs`). */
  outputDir: string;
  /** Absolute base URL of the deployed site, with a trailing slash (SITE_URL). */
  siteUrl: string;
  /** URL path the site is served under, with leading and trailing slash (PATH_PREFIX, default `/`). */
  pathPrefix: string;
  /** `production` leaves drafts and future articles out; `development` (the dev server) shows them. */
  mode: "production" | "development";
  /** Address the dev server listens on (HOST, default 127.0.0.1: drafts stay off the network). */
  host: string;
  /** Port of the dev server (PORT, default 8080). */
  port: number;
  /**
   * Most article pages in one search shard before its year splits into halves, quarters, months
   * (ARSIP_SEARCH_SHARD_PAGES; unset: the search module's `maxShardPages`).
   */
  searchShardPages?: number;
}

export const defaultSiteUrl = "http://localhost:8080/";

/**
 * Where each mode writes without OUTPUT_DIR. The dev server's pages include drafts and future
 * articles, so they never share the production folder that gets deployed (Hugo's server keeps
 * them apart too, in memory).
 */
export const defaultOutputDirs = { production: "_site", development: "_site-dev" } as const;

export function normalizePathPrefix(value: string): string {
  const trimmed = value.trim();
  if (trimmed === "" || trimmed === "/") return "/";
  // Dot segments, also percent-encoded ("%2e%2e"), would make URLs resolve outside the prefix.
  if (/[?#\\\s]|\.\.|%2e|(?:^|\/)\.(?:\/|$)|:\/\//i.test(trimmed)) {
    throw new SettingsError(
      `PATH_PREFIX: expected a URL path such as "/arsip/", got "${value}"`,
    );
  }
  return `/${trimmed.replace(/^\/+|\/+$/g, "")}/`;
}

export function normalizeSiteUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(
      `SITE_URL: expected an absolute URL such as "https://example.org/arsip/", got "${value}"`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SettingsError(`SITE_URL: expected an http(s) URL, got "${value}"`);
  }
  url.search = "";
  url.hash = "";
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/**
 * The settings, read once by each command and passed down. `mode` is the command's: the dev server
 * passes "development"; otherwise Eleventy's own `--serve`/`--watch` (ELEVENTY_RUN_MODE, for a run
 * of .eleventy.ts from the command line) selects it.
 */
export function readSettings(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
  mode: Settings["mode"] = env.ELEVENTY_RUN_MODE === "serve" || env.ELEVENTY_RUN_MODE === "watch" ? "development" : "production",
): Settings {
  const pathPrefix = normalizePathPrefix(env.PATH_PREFIX ?? "/");
  // Without SITE_URL the local dev server's address, including the prefix, is the best guess.
  const siteUrl = normalizeSiteUrl(
    env.SITE_URL && env.SITE_URL.trim() !== ""
      ? env.SITE_URL
      : new URL(pathPrefix, defaultSiteUrl).href,
  );
  // Pages link with the prefix and canonical URLs use SITE_URL: the two must name the same place.
  const sitePath = new URL(siteUrl).pathname;
  if (!sitePath.endsWith(pathPrefix)) {
    throw new SettingsError(
      `SITE_URL "${siteUrl}" does not end with PATH_PREFIX "${pathPrefix}"; set SITE_URL to the address the site is served at, e.g. "${new URL(pathPrefix, siteUrl).href}"`,
    );
  }
  const port = Number(env.PORT?.trim() || 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SettingsError(`PORT: expected a port number such as 8080, got "${env.PORT}"`);
  const shardPages = env.ARSIP_SEARCH_SHARD_PAGES?.trim() || undefined;
  if (shardPages !== undefined && !/^[1-9]\d*$/.test(shardPages)) {
    throw new SettingsError(`ARSIP_SEARCH_SHARD_PAGES: expected a whole number of pages such as 5000, got "${env.ARSIP_SEARCH_SHARD_PAGES}"`);
  }
  return {
    articlesDir: path.resolve(cwd, env.ARTICLES_DIR || "articles"),
    outputDir: path.resolve(cwd, env.OUTPUT_DIR || defaultOutputDirs[mode]),
    siteUrl,
    pathPrefix,
    mode,
    host: env.HOST?.trim() || "127.0.0.1",
    port,
    ...(shardPages === undefined ? {} : { searchShardPages: Number(shardPages) }),
  };
}

/**
 * Where `urls.lock` lives (src/build/url-lock.ts): URLS_LOCK if set, else beside the articles
 * folder (`articles/` → `urls.lock` in the project folder).
 */
export function urlsLockFile(settings: Pick<Settings, "articlesDir">, env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): string {
  const set = env.URLS_LOCK?.trim();
  return set ? path.resolve(cwd, set) : path.join(path.dirname(settings.articlesDir), "urls.lock");
}
