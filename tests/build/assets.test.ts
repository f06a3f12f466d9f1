import { describe, expect, test } from "vitest";
import { hashAssets, hashedAssetPath, withAssetNames } from "../../src/build/assets.ts";

describe("hashedAssetPath", () => {
  test("puts a digest of the bytes between the name and the extension", () => {
    expect(hashedAssetPath("assets/style.css", "abc")).toMatch(/^assets\/style\.[0-9a-f]{10}\.css$/);
  });

  test("changes when and only when the content digest changes", () => {
    expect(hashedAssetPath("assets/style.css", "abc")).toBe(hashedAssetPath("assets/style.css", "abc"));
    expect(hashedAssetPath("assets/style.css", "abc")).not.toBe(hashedAssetPath("assets/style.css", "abd"));
  });
});

describe("hashAssets", () => {
  test("maps each asset to its hashed output path, its source and its link", () => {
    const hashed = hashAssets(new Map([["assets/search.js", "d1"], ["assets/style.css", "d2"]]));
    const css = hashedAssetPath("assets/style.css", "d2");
    expect(hashed.prints.get(css)).toBe("d2");
    expect(hashed.sources.get(css)).toBe("assets/style.css");
    expect(hashed.urls).toEqual({ "/assets/search.js": `/${hashedAssetPath("assets/search.js", "d1")}`, "/assets/style.css": `/${css}` });
  });
});

describe("withAssetNames", () => {
  test("a changed asset name changes the render key; the same names keep it", () => {
    const key = withAssetNames("key", { "/assets/style.css": "/assets/style.1.css" });
    expect(withAssetNames("key", { "/assets/style.css": "/assets/style.1.css" })).toBe(key);
    expect(withAssetNames("key", { "/assets/style.css": "/assets/style.2.css" })).not.toBe(key);
  });
});
