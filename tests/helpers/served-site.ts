/**
 * For browser test suites: the fixture site built once, served by `npm run preview`'s server (its
 * _headers applied, the Content-Security-Policy included) and opened in one headless Chromium,
 * for the `describe` block that calls `useServedSite`; all of it is torn down after the block.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser.ts";
import { serveSite, type StaticServer } from "./server.ts";
import { buildFixtureSite, removeFixtureSite, type FixtureSite } from "./site-fixture.ts";

export interface ServedSite {
  site: FixtureSite;
  server: StaticServer;
  browser: Browser;
}

/** Registers the block's beforeAll/afterAll; the fields are set once beforeAll has run. */
export function useServedSite(options: { pathPrefix: string; siteUrl: string }): ServedSite {
  const served = {} as ServedSite;
  beforeAll(async () => {
    served.site = await buildFixtureSite(options);
    served.server = await serveSite(served.site.outputDir, options.pathPrefix);
    served.browser = await launchBrowser();
  });
  afterAll(async () => {
    await served.browser?.close();
    await served.server?.close();
    if (served.site) await removeFixtureSite(served.site);
  });
  return served;
}
