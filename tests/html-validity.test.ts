/**
 * The Nu HTML Checker (vnu-jar, the validator behind validator.w3.org/nu) over every HTML file of
 * the built fixture site, and its CSS checker over the stylesheet: zero errors, zero warnings.
 * Needs a Java runtime (.ci/run installs default-jre-headless).
 */
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectRoot } from "./helpers/build.ts";
import { buildFixtureSite, listHtmlFiles, type FixtureSite, removeFixtureSite } from "./helpers/site-fixture.ts";

const vnuJar = path.join(projectRoot, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

interface VnuMessage {
  type: "error" | "info" | "non-document-error";
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/** Runs vnu.jar with `args`; its JSON report comes on stderr, and it exits 1 when it found errors. */
function runVnu(args: string[]): Promise<VnuMessage[]> {
  return new Promise((resolve, reject) => {
    execFile("java", ["-jar", vnuJar, "--format", "json", ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === "ENOENT") {
        reject(new Error("The Nu HTML Checker needs Java, and no `java` was found. Install it, e.g. on Debian: sudo apt-get install default-jre-headless"));
        return;
      }
      try {
        resolve((JSON.parse(stderr) as { messages: VnuMessage[] }).messages);
      } catch {
        reject(new Error(`vnu.jar did not print a JSON report:\n${stderr}`, { cause: error }));
      }
    });
  });
}

function describeMessage(message: VnuMessage, root: string): string {
  const file = message.url ? path.relative(root, new URL(message.url).pathname) : "?";
  const kind = message.subType ?? message.type;
  return `${file}:${message.lastLine ?? "?"}: ${kind}: ${message.message}${message.extract ? ` — ${message.extract.trim()}` : ""}`;
}

describe("Nu HTML Checker", () => {
  let site: FixtureSite;
  let htmlFiles: string[];

  beforeAll(async () => {
    site = await buildFixtureSite({ pathPrefix: "/arsip/", siteUrl: "https://example.org/arsip/" });
    htmlFiles = await listHtmlFiles(site.outputDir);
  });

  afterAll(async () => {
    await removeFixtureSite(site);
  });

  test("finds no errors and no warnings in any generated HTML file", async () => {
    // Every page type of the fixture is there, so the checker has something to say about each.
    expect(htmlFiles.length).toBeGreaterThan(50);
    const messages = await runVnu(["--skip-non-html", ...htmlFiles.map((file) => path.join(site.outputDir, file))]);
    expect(messages.map((message) => describeMessage(message, site.outputDir))).toEqual([]);
  });

  test("finds no errors in the stylesheet", async () => {
    const messages = await runVnu(["--css", path.join(site.outputDir, "assets", "style.css")]);
    expect(messages.filter((message) => message.type !== "info").map((message) => describeMessage(message, site.outputDir))).toEqual([]);
  });
});
