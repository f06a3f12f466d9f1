// @citation-js/core ships no types; only the output side of its plugin registry is used
// (src/archive/citation.ts), and the input side in tests.
declare module "@citation-js/core" {
  interface OutputRegistry {
    /** Text for most formats; objects with `{ format: "object" }`. */
    format(name: string, data: readonly object[], options?: Record<string, unknown>): unknown;
  }
  interface InputRegistry {
    chain(data: string, options?: Record<string, unknown>): Record<string, unknown>[];
  }
  const core: { plugins: { output: OutputRegistry; input: InputRegistry } };
  export default core;
}
declare module "@citation-js/plugin-ris";
declare module "@citation-js/plugin-bibtex";
declare module "@citation-js/plugin-csl";
