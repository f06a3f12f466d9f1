/**
 * The article schema: the one definition of an article. `parseArticle(raw, file, sourceKeys)`
 * turns a Markdown file with YAML front matter into a typed `Article` or throws an `ArticleError`
 * that lists every problem with its field and line. Nothing downstream touches raw front matter.
 *
 * The one module that imports zod, gray-matter and yaml. YAML is parsed with the core schema, so
 * an unquoted `2017-08-04T14:54:00+07:00` stays text (a YAML 1.1 timestamp would lose its offset),
 * and with yaml's alias limit, which stops "billion laughs" documents.
 */
import matter from "gray-matter";
import { parseDocument, isMap, isPair, isScalar, type Document } from "yaml";
import { z } from "zod";
import { checkArticleDate, jakartaDateParts } from "./dates.ts";
import { ArticleError, type Problem } from "./errors.ts";
import { slugify, slugPattern } from "./slug.ts";
import { deriveSummary } from "./summary.ts";

/** A headline, name or label: text on one line (a YAML number such as `2017` is read as text). */
const text = z.union([z.string(), z.number().finite()]).transform((value) => String(value).trim()).pipe(z.string().min(1));

/** An optional field: absent, empty (`reporter:`) and `""` all mean "not given". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === null || value === "" ? undefined : value), schema.optional());

const relatedItem = z.strictObject({
  /** Headline of the related story as the outlet listed it. */
  title: text,
  /** Its date exactly as shown at capture time ("32 hari lalu", "24 Februari 2024"). */
  date: optional(text),
  /** Its one-line summary as shown. */
  summary: optional(text),
});

/** Every topic needs a URL slug, and two entries may not name the same topic. */
function checkTopics(tags: string[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  tags.forEach((tag, index) => {
    const key = slugify(tag);
    if (key === "") {
      ctx.addIssue({ code: "custom", path: [index], input: tag, message: "a topic needs letters or digits to make its URL from" });
    } else if (seen.has(key)) {
      ctx.addIssue({ code: "custom", path: [index], input: tag, message: `duplicate topic (same as "${seen.get(key)}"); list each topic once` });
    } else {
      seen.set(key, tag);
    }
  });
}

export function createFrontMatterSchema(sourceKeys: readonly string[]) {
  return z.strictObject({
    /** Headline as published by the outlet. */
    title: text,
    /** Publication moment, ISO 8601 with offset: "2017-08-04T14:54:00+07:00". */
    date: z.string().superRefine((value, ctx) => {
      const check = checkArticleDate(value);
      if (!check.ok) ctx.addIssue({ code: "custom", message: check.reason, input: value });
    }),
    /** Key of the outlet in templates/_data/sources.json. */
    source: z.string().refine((key) => sourceKeys.includes(key), {
      message: `expected one of the outlet keys in templates/_data/sources.json (${sourceKeys.join(", ")}); add the outlet there first`,
    }),
    /** Topics as display names, at least one: "Pavel Durov". */
    tags: z.array(text).min(1, { message: "expected at least one topic, e.g. tags: [Telegram]" }).superRefine(checkTopics),
    /** Rubric or channel at the outlet ("Tekno"). */
    section: optional(text),
    /** Reporter named in the byline. */
    reporter: optional(text),
    /** Editor named by the outlet. */
    editor: optional(text),
    /** City of the dateline ("Jakarta"). */
    dateline: optional(text),
    /** One-line summary; derived from the first paragraph when absent. */
    summary: optional(text),
    /** The photo that ran with the article (there is no image file, only its caption and credit). */
    image: optional(z.strictObject({ caption: text, credit: optional(text) })),
    /** The writer/editor sign-off as printed: "NUR QOLBI | AMB", "(mdk/idc)". */
    signoff: optional(text),
    /** The outlet's own related list as captured with the article. */
    sourceRelated: optional(z.array(relatedItem)),
    /** The article at the outlet, when known. */
    originalUrl: optional(z.url({ protocol: /^https?$/, hostname: z.regexes.domain })),
    /** URL slug instead of the one derived from the title. */
    slug: optional(
      z.string().regex(slugPattern, { message: 'expected lowercase ASCII words joined by hyphens, e.g. "durov-di-jakarta"' }),
    ),
    /** A draft is shown by the dev server only. */
    draft: optional(z.boolean()),
  });
}

export type FrontMatter = z.infer<ReturnType<typeof createFrontMatterSchema>>;

export const frontMatterFields = Object.keys(createFrontMatterSchema([]).shape);

/** Fields allowed inside the nested objects, for "unknown field" messages. */
const nestedFields: Record<string, readonly string[]> = {
  image: ["caption", "credit"],
  sourceRelated: Object.keys(relatedItem.shape),
};

/** One article, validated and with everything derived that needs only the article itself. */
export interface Article extends Omit<FrontMatter, "slug" | "draft" | "summary" | "sourceRelated"> {
  /** Path for messages, relative to the working folder: "articles/2017/tempo-….md". */
  file: string;
  /** The instant, for sorting. */
  epochMs: number;
  slug: string;
  /** Site-relative URL without the path prefix: "/2017/08/04/bos-telegram-…/". */
  url: string;
  summary: string;
  sourceRelated: NonNullable<FrontMatter["sourceRelated"]>;
  draft: boolean;
  /** The Markdown body. */
  body: string;
}

/** Converts the file's text to what the parser expects: no byte-order mark, LF line endings. */
export function normalizeSourceText(raw: string): string {
  return raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

function describeInput(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Line (1-based, in the whole file) of an offset into the front matter. */
function lineAtOffset(offset: number, lineStarts: number[]): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  // gray-matter's `matter` starts right after the opening "---", on the file's first line.
  return low + 1;
}

type Ranged = { range?: [number, number, number] } | null | undefined;

/** Line of the YAML value at `path`, when the path exists. */
function lineOf(doc: Document, path: readonly PropertyKey[], lineStarts: number[]): number | undefined {
  const offset = (doc.getIn(path as unknown[], true) as Ranged)?.range?.[0];
  return offset === undefined ? undefined : lineAtOffset(offset, lineStarts);
}

/** Line of a top-level key, for fields whose value is missing or unknown. */
function lineOfKey(doc: Document, key: string, lineStarts: number[]): number | undefined {
  if (!isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  const offset = (pair?.key as Ranged)?.range?.[0];
  return offset === undefined ? undefined : lineAtOffset(offset, lineStarts);
}

/** Levenshtein distance, to suggest "title" for the typo "titel". */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function suggestField(key: string, fields: readonly string[]): string {
  const best = fields
    .map((field) => ({ field, distance: editDistance(key.toLowerCase(), field.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return best && best.distance <= 2 ? `; did you mean "${best.field}"?` : "";
}

const fieldHints: Record<string, string> = {
  title: 'expected the headline as text, e.g. title: "Bos Telegram tetap ogah buka data pengguna"',
  tags: 'expected a list of topics, e.g. tags: ["Telegram", "Pavel Durov"]',
  source: "expected an outlet key from templates/_data/sources.json",
  image: "expected image: { caption: ..., credit: ... }",
  draft: "expected true or false",
  originalUrl: 'expected an absolute http(s) URL, e.g. "https://www.tempo.co/..."',
};

function problemsFromZod(error: z.ZodError, doc: Document, lineStarts: number[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const base = issue.path.map(String).join(".");
      const allowed = base === "" ? frontMatterFields : nestedFields[String(issue.path[0])] ?? [];
      for (const key of issue.keys) {
        const field = base === "" ? key : `${base}.${key}`;
        problems.push({
          field,
          line: base === "" ? lineOfKey(doc, key, lineStarts) : lineOf(doc, [...issue.path, key], lineStarts),
          message: `unknown field${suggestField(key, allowed)}; allowed fields: ${allowed.join(", ")}`,
        });
      }
      continue;
    }
    const field = issue.path.map(String).join(".") || "(front matter)";
    const input = (issue as { input?: unknown }).input;
    const topField = String(issue.path[0] ?? "");
    const missing = input === undefined && issue.path.length === 1;
    const expectation =
      issue.code === "custom" || issue.code === "too_small" || issue.code === "invalid_format" || !(topField in fieldHints)
        ? issue.message.replace(/^Invalid input: /, "expected ")
        : fieldHints[topField]!;
    problems.push({
      field,
      line: lineOf(doc, issue.path, lineStarts),
      message: missing ? `required field is missing; ${fieldHints[topField] ?? "add it"}` : `${expectation}; got ${describeInput(input)}`,
    });
  }
  return problems;
}

/** Reads the YAML front matter with gray-matter, YAML 1.2 core schema, aliases limited. */
function readFrontMatter(source: string, file: string): { data: unknown; body: string; doc: Document; matter: string } {
  let doc: Document | undefined;
  const refuse = () => {
    throw new ArticleError(file, [{ line: 1, message: "front matter must be YAML (a line '---' opens it, another closes it)" }]);
  };
  const parsed = matter(source, {
    language: "yaml",
    engines: {
      yaml: (input: string) => {
        doc = parseDocument(input, { schema: "core", uniqueKeys: true, prettyErrors: false });
        if (doc.errors.length > 0) return {};
        return (doc.toJS({ maxAliasCount: 50 }) ?? {}) as object;
      },
      // gray-matter would run "---js" front matter through eval: never for files from outside.
      js: refuse,
      javascript: refuse,
      coffee: refuse,
      json: refuse,
      toml: refuse,
    },
  });
  if (doc === undefined) refuse();
  return { data: parsed.data, body: parsed.content, doc: doc!, matter: parsed.matter };
}

/** Problems in file order; those without a line (missing fields) first. */
function byLine(problems: Problem[]): Problem[] {
  return problems.map((problem, index) => ({ problem, index }))
    .sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.index - b.index)
    .map(({ problem }) => problem);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

/**
 * Parses one article file. `raw` is its decoded text; `file` names it in messages; `sourceKeys`
 * are the outlets `source` may name.
 */
export function parseArticle(raw: string, file: string, sourceKeys: readonly string[]): Article {
  const source = normalizeSourceText(raw);
  if (source.trim() === "") {
    throw new ArticleError(file, [{ message: "the file is empty; an article needs front matter and a body (see README, 'Adding an article')" }]);
  }
  if (/^---[^\S\n]*[a-z]+/i.test(source)) {
    throw new ArticleError(file, [{ line: 1, message: "front matter must be YAML: open it with a plain '---' line" }]);
  }
  if (!/^---[ \t]*\n/.test(source)) {
    throw new ArticleError(file, [
      { line: 1, message: "no front matter: the file must start with a line '---', then the YAML fields, then another '---'" },
    ]);
  }
  let front: ReturnType<typeof readFrontMatter>;
  try {
    front = readFrontMatter(source, file);
  } catch (error) {
    if (error instanceof ArticleError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const hint = /alias/i.test(reason) ? "; write the values out instead of YAML aliases (*name)" : "";
    throw new ArticleError(file, [{ message: `front matter cannot be read: ${reason}${hint}` }], { cause: error });
  }
  const { doc } = front;
  const lineStarts = lineStartsOf(front.matter);
  if (doc.errors.length > 0) {
    throw new ArticleError(
      file,
      doc.errors.map((yamlError) => ({
        line: lineAtOffset(yamlError.pos[0], lineStarts),
        message: `malformed YAML: ${yamlError.message.split("\n")[0]}; check quotes, colons and indentation`,
      })),
    );
  }
  if (front.data === null || typeof front.data !== "object" || Array.isArray(front.data)) {
    throw new ArticleError(file, [{ line: 2, message: "front matter must be a set of fields (key: value)" }]);
  }

  const result = createFrontMatterSchema(sourceKeys).safeParse(front.data, { reportInput: true });
  if (!result.success) throw new ArticleError(file, byLine(problemsFromZod(result.error, doc, lineStarts)));
  const data = result.data;
  const problems: Problem[] = [];

  const slug = data.slug ?? slugify(data.title);
  if (slug === "") {
    problems.push({ field: "title", line: lineOf(doc, ["title"], lineStarts), message: 'the title has no letters or digits to make a URL from; add a field slug: "kata-kata-judul"' });
  }
  const body = front.body.replace(/^\n+/, "");
  if (body.trim() === "") {
    problems.push({ message: "the article has no body; write its paragraphs after the closing '---'" });
  }
  if (problems.length > 0) throw new ArticleError(file, problems);

  const check = checkArticleDate(data.date);
  const { year, month, day } = jakartaDateParts(data.date);
  return {
    ...data,
    file,
    epochMs: check.ok ? check.epochMs : 0,
    slug,
    url: `/${year}/${month}/${day}/${slug}/`,
    summary: data.summary ?? deriveSummary(body),
    sourceRelated: data.sourceRelated ?? [],
    draft: data.draft ?? false,
    body,
  };
}
