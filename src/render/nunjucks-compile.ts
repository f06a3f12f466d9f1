/**
 * One compilation per Nunjucks template source, however many pages render it.
 *
 * Eleventy 3.1 hands Nunjucks a new `Template` for every page it renders (its own compile cache
 * is off for Nunjucks since 3.1: "we've moved to use Nunjucks' internal cache"), and Nunjucks
 * compiles each new `Template` on its first render: the source through Nunjucks' compiler, then
 * the generated JavaScript through `new Function`. Nunjucks' own cache only covers templates its
 * loader finds (includes, layouts), not the page templates Eleventy gives it as strings. So every
 * page of a paginated template (one per article, one per list page) compiled the same one-line
 * body again: ~45 µs a page, 0.7 s of a 10,000-article build's render step, and as much code for
 * V8 to compile and collect.
 *
 * `shareCompiledTemplates` wraps `Template#_compile` (nunjucks 3.2, Eleventy's own copy) so that
 * a template compiles once per environment, path and source, and every later `Template` with the
 * same three takes the compiled functions (`tmplProps`, Nunjucks' own slot for precompiled code).
 * They are pure functions of (env, context, frame, runtime, callback), as the compiled includes
 * Nunjucks already shares between pages are. A changed source (an edited template in the dev
 * server) is a new key and compiles anew; a failed compilation is not kept and fails as before.
 */
import { createRequire } from "node:module";

/** The parts of a nunjucks 3.2 `Template` that its `_compile` reads (nunjucks/src/environment.js). */
interface NunjucksTemplate {
  env: NunjucksEnvironment;
  path: string | null | undefined;
  tmplStr?: unknown;
  tmplProps?: object;
}

interface NunjucksEnvironment {
  asyncFilters: unknown;
  extensionsList: unknown;
  opts: unknown;
}

export interface NunjucksModule {
  Template: { prototype: { _compile(this: NunjucksTemplate): void } };
}

export interface NunjucksCompiler {
  compile(source: string, asyncFilters: unknown, extensions: unknown, name: string | null | undefined, opts: unknown): string;
}

/** Compiled template code (`{ root, b_<block>… }`) by environment, then by path and source. */
const compiledByEnvironment = new WeakMap<NunjucksEnvironment, Map<string, object>>();

/** The nunjucks modules whose `Template` already shares compiled code. */
const wrapped = new WeakSet<NunjucksModule>();

/** The nunjucks that Eleventy itself loads, so that its `Template` is the one wrapped. */
function eleventysNunjucks(): { nunjucks: NunjucksModule; compiler: NunjucksCompiler } {
  const fromEleventy = createRequire(createRequire(import.meta.url).resolve("@11ty/eleventy"));
  return { nunjucks: fromEleventy("nunjucks") as NunjucksModule, compiler: fromEleventy("nunjucks/src/compiler") as NunjucksCompiler };
}

/** Compiles `template`'s source as Nunjucks does, or takes the code compiled for the same environment, path and source. */
function compiledCode(template: NunjucksTemplate, source: string, compiler: NunjucksCompiler): object {
  let compiled = compiledByEnvironment.get(template.env);
  if (compiled === undefined) compiledByEnvironment.set(template.env, (compiled = new Map()));
  const key = `${template.path ?? ""}\0${source}`;
  let code = compiled.get(key);
  if (code === undefined) {
    const { env } = template;
    // As nunjucks' Template#_compile does it.
    code = new Function(compiler.compile(source, env.asyncFilters, env.extensionsList, template.path, env.opts))() as object;
    compiled.set(key, code);
  }
  return code;
}

let eleventys: ReturnType<typeof eleventysNunjucks> | undefined;

/** Makes every Nunjucks `Template` in this process share compiled code (see above). Idempotent. */
export function shareCompiledTemplates(): void {
  eleventys ??= eleventysNunjucks();
  shareCompiledTemplatesOf(eleventys.nunjucks, eleventys.compiler);
}

/**
 * The same for a given nunjucks module and its compiler: bench/eleventy-floor.mjs loads this file
 * on its own, without src/'s bundle, and passes the copy Eleventy loads. Idempotent.
 */
export function shareCompiledTemplatesOf(nunjucks: NunjucksModule, compiler: NunjucksCompiler): void {
  if (wrapped.has(nunjucks)) return;
  wrapped.add(nunjucks);
  const compile = nunjucks.Template.prototype._compile;
  nunjucks.Template.prototype._compile = function (this: NunjucksTemplate) {
    if (this.tmplProps === undefined && typeof this.tmplStr === "string") this.tmplProps = compiledCode(this, this.tmplStr, compiler);
    compile.call(this);
  };
}
