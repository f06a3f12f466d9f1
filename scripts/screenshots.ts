/**
 * `npm run screenshots`: builds the site from articles/ into a temporary folder, serves it locally
 * and writes docs/screenshots/<page>-<width>[-dark].png with headless Chromium (the browser tests'
 * launcher, so CHROME_PATH and the same flags apply). The README shows these files.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { launchBrowser } from "../tests/helpers/browser.ts";
import { projectRoot } from "../tests/helpers/build.ts";
import { serveSite } from "../tests/helpers/server.ts";

const outputDir = path.join(projectRoot, "docs", "screenshots");

const pages = [
  { name: "beranda", path: "/" },
  { name: "artikel", path: "/2017/08/04/bos-telegram-pavel-durov-indonesia-sangat-luar-biasa/" },
  { name: "topik", path: "/topik/telegram/" },
];

const viewports = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];

function build(siteDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/build.ts", "--quiet"], {
      cwd: projectRoot,
      env: { ...process.env, OUTPUT_DIR: siteDir, PATH_PREFIX: "/", ELEVENTY_RUN_MODE: "" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`the build exited with code ${code}`))));
  });
}

async function main(): Promise<void> {
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), "arsip-screenshots-"));
  const siteDir = path.join(temp, "_site");
  await build(siteDir);
  const server = await serveSite(siteDir, "/");
  const browser = await launchBrowser();
  try {
    await fs.mkdir(outputDir, { recursive: true });
    const shots = [
      ...viewports.flatMap((viewport) => pages.map((page) => ({ page, viewport, colorScheme: "light" as const }))),
      // Dark mode, shown once per width on the article page.
      ...viewports.map((viewport) => ({ page: pages[1]!, viewport, colorScheme: "dark" as const })),
    ];
    for (const { page, viewport, colorScheme } of shots) {
      const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
      const tab = await context.newPage();
      const response = await tab.goto(server.url(page.path), { waitUntil: "networkidle" });
      if (response?.status() !== 200) throw new Error(`${page.path} answered ${response?.status()}`);
      const file = path.join(outputDir, `${page.name}-${viewport.width}${colorScheme === "dark" ? "-gelap" : ""}.png`);
      await tab.screenshot({ path: file });
      console.log(path.relative(projectRoot, file));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await fs.rm(temp, { recursive: true, force: true });
  }
}

await main();
