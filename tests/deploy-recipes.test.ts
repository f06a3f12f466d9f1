/**
 * The host recipes, parsed as the hosts parse them (YAML, TOML), since the hosts cannot be reached
 * from a test: the settings that make a deployment work must match the project's own (output and
 * cache folders, Node version, path prefix, the commands). And the README's Cloudflare Pages section.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { defaultOutputDirs } from "../src/settings.ts";
import { projectRoot } from "./helpers/build.ts";

const read = (file: string) => fs.readFile(path.join(projectRoot, file), "utf8");
/** The cache folder every recipe must keep, relative to the project (src/build/cache.ts `defaultCacheDir`). */
const cacheDir = ".cache/arsip";
const outputDir = defaultOutputDirs.production;

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  env?: Record<string, string>;
  environment?: { name: string };
  steps: Step[];
}

describe("the GitHub Pages workflow", async () => {
  const workflow = parseYaml(await read(".github/workflows/pages.yml")) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
  const build = workflow.jobs.build!;
  const step = (action: string) => build.steps.find((candidate) => candidate.uses?.startsWith(`${action}@`));
  const runs = build.steps.map((candidate) => candidate.run).filter(Boolean);

  test("runs on a push and may deploy to Pages", () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["push", "workflow_dispatch"]));
    expect(workflow.permissions).toMatchObject({ pages: "write", "id-token": "write", contents: "read" });
  });

  test("builds with Node 20 under /<repository>/, checks, and uploads the output folder", () => {
    expect(step("actions/setup-node")?.with?.["node-version"]).toBe(20);
    expect(runs).toEqual(["npm ci", "npm run build", "npm run check"]);
    expect(build.env?.PATH_PREFIX).toBe("/${{ github.event.repository.name }}/");
    expect(build.env?.SITE_URL).toBe("https://${{ github.repository_owner }}.github.io/${{ github.event.repository.name }}/");
    expect(build.env!.SITE_URL!.endsWith(build.env!.PATH_PREFIX!)).toBe(true);
    expect(step("actions/upload-pages-artifact")?.with?.path).toBe(outputDir);
  });

  test("restores and saves the build cache before the build", () => {
    const cache = step("actions/cache");
    expect(cache?.with?.path).toBe(cacheDir);
    expect(String(cache?.with?.["restore-keys"])).toMatch(/^arsip-\$\{\{ runner\.os \}\}-\s*$/);
    expect(String(cache?.with?.key).startsWith("arsip-${{ runner.os }}-")).toBe(true);
    expect(build.steps.indexOf(cache!)).toBeLessThan(build.steps.findIndex((candidate) => candidate.run === "npm run build"));
  });

  test("deploys the artifact after the build", () => {
    const deploy = workflow.jobs.deploy!;
    expect(deploy.needs).toBe("build");
    expect(deploy.environment?.name).toBe("github-pages");
    expect(deploy.steps.some((candidate) => candidate.uses?.startsWith("actions/deploy-pages@"))).toBe(true);
  });
});

describe("netlify.toml", async () => {
  const config = parseToml(await read("netlify.toml")) as {
    build: { command: string; publish: string; environment: Record<string, string> };
    plugins: { package: string; inputs: { paths: string[] } }[];
  };

  test("builds, checks and publishes the output folder with Node 20 and SITE_URL", () => {
    expect(config.build.publish).toBe(outputDir);
    expect(config.build.command).toMatch(/npm run build && npm run check$/);
    expect(config.build.command).toContain('SITE_URL="${SITE_URL:-$URL}"');
    expect(config.build.environment.NODE_VERSION).toBe("20");
  });

  test("keeps the build cache between builds", () => {
    expect(config.plugins).toEqual([{ package: "netlify-plugin-cache", inputs: { paths: [cacheDir] } }]);
  });
});

describe("README", async () => {
  const readme = await read("README.md");
  const section = (heading: string) => readme.slice(readme.indexOf(`### ${heading}\n`), readme.indexOf("\n### ", readme.indexOf(`### ${heading}\n`) + 1));

  test("the Cloudflare Pages section names the build command, the output folder, Node 20, SITE_URL, the build cache and the file limit", () => {
    const cloudflare = section("Cloudflare Pages");
    for (const needed of ["`npm run build && npm run check`", `\`${outputDir}\``, "`NODE_VERSION=20`", "`SITE_URL=", "Build cache", "`.cache/`", "20,000 files"]) {
      expect(cloudflare, needed).toContain(needed);
    }
  });

  test("package.json has the commands the recipes run", async () => {
    const scripts = (JSON.parse(await read("package.json")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.check).toBe("node bin/run.mjs src/cli/check.ts");
    expect(scripts.preview).toBe("node bin/run.mjs src/cli/preview.ts");
    expect(JSON.parse(await read("package.json")).engines.node).toBe(">=20.19");
  });
});
