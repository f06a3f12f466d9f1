/**
 * src/render/nunjucks-compile.ts: every Nunjucks `Template` of the same environment, path and
 * source shares one compilation, and renders exactly as a template compiled on its own would.
 * The nunjucks here is Eleventy's own copy, the one the module wraps.
 */
import { createRequire } from "node:module";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { shareCompiledTemplates } from "../../src/render/nunjucks-compile.ts";

interface Template {
  render(context: object): string;
}
interface Nunjucks {
  Environment: new () => object;
  Template: new (source: string, env: object, path: string) => Template;
}
const fromEleventy = createRequire(createRequire(import.meta.url).resolve("@11ty/eleventy"));
const nunjucks = fromEleventy("nunjucks") as Nunjucks;
const compiler = fromEleventy("nunjucks/src/compiler") as { compile: (...args: unknown[]) => string };

const page = "{% block heading %}<h1>{{ title }}</h1>{% endblock %}<p>{{ body | upper }}</p>";

beforeAll(() => shareCompiledTemplates());
afterEach(() => vi.restoreAllMocks());

describe("shareCompiledTemplates", () => {
  test("compiles a page's source once for all its pages, each rendered with its own data", () => {
    const compile = vi.spyOn(compiler, "compile");
    const env = new nunjucks.Environment();
    const first = new nunjucks.Template(page, env, "/templates/article.njk").render({ title: "Satu", body: "isi" });
    const second = new nunjucks.Template(page, env, "/templates/article.njk").render({ title: "Dua", body: "lain" });
    expect([first, second]).toEqual(["<h1>Satu</h1><p>ISI</p>", "<h1>Dua</h1><p>LAIN</p>"]);
    expect(compile).toHaveBeenCalledTimes(1);
  });

  test("compiles again for another source, path or environment", () => {
    const compile = vi.spyOn(compiler, "compile");
    const env = new nunjucks.Environment();
    const data = { title: "T", body: "b" };
    new nunjucks.Template(page, env, "/templates/a.njk").render(data);
    expect(new nunjucks.Template(`${page}!`, env, "/templates/a.njk").render(data)).toBe("<h1>T</h1><p>B</p>!");
    new nunjucks.Template(page, env, "/templates/b.njk").render(data);
    new nunjucks.Template(page, new nunjucks.Environment(), "/templates/a.njk").render(data);
    expect(compile).toHaveBeenCalledTimes(4);
  });

  test("a template that does not compile fails each time, as Nunjucks' own error, and is not kept", () => {
    const compile = vi.spyOn(compiler, "compile");
    const env = new nunjucks.Environment();
    const broken = "{% if title %}<h1>{{ title }}</h1>";
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => new nunjucks.Template(broken, env, "/templates/broken.njk").render({ title: "T" })).toThrow(/\/templates\/broken\.njk[\s\S]*expected elif, else, or endif/);
    }
    expect(compile).toHaveBeenCalledTimes(2);
  });
});
