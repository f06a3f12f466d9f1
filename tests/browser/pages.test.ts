/**
 * Every page type of the built fixture site in headless Chromium, served by `npm run preview`'s
 * server with the site's _headers (so under its Content-Security-Policy), at the site root and
 * under a path prefix: WCAG 2.1 AA (axe-core, light and dark), no console errors and no CSP
 * violation (tests/helpers/browser.ts `watchPage` reports each as an error), no failed requests, no request to another host, no horizontal scrolling at 320 and
 * 390 px, a visible keyboard focus, and readable with JavaScript turned off.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { findChromium, runAxe, watchPage } from "../helpers/browser.ts";
import { useServedSite } from "../helpers/served-site.ts";
import { photoArticle } from "../helpers/site-fixture.ts";

/** expect.poll waits 1 s by default; a loaded CI machine can need longer. */
const patient = { timeout: 15_000 };

/** One page of each type (site paths, without the prefix). */
const pageTypes = {
  home: "/",
  "home, page 1": "/halaman/1/",
  "article (Merdeka)": "/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/",
  "article (Tempo, with read-also boxes)": "/2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/",
  "article with a photo": photoArticle.url,
  "topic index": "/topik/",
  "topic page": "/topik/telegram/",
  "topic page, page 1": "/topik/topik-uji/halaman/1/",
  "outlet index": "/sumber/",
  "outlet page": "/sumber/merdeka/",
  "rubric page": "/sumber/merdeka/rubrik/teknologi/",
  "reporter page": "/sumber/merdeka/penulis/fauzan-jamaludin/",
  "date index": "/indeks/",
  "month page": "/indeks/2017/08/",
  "404": "/halaman-yang-tidak-ada/",
  search: "/cari/",
} as const;

type PageType = keyof typeof pageTypes;
const pageNames = Object.keys(pageTypes) as PageType[];
const notFoundPath = pageTypes["404"];

// Under the prefix every check runs; at the root, the checks that URLs can break. The markup, and
// so what axe, the layout and the focus checks see, is the same in both builds but for its URLs.
describe.each([
  { label: "under the path prefix /arsip/", pathPrefix: "/arsip/", siteUrl: "https://example.org/arsip/", everyCheck: true },
  { label: "at the site root", pathPrefix: "/", siteUrl: "http://localhost:8080/", everyCheck: false },
])("every page type $label", ({ pathPrefix, siteUrl, everyCheck }) => {
  const fixture = useServedSite({ pathPrefix, siteUrl });

  /** Opens each page type in turn in one page of `context` and collects `check`'s problems. */
  async function eachPage(context: BrowserContext, check: (page: Page, name: PageType, url: string) => Promise<string[]>): Promise<string[]> {
    const problems: string[] = [];
    const page = await context.newPage();
    for (const name of pageNames) {
      const url = fixture.server.url(pageTypes[name]);
      problems.push(...(await check(page, name, url)).map((problem) => `${name} (${pageTypes[name]}): ${problem}`));
    }
    await page.close();
    return problems;
  }

  test("every page loads with its expected status", async () => {
    const context = await fixture.browser.newContext();
    const statuses = await eachPage(context, async (page, name, url) => {
      const response = await page.goto(url);
      return [`${response?.status()}`];
    });
    await context.close();
    expect(statuses).toEqual(pageNames.map((name) => `${name} (${pageTypes[name]}): ${name === "404" ? 404 : 200}`));
  });

  test("no page logs an error, fails a request or asks another host for anything", async () => {
    const context = await fixture.browser.newContext();
    const page = await context.newPage();
    const activity = await watchPage(page, fixture.server.origin, { url: fixture.server.url(notFoundPath), status: 404 });
    const before = fixture.server.requests.length;
    for (const name of pageNames) await page.goto(fixture.server.url(pageTypes[name]), { waitUntil: "networkidle" });
    await context.close();
    expect([
      ...activity.consoleErrors.map((text) => `console error: ${text}`),
      ...activity.failedRequests.map((text) => `failed request: ${text}`),
      ...activity.foreignRequests.map((text) => `request to another host: ${text}`),
    ]).toEqual([]);
    expect(activity.requests.length).toBeGreaterThan(pageNames.length * 2);
    // The server's own log also sees what the browser asks for by itself, such as a favicon.
    const served = fixture.server.requests.slice(before).filter((request) => request.status >= 400 && request.path !== `${pathPrefix}${notFoundPath.slice(1)}`);
    expect(served).toEqual([]);
  });

  if (everyCheck) {
    test.each(["light", "dark"] as const)("axe finds no WCAG 2.1 AA violation on any page, %s colour scheme", async (colorScheme) => {
      const context = await fixture.browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
      let rulesPassed = 0;
      const problems = await eachPage(context, async (page, _name, url) => {
        await page.goto(url);
        const report = await runAxe(page);
        rulesPassed += report.passes;
        return report.violations.map((rule) => `${rule.id} (${rule.impact}): ${rule.help} at ${rule.targets.join(", ")}`);
      });
      await context.close();
      expect(problems).toEqual([]);
      expect(rulesPassed).toBeGreaterThan(pageNames.length * 10);
    });

    test.each([320, 390])("no page scrolls sideways at %i px wide", async (width) => {
      const context = await fixture.browser.newContext({ viewport: { width, height: 800 } });
      const problems = await eachPage(context, async (page, _name, url) => {
        await page.goto(url);
        const overflow = await page.evaluate(() => {
          const root = document.documentElement;
          const wide = [...document.querySelectorAll("body *")]
            .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
            .slice(0, 3)
            .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
          return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
        });
        return overflow.scrollWidth > overflow.clientWidth ? [`page is ${overflow.scrollWidth} px wide in a ${overflow.clientWidth} px window (${overflow.wide.join(", ")})`] : [];
      });
      await context.close();
      expect(problems).toEqual([]);
    });

    test("the keyboard focus is visible: skip link first, then every focused element outlined", async () => {
      const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const problems = await eachPage(context, async (page, _name, url) => {
        await page.goto(url);
        const found: string[] = [];
        for (let step = 1; step <= 8; step++) {
          await page.keyboard.press("Tab");
          const focus = await page.evaluate(() => {
            const element = document.activeElement;
            if (!element || element === document.body) return undefined;
            const style = getComputedStyle(element);
            const box = element.getBoundingClientRect();
            return {
              label: `${element.tagName.toLowerCase()} "${(element.textContent ?? "").trim().slice(0, 30)}"`,
              className: element.className,
              outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
              shadow: style.boxShadow !== "none",
              onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
            };
          });
          if (!focus) {
            found.push(`Tab ${step} focused nothing`);
            break;
          }
          if (step === 1 && focus.className !== "skip-link") found.push(`first Tab focused ${focus.label}, not the skip link`);
          if (!focus.outline && !focus.shadow) found.push(`Tab ${step}: ${focus.label} has no visible focus outline`);
          if (!focus.onScreen) found.push(`Tab ${step}: ${focus.label} is focused off screen`);
        }
        return found;
      });
      await context.close();
      expect(problems).toEqual([]);
    });

    test("the skip link moves the focus to the main content", async () => {
      const context = await fixture.browser.newContext();
      const page = await context.newPage();
      await page.goto(fixture.server.url(pageTypes["article (Merdeka)"]));
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("konten");
      await context.close();
    });

    test.each([
      { deviceScaleFactor: 1, width: 390, file: /-400\.avif$/ },
      { deviceScaleFactor: 3, width: 390, file: /-1200\.avif$/ },
      { deviceScaleFactor: 1, width: 1280, file: /-800\.avif$/ },
    ])("the article photo loads as AVIF in the width its slot needs: $width px at $deviceScaleFactor x", async ({ deviceScaleFactor, width, file }) => {
      const context = await fixture.browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor });
      const page = await context.newPage();
      await page.goto(fixture.server.url(pageTypes["article with a photo"]), { waitUntil: "load" });
      const photo = await page.evaluate(() => {
        const img = document.querySelector<HTMLImageElement>(".article__photo img")!;
        const box = img.getBoundingClientRect();
        return { currentSrc: img.currentSrc, complete: img.complete, naturalWidth: img.naturalWidth, ratio: box.width / box.height, intrinsic: img.width / img.height, inside: box.right <= document.documentElement.clientWidth };
      });
      expect(photo.currentSrc).toMatch(file);
      expect(photo.complete && photo.naturalWidth > 0).toBe(true);
      expect(photo.ratio).toBeCloseTo(photo.intrinsic, 1);
      expect(photo.inside).toBe(true);
      await context.close();
    });
  }

  test("every page is readable with JavaScript turned off", async () => {
    const context = await fixture.browser.newContext({ javaScriptEnabled: false });
    const problems = await eachPage(context, async (page, _name, url) => {
      await page.goto(url);
      const found: string[] = [];
      const heading = page.locator("main h1");
      if (!(await heading.isVisible()) || (await heading.innerText()).trim() === "") found.push("no visible heading");
      const text = (await page.locator("main").innerText()).trim();
      if (text.length < 80) found.push(`main content is only ${text.length} characters`);
      if ((await page.locator("header nav a").count()) < 5) found.push("site navigation is missing");
      return found;
    });
    await context.close();
    expect(problems).toEqual([]);
  });

  test("without JavaScript the search page explains itself and links to the topic index", async () => {
    const context = await fixture.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(fixture.server.url(pageTypes.search));
    const note = page.locator("main noscript + *, main .search__noscript").first();
    await expect.poll(() => note.isVisible(), patient).toBe(true);
    expect(await note.innerText()).toMatch(/memerlukan JavaScript/);
    expect(await note.locator("a").first().getAttribute("href")).toBe(`${pathPrefix}topik/`);
    await context.close();
  });
});

describe("findChromium", () => {
  test("uses CHROME_PATH when it names an existing file", () => {
    expect(findChromium({ CHROME_PATH: process.execPath })).toBe(process.execPath);
  });

  test("fails with a clear message when CHROME_PATH names no file", () => {
    expect(() => findChromium({ CHROME_PATH: "/nowhere/chromium" })).toThrow(/CHROME_PATH is set to "\/nowhere\/chromium", but no file exists there/);
  });
});
