/**
 * Import rules for src/, checked by `npm run deps` (part of `npm test`). The layers, each folder
 * importing only from the ones below it:
 *
 *   cli        → anything in src/
 *   host       → base                               (what a static host does with a finished output)
 *   authoring  → build, archive, content, base
 *   build      → render, search, archive, content, base
 *   render     → archive, content, search, base      (the only code that imports Eleventy)
 *   search     → base (and archive's types)
 *   archive    → content, base                       (pure: no file system, no processes)
 *   content    → base
 *   base       = the modules at the top of src/ (errors.ts, settings.ts, routes.ts…):
 *                they import errors.ts only, and errors.ts imports nothing
 *
 * Type-only imports (`import type`, `typeof import("…")`) count like any other: `tsc` erases them,
 * so they cost nothing at run time, but they are still one folder knowing another's concepts, and
 * a change up there breaks the compile down here. `tsPreCompilationDeps: true` makes
 * dependency-cruiser see them; the one exception (search may name archive's types) is its own rule.
 *
 * Options reference: https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md
 */

/** The base: every module directly in src/, not in a folder. */
const base = "^src/[^/]+\\.ts$";

/** `^src/(a|b)/`: any module in one of these folders. */
const inFolders = (...folders) => `^src/(${folders.join("|")})/`;

/**
 * A layer's rule: a module in `folder` imports from src/ only its own folder, the base modules and
 * the folders in `below`.
 */
function layer(folder, below, comment) {
  return {
    name: `${folder}-imports-only-${below.length === 0 ? "base" : [...below, "base"].join("-")}`,
    comment,
    severity: "error",
    from: { path: inFolders(folder) },
    to: { path: "^src/", pathNot: [inFolders(folder, ...below), base] },
  };
}

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "errors-imports-nothing",
      comment: "errors.ts is the floor every other module may stand on: it imports nothing from src/, so it can never join a cycle.",
      severity: "error",
      from: { path: "^src/errors\\.ts$" },
      to: { path: "^src/" },
    },
    {
      name: "base-imports-only-errors",
      comment:
        "The modules at the top of src/ (settings.ts, routes.ts…) are the base every folder imports; importing a folder would make everything depend on it.",
      severity: "error",
      from: { path: base },
      to: { path: "^src/", pathNot: "^src/errors\\.ts$" },
    },
    layer("content", [], "content/ turns one file into an Article; it needs no archive, cache or renderer to do that, so it can be tested and reused alone."),
    layer("archive", ["content"], "archive/ turns Article[] into site data; it knows articles but not how pages are rendered, searched or written."),
    layer(
      "search",
      ["archive"],
      "search/ runs Pagefind over written pages: it needs settings and paths, not the build that calls it. (Archive imports are narrowed to types by the next rule.)",
    ),
    {
      name: "search-uses-only-archive-types",
      comment: "search/ may name archive's data shapes, but computing site data is archive's job and runs before search.",
      severity: "error",
      from: { path: inFolders("search") },
      to: { path: inFolders("archive"), dependencyTypesNot: ["type-only", "type-import"] },
    },
    layer("host", [], "host/ looks at a finished output folder as a static host would (preview, check); it needs the host files' format and routes from the base, not the build that made the folder."),
    layer("render", ["archive", "content", "search"], "render/ is the Eleventy side: it formats data the lower layers made and never drives a build."),
    layer(
      "build",
      ["render", "search", "archive", "content"],
      "build/ orchestrates a build (plan, cache, output, pipeline); it must not depend on the authoring tools or the command line that call it.",
    ),
    layer(
      "authoring",
      ["build", "archive", "content"],
      "authoring/ writes new article files (new, import); it validates them as content/ does and may ask build/ for the site, but does not render or search.",
    ),
    {
      name: "no-circular",
      comment: "A cycle makes two modules one: neither can be understood, tested or moved without the other, and ESM load order decides which sees the other half-initialised.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "only-render-imports-eleventy",
      comment:
        "Eleventy is a renderer behind render/ (STYLE.md 1): an Eleventy upgrade touches one folder, and everything below can be tested without starting it. Its plugins and dev server are separate packages and not covered.",
      severity: "error",
      from: { path: "^src/", pathNot: inFolders("render") },
      // Resolved into node_modules, or the bare name when it could not be resolved.
      to: { path: "^(node_modules/)?@11ty/eleventy(/|$)" },
    },
    {
      name: "src-imports-no-tests-or-bench",
      comment: "The shipped code must run without the test and benchmark folders; helpers both need belong in src/.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(tests|bench)/" },
    },
    {
      name: "archive-is-pure",
      comment: "archive/ computes site data from its arguments only: no file reads or writes, no child processes, so a build is repeatable and archive tests need no temp folders.",
      severity: "error",
      from: { path: inFolders("archive") },
      to: { dependencyTypes: ["core"], path: "^(node:)?(fs|fs/promises|child_process)$" },
    },
    {
      name: "imports-resolve",
      comment: "An import dependency-cruiser cannot resolve is one no rule above can check.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
