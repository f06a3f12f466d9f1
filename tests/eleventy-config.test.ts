/**
 * .eleventy.ts as Eleventy loads it: wiring that a small build's output does not show.
 */
import { expect, test } from "vitest";
import { runScript } from "./helpers/build.ts";

test("Eleventy's per-filter timing warnings stay off, as the rest of its console output", async () => {
  const probe = await runScript("tests/helpers/eleventy-config-probe.ts", {});
  expect(probe.stderr).toBe("");
  expect(JSON.parse(probe.stdout.trim().split("\n").pop()!)).toEqual({ filterTimingVerbose: false });
});
