import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Build and browser tests run the real Eleventy build and Chromium.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    env: { TZ: "UTC" },
    // Builds run by tests keep their caches out of the project's .cache/arsip/.
    globalSetup: ["tests/helpers/global-setup.ts"],
  },
});
