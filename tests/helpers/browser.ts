/**
 * Headless Chromium for the browser tests, driven by playwright-core. The system Chromium is used
 * (Playwright's own browser download is not available here): CHROME_PATH if set, else the usual
 * install paths. Without one the suite fails with instructions; it never skips. Also here: axe-core
 * (WCAG 2.1 AA) and a recorder of what a page requests and logs.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { projectRoot } from "./build.ts";

const usualPaths = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** Path of a Chromium or Chrome executable, or an error that says how to install one. */
export function findChromium(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    if (fs.existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to "${fromEnv}", but no file exists there. Point it at a Chromium or Chrome executable.`);
  }
  const found = usualPaths.find((candidate) => fs.existsSync(candidate));
  if (found) return found;
  throw new Error(
    "The browser tests need Chromium, and none was found " +
      `(looked at CHROME_PATH and ${usualPaths.join(", ")}).\n` +
      "Install it, e.g. on Debian or Ubuntu: sudo apt-get install chromium\n" +
      "or set CHROME_PATH to a Chromium or Chrome executable. (.ci/run installs it in CI.)",
  );
}

/**
 * Launches headless Chromium. Playwright gives each launch a new, empty profile folder; the flags
 * turn off Chromium's own background traffic (updates, sync, QUIC probes), so every request a test
 * sees comes from the page.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

const axeSource = path.join(projectRoot, "node_modules", "axe-core", "axe.min.js");

/** axe-core rule tags for WCAG 2.1 levels A and AA. */
export const wcag21aa = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface AxeReport {
  violations: AxeFinding[];
  /** Number of rules that passed, to show the run checked something. */
  passes: number;
}

let axeScript: string | undefined;

/**
 * Runs axe-core in `page` with the WCAG 2.1 A and AA rules. axe is evaluated through the DevTools
 * protocol, not added as a script element: the pages are served with their Content-Security-Policy,
 * which refuses inline scripts (and must, so the tests see the policy the site ships).
 */
export async function runAxe(page: Page): Promise<AxeReport> {
  axeScript ??= fs.readFileSync(axeSource, "utf8");
  await page.evaluate(axeScript);
  return page.evaluate(async (tags) => {
    // `axe` is the global the injected script defines.
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeRawResults> } }).axe;
    const results = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return {
      violations: results.violations.map((rule) => ({
        id: rule.id,
        impact: rule.impact,
        help: rule.help,
        targets: rule.nodes.map((node) => node.target.join(" ")),
      })),
      passes: results.passes.length,
    };
  }, wcag21aa);
}

/** The part of axe-core's result object that runAxe reads. */
interface AxeRawResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}

/** What a page did while it was watched: console errors, failed requests, requests to other hosts. */
export interface PageActivity {
  requests: string[];
  consoleErrors: string[];
  failedRequests: string[];
  foreignRequests: string[];
}

/**
 * Records what `page` does from now on. Requests to any origin but `allowedOrigin` are recorded and
 * aborted, so a test never waits on the network. `expectedStatus` lets one URL (the 404 page) fail.
 */
export async function watchPage(page: Page, allowedOrigin: string, expected: { url?: string; status?: number } = {}): Promise<PageActivity> {
  const activity: PageActivity = { requests: [], consoleErrors: [], failedRequests: [], foreignRequests: [] };
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === allowedOrigin || url.startsWith("data:")) return route.continue();
    return route.abort("blockedbyclient");
  });
  page.on("request", (request) => {
    const url = request.url();
    activity.requests.push(url);
    if (!url.startsWith("data:") && new URL(url).origin !== allowedOrigin) activity.foreignRequests.push(url);
  });
  page.on("requestfailed", (request) => activity.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`));
  page.on("response", (response) => {
    if (response.status() < 400) return;
    if (response.url() === expected.url && response.status() === expected.status) return;
    activity.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // Chromium logs the deliberate 404 of the not-found page as a console error; that one is expected.
    if (expected.url && message.text().includes(`status of ${expected.status}`) && message.location().url === expected.url) return;
    activity.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => activity.consoleErrors.push(`uncaught: ${error.message}`));
  // Every Content-Security-Policy violation (the preview server applies the site's _headers) is
  // logged as an error, whether or not Chromium logs one itself.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.documentURI}`));
  });
  return activity;
}

/**
 * Holds back every request for the filter files of the Pagefind bundle at `bundlePath` (a URL path
 * such as "/pagefind/2016/") by `ms`, as a slow network or a loaded server would.
 */
export async function delayFilterFiles(page: Page, bundlePath: string, ms = 1_500): Promise<void> {
  await page.route(`**${bundlePath}filter/**`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.fallback();
  });
}
