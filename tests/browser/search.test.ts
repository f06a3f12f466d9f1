/**
 * Full-text search (/cari/) in headless Chromium against the built fixture site with its Pagefind
 * index, at the site root and under a path prefix: Indonesian results and messages, filters by
 * topic and outlet, result links that work under the prefix, and nothing loaded from elsewhere.
 */
import type { BrowserContext, Page } from "playwright-core";
import { beforeEach, afterEach, describe, expect, test } from "vitest";
import strings from "../../templates/_data/strings.json" with { type: "json" };
import { delayFilterFiles, runAxe, watchPage, type PageActivity } from "../helpers/browser.ts";
import { useServedSite } from "../helpers/served-site.ts";
import { merdekaTitle, searchWords, syntheticCount, syntheticTopic } from "../helpers/site-fixture.ts";

/** expect.poll waits 1 s by default; a loaded CI machine can need longer. */
const patient = { timeout: 15_000 };

const merdekaPath = "/2017/08/02/bos-telegram-tetap-ogah-buka-data-pengguna/";
const tempoTitle = "Bos Telegram Pavel Durov: Indonesia Sangat Luar Biasa";

describe.each([
  { label: "under the path prefix /arsip/", pathPrefix: "/arsip/", siteUrl: "https://example.org/arsip/" },
  { label: "at the site root", pathPrefix: "/", siteUrl: "http://localhost:8080/" },
])("search $label", ({ pathPrefix, siteUrl }) => {
  const fixture = useServedSite({ pathPrefix, siteUrl });
  let context: BrowserContext;
  let page: Page;
  let activity: PageActivity;

  beforeEach(async () => {
    context = await fixture.browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    activity = await watchPage(page, fixture.server.origin);
  });

  afterEach(async () => {
    await context.close();
  });

  /** Opens the search page, types `query` and waits until Pagefind has answered. */
  async function search(query: string): Promise<void> {
    await page.goto(fixture.server.url("/cari/"));
    const input = page.getByRole("textbox");
    await input.fill(query);
    // Pagefind says "Mencari <query>…" while it works, then how many results it found.
    await page.locator(".pagefind-ui__message").filter({ hasText: query, hasNotText: /^Mencari/ }).waitFor();
  }

  const resultLinks = () => page.locator(".pagefind-ui__result-link");

  test("a word found only in the Merdeka article's body finds that article first", async () => {
    await search(searchWords.merdekaOnly);
    await expect.poll(() => resultLinks().count(), patient).toBeGreaterThan(0);
    const first = resultLinks().first();
    expect(await first.innerText()).toBe(merdekaTitle);
    expect(await first.getAttribute("href")).toBe(`${pathPrefix}${merdekaPath.slice(1)}`);
  });

  test("a result link opens the article under the path prefix", async () => {
    await search(searchWords.merdekaOnly);
    await resultLinks().first().click();
    await page.waitForURL(fixture.server.url(merdekaPath));
    expect(await page.locator("main h1").innerText()).toBe(merdekaTitle);
  });

  test("a word found nowhere gets the Indonesian no-results message", async () => {
    await search(searchWords.nowhere);
    expect(await page.locator(".pagefind-ui__message").innerText()).toBe(`Tidak ada hasil untuk ${searchWords.nowhere}`);
    expect(await resultLinks().count()).toBe(0);
  });

  test("the search form and its filters speak Indonesian", async () => {
    await search("Telegram");
    const input = page.getByRole("textbox");
    expect(await input.getAttribute("placeholder")).toBe(strings.search.ui.placeholder);
    expect(await page.getByRole("search").getAttribute("aria-label")).toBe(strings.search.ui.search_label);
    expect(await page.locator(".pagefind-ui__search-clear").innerText()).toBe(strings.search.ui.clear_search);
    await expect.poll(() => page.locator(".pagefind-ui__filter-name").allInnerTexts(), patient).toEqual(["Bulan", "Sumber", "Topik"]);
    expect(await page.locator(".pagefind-ui__message").innerText()).toBe("2 hasil untuk Telegram");
    const text = await page.locator("main").innerText();
    expect(text).not.toMatch(/\b(results?|Search|Clear|Load more|Filters?|Searching)\b/);
  });

  const filterValues = () =>
    page.locator(".pagefind-ui__filter-checkbox").evaluateAll((boxes) =>
      boxes.map((box) => `${(box as HTMLInputElement).name}: ${(box as HTMLInputElement).value}`),
    );
  const everyFilter = ["sumber: Merdeka.com", "sumber: Tempo.co", "topik: Telegram", "topik: Pavel Durov", `topik: ${syntheticTopic}`];

  test("filters offer every outlet and topic of the indexed articles", async () => {
    await search("Telegram");
    await expect.poll(filterValues, patient).toEqual(expect.arrayContaining(everyFilter));
  });

  test("the first results offer the merged indexes' filters even when their files load late", async () => {
    // Pagefind's UI runs its first search without waiting for the filter files it is loading,
    // and a search counts only loaded filters: a slow 2016 index would leave its topic out.
    await delayFilterFiles(page, `${pathPrefix}pagefind/2016/`);
    await page.goto(`${fixture.server.url("/cari/")}?q=Telegram`);
    await expect.poll(() => resultLinks().count(), patient).toBe(2);
    await expect.poll(filterValues, patient).toEqual(expect.arrayContaining(everyFilter));
    expect(await resultLinks().count()).toBe(2);
  });

  test("filtering by outlet keeps only that outlet's articles", async () => {
    await search("Durov");
    await expect.poll(() => resultLinks().allInnerTexts(), patient).toEqual(expect.arrayContaining([merdekaTitle, tempoTitle]));
    await page.locator(".pagefind-ui__filter-name", { hasText: "Sumber" }).click();
    await page.getByLabel(/^Tempo\.co/).check();
    await expect.poll(() => resultLinks().allInnerTexts(), patient).toEqual([tempoTitle]);
  });

  test("filtering by topic keeps only that topic's articles", async () => {
    await search("sintetis");
    await expect.poll(() => resultLinks().count(), patient).toBeGreaterThan(0);
    await page.locator(".pagefind-ui__filter-name", { hasText: "Topik" }).click();
    await page.getByLabel(/^Uji Tampilan/).check();
    // Synthetic article n has the topic "Uji Tampilan" when n % 3 == 1.
    const expected = Array.from({ length: syntheticCount }, (_, index) => index + 1).filter((n) => n % 3 === 1).length;
    await expect.poll(() => page.locator(".pagefind-ui__message").innerText(), patient).toBe(`${expected} hasil untuk sintetis`);
  });

  test("a query in the address is searched at once", async () => {
    await page.goto(`${fixture.server.url("/cari/")}?q=${searchWords.merdekaOnly}`);
    await expect.poll(() => resultLinks().first().innerText(), patient).toBe(merdekaTitle);
  });

  test("searching loads everything from the local server, without errors", async () => {
    await search(searchWords.merdekaOnly);
    await resultLinks().first().waitFor();
    // One index per shard, merged: the seeds' month, the newest, is the primary, the synthetic
    // 2016 is merged in.
    for (const shard of ["2017-08", "2016"]) {
      expect(activity.requests.some((url) => url.includes(`${pathPrefix}pagefind/${shard}/pagefind-entry.json`)), shard).toBe(true);
    }
    expect([...activity.consoleErrors, ...activity.failedRequests, ...activity.foreignRequests]).toEqual([]);
  });

  test.each(["light", "dark"] as const)("axe finds no WCAG 2.1 AA violation in the results, %s colour scheme", async (colorScheme) => {
    await page.emulateMedia({ colorScheme });
    await search("Telegram");
    await resultLinks().first().waitFor();
    await page.locator(".pagefind-ui__filter-name", { hasText: "Topik" }).click();
    const report = await runAxe(page);
    expect(report.violations.map((rule) => `${rule.id}: ${rule.help} at ${rule.targets.join(", ")}`)).toEqual([]);
  });

  test("results fit a 320 px wide screen", async () => {
    await page.setViewportSize({ width: 320, height: 700 });
    await search("Telegram");
    await resultLinks().first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });
});
