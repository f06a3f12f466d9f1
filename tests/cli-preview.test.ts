/**
 * `npm run preview` (src/cli/preview.ts) through the real command: it serves the production output
 * byte for byte (nothing injected, no live reload) with _headers applied, and refuses a folder
 * that holds no build, one the dev server wrote, or one built for another PATH_PREFIX.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { contentSecurityPolicy } from "../src/hosting.ts";
import { makeTempDir, projectRoot, runBuild, runScript, scriptArgs } from "./helpers/build.ts";

let dir: string;
let site: string;

beforeAll(async () => {
  dir = await makeTempDir("arsip-preview-cli-");
  site = path.join(dir, "_site");
  await fs.mkdir(path.join(dir, "articles"));
  await fs.writeFile(
    path.join(dir, "articles", "contoh.md"),
    '---\ntitle: "Contoh sintetis pratinjau"\ndate: "2016-05-01T10:00:00+07:00"\nsource: tempo\ntags: [Topik Uji]\n---\n\nTeks sintetis. Bukan berita sungguhan.\n',
  );
  const built = await runBuild({ ARTICLES_DIR: path.join(dir, "articles"), OUTPUT_DIR: site, PATH_PREFIX: "/arsip/", SITE_URL: "https://example.org/arsip/" }, ["--quiet"]);
  expect(built.code).toBe(0);
});
afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

describe("npm run preview", () => {
  test("serves the output's bytes as they are, with the headers of _headers, until stopped", async () => {
    const port = 20000 + (process.pid % 1000);
    const child = spawn(process.execPath, scriptArgs("src/cli/preview.ts"), { cwd: projectRoot, env: { ...process.env, OUTPUT_DIR: site, PATH_PREFIX: "/arsip/", PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    try {
      for (const until = Date.now() + 30_000; !log.includes("Previewing") && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(log).toContain(`at http://127.0.0.1:${port}/arsip/`);
      const response = await fetch(`http://127.0.0.1:${port}/arsip/`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-security-policy")).toBe(contentSecurityPolicy);
      expect(Buffer.from(await response.arrayBuffer()).equals(await fs.readFile(path.join(site, "index.html")))).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/arsip/tidak-ada/`)).status).toBe(404);
    } finally {
      child.kill();
    }
  });

  test("refuses a folder built for another PATH_PREFIX, naming the one to use", async () => {
    const run = await runScript("src/cli/preview.ts", { OUTPUT_DIR: site, PATH_PREFIX: "/" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("was built for PATH_PREFIX=/arsip/, not /. Run: PATH_PREFIX=/arsip/ npm run preview");
  });

  test("refuses a folder without a build, and one the dev server wrote", async () => {
    const empty = await runScript("src/cli/preview.ts", { OUTPUT_DIR: path.join(dir, "leer") });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("holds no finished build. Run npm run build first");
    const dev = path.join(dir, "dev");
    await fs.mkdir(dev);
    await fs.writeFile(path.join(dev, ".arsip-output.json"), JSON.stringify({ generator: "arsip-berita", build: "x", mode: "development" }));
    const refused = await runScript("src/cli/preview.ts", { OUTPUT_DIR: dev });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("was written by the dev server (npm start) and holds drafts");
  });
});
