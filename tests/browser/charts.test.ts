/**
 * Coverage-over-time charts in headless Chromium on the built fixture site (the two seeds plus
 * synthetic articles, tests/helpers/site-fixture.ts): the static SVG of topic, outlet and reporter
 * pages and the one the search page draws over its results. What the chart shows must be the
 * numbers its table gives, fit a 320 px screen, keep its colours in the dark scheme, and pass axe.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, describe, expect, test } from "vitest";
import { delayFilterFiles, runAxe, watchPage } from "../helpers/browser.ts";
import { useServedSite } from "../helpers/served-site.ts";
import { syntheticCount } from "../helpers/site-fixture.ts";

const patient = { timeout: 15_000 };
const listPages = ["/topik/telegram/", "/sumber/merdeka/", "/sumber/merdeka/penulis/fauzan-jamaludin/"];

describe("coverage charts", () => {
  const fixture = useServedSite({ pathPrefix: "/arsip/", siteUrl: "https://example.org/arsip/" });
  let context: BrowserContext | undefined;

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function open(path: string, options: { colorScheme?: "light" | "dark"; width?: number; javaScript?: boolean; beforeGoto?: (page: Page) => Promise<void> } = {}): Promise<Page> {
    context = await fixture.browser.newContext({ colorScheme: options.colorScheme ?? "light", viewport: { width: options.width ?? 1280, height: 900 }, javaScriptEnabled: options.javaScript ?? true });
    const page = await context.newPage();
    await watchPage(page, fixture.server.origin);
    await options.beforeGoto?.(page);
    await page.goto(fixture.server.url(path));
    return page;
  }

  /** Bars as "label: count" (their tooltips) and the table's rows the same way. */
  async function barsAndRows(page: Page, section: string) {
    const bars = await page.locator(`${section} .coverage__bar title`).allTextContents();
    const rows = await page.locator(`${section} .coverage__table tbody tr`).evaluateAll((rows) => rows.map((row) => `${row.querySelector("th")!.textContent}: ${row.querySelector("td")!.textContent}`));
    return { bars, rows };
  }

  test.each(listPages)("%s shows its articles per month as bars with the same numbers in its table, without JavaScript", async (path) => {
    const page = await open(path, { javaScript: false });
    const { bars, rows } = await barsAndRows(page, ".coverage");
    expect(bars.length).toBeGreaterThan(0);
    // Every bar is a table row; months without articles are rows with 0 and no bar.
    expect(rows.filter((row) => !row.endsWith(": 0"))).toEqual(bars);
    expect(rows).toContain("Agustus 2017: " + (path === "/topik/telegram/" ? "2" : "1"));
    expect(await page.locator(".coverage__summary").innerText()).toMatch(/^\d+ berita, .*Agustus 2017.*, dihitung per (bulan|tahun); terbanyak: /);
  });

  test("a topic chart fits a 320 px screen and keeps its bar colour apart from the background in the dark scheme", async () => {
    const page = await open("/topik/telegram/", { colorScheme: "dark", width: 320 });
    const box = (await page.locator(".coverage__chart").boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    const colours = await page.evaluate(() => ({
      bar: getComputedStyle(document.querySelector(".coverage__bar")!).fill,
      background: getComputedStyle(document.body).backgroundColor,
    }));
    // The dark scheme's accent (templates/assets/style.css), not the light one.
    expect(colours.bar).toBe("rgb(242, 149, 143)");
    expect(colours.background).toBe("rgb(21, 21, 21)");
  });

  test("the search page draws the chart over the current results, and axe finds nothing on it in either scheme", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await open("/cari/", { colorScheme, width: 320 });
      expect(await page.locator("#grafik-hasil").isHidden()).toBe(true);
      await page.getByRole("textbox").fill("Telegram");
      await expect.poll(() => page.locator("#grafik-hasil").isVisible(), patient).toBe(true);
      expect(await page.locator("#grafik-hasil .coverage__summary").innerText()).toBe("2 berita, Agustus 2017, dihitung per bulan; terbanyak: Agustus 2017 (2).");
      const { bars, rows } = await barsAndRows(page, "#grafik-hasil");
      expect(bars).toEqual(["Agustus 2017: 2"]);
      expect(rows).toEqual(["Agustus 2017: 2"]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      const report = await runAxe(page);
      expect(report.violations).toEqual([]);
      await context!.close();
      context = undefined;
    }
  });

  test("the search page's chart counts a merged index whose filter files load late", async () => {
    // The chart reads the "bulan" counts of a search, which count only loaded filter files.
    const page = await open("/cari/", { beforeGoto: (page) => delayFilterFiles(page, "/arsip/pagefind/2016/") });
    await page.getByRole("textbox").fill("sintetis");
    await expect.poll(() => page.locator("#grafik-hasil .coverage__summary").textContent(), patient).toMatch(new RegExp(`^${syntheticCount} berita, Januari 2016`));
  });

  test("the search page's chart follows a new query, and goes away when the query is cleared", async () => {
    const page = await open("/cari/");
    const input = page.getByRole("textbox");
    await input.fill("Telegram");
    await expect.poll(() => page.locator("#grafik-hasil .coverage__summary").textContent(), patient).toMatch(/^2 berita/);
    await input.fill("bersikukuh");
    await expect.poll(() => page.locator("#grafik-hasil .coverage__summary").textContent(), patient).toMatch(/^1 berita/);
    await input.fill("");
    await expect.poll(() => page.locator("#grafik-hasil").isHidden(), patient).toBe(true);
  });
});
