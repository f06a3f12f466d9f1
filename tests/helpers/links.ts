/** The link reader of `npm run check` (src/host/links.ts), for tests/links.test.ts. */
export { extractLinks, readSiteLinks, resolveLink, type Link, type Resolved, type SiteLinks } from "../../src/host/links.ts";
