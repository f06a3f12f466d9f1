/**
 * The article schema: the one definition of an article. `parseArticle(raw, file, sourceKeys)`
 * turns a Markdown file with YAML front matter into a typed `Article` or throws an `ArticleError`
 * that lists every problem with its field and line. Nothing downstream touches raw front matter.
 *
 * The one module that imports zod, gray-matter and yaml. gray-matter only splits the file; YAML is
 * parsed with the core schema, so an unquoted `2017-08-04T14:54:00+07:00` stays text (a YAML 1.1
 * timestamp would lose its offset), without YAML 1.1 tags (`!!binary`, `!!set`: an article needs
 * none), and with yaml's alias limit, which stops "billion laughs" documents.
 */
import matter from "gray-matter";
import { parseDocument, isMap, isPair, isScalar, visit, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from "yaml";
import { z } from "zod";
import { checkArticleDate, jakartaDateParts } from "./dates.ts";
import { ArticleError, type Problem } from "../errors.ts";
import { articleUrl } from "../routes.ts";
import { slugify, slugPattern } from "./slug.ts";
import { deriveSummary } from "./summary.ts";
import { photoPathProblem } from "./photo.ts";

/**
 * Characters HTML does not allow in text and XML 1.0 forbids outright: controls other than tab and
 * line feed (C0, DEL, C1), lone surrogates and noncharacters. Most editors do not show them, so
 * they are reported by code point. https://html.spec.whatwg.org/multipage/parsing.html#preprocessing-the-input-stream
 */
const forbiddenCharacter = /(?![\t\n])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/gu;

function describeCharacter(character: string): string {
  return `invisible control character U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}, which HTML and XML do not allow`;
}

/** Text from YAML escapes such as "\u0001" never reaches a page: the file check cannot see those. */
function checkCharacters(value: string, ctx: z.RefinementCtx): void {
  const found = value.match(forbiddenCharacter);
  if (found) ctx.addIssue({ code: "custom", input: value, message: `${describeCharacter(found[0])}; remove the escape that produces it` });
}

/** A headline, name or label, trimmed (a YAML number such as `2017` is read as text). */
const text = z
  .union([z.string(), z.number().finite()])
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1).superRefine(checkCharacters));

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

/** `image.file`: a photo path relative to the article's file (src/content/photo.ts). */
const photoFile = z.string().superRefine((value, ctx) => {
  const problem = photoPathProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", input: value, message: problem });
});

/** Every topic needs a URL slug, and two entries may not name the same topic. */
function checkTopics(tags: string[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  tags.forEach((tag, index) => {
    const key = slugify(tag);
    // An empty entry already failed as text; one message per problem.
    if (tag === "") return;
    if (key === "") {
      ctx.addIssue({ code: "custom", path: [index], input: tag, message: "a topic needs letters or digits to make its URL from" });
    } else if (seen.has(key)) {
      ctx.addIssue({ code: "custom", path: [index], input: tag, message: `duplicate topic (same as "${seen.get(key)}"); list each topic once` });
    } else {
      seen.set(key, tag);
    }
  });
}

/**
 * An old URL path of the site, without the path prefix: "/2017/08/04/judul-lama/" or
 * "/berita/123.html". Plain URL characters, no dot segments or hidden names, so a redirect page
 * is never written outside the site.
 */
const aliasPattern = /^\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*\/)*[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:\/|\.html)$/;
const aliasHint = 'expected the old URL path without the path prefix, e.g. "/2017/08/04/judul-lama/"';

export function createFrontMatterSchema(sourceKeys: readonly string[]) {
  return z.strictObject({
    /** Headline as published by the outlet. */
    title: text,
    /** Publication moment, ISO 8601 with offset: "2017-08-04T14:54:00+07:00". */
    date: z.string().superRefine((value, ctx) => {
      const check = checkArticleDate(value);
      if (check.ok) return;
      const fix = check.reason.includes("such as") ? "" : '; check the day, month and time, e.g. "2017-02-28T14:54:00+07:00"';
      ctx.addIssue({ code: "custom", message: `${check.reason}${fix}`, input: value });
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
    /** The photo that ran with the article: its caption and credit, and the photo file when it was kept (src/content/photo.ts). */
    image: optional(z.strictObject({ caption: text, credit: optional(text), file: optional(photoFile), alt: optional(text) })),
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
    /** Old URLs of this article (site paths without the path prefix), each redirected to its URL now (src/archive/aliases.ts). */
    aliases: optional(z.array(z.string().regex(aliasPattern, { message: aliasHint })).min(1)),
    /** A draft is shown by the dev server only. */
    draft: optional(z.boolean()),
  });
}

export type FrontMatter = z.infer<ReturnType<typeof createFrontMatterSchema>>;

export const frontMatterFields = Object.keys(createFrontMatterSchema([]).shape);

let cachedSchema: { key: string; schema: ReturnType<typeof createFrontMatterSchema> } | undefined;

/** The schema for these outlets, built once: zod compiles a schema on first use (1.5 s per 10,000 rebuilds). */
function schemaFor(sourceKeys: readonly string[]): ReturnType<typeof createFrontMatterSchema> {
  const key = sourceKeys.join("\u0000");
  if (cachedSchema?.key !== key) cachedSchema = { key, schema: createFrontMatterSchema(sourceKeys) };
  return cachedSchema.schema;
}

/** Fields allowed inside the nested objects, for "unknown field" messages. */
const nestedFields: Record<string, readonly string[]> = {
  image: ["caption", "credit", "file", "alt"],
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


/** Reported one by one up to this many per file, then counted. */
const maxCharacterProblems = 5;

function forbiddenCharacterProblems(source: string): Problem[] {
  const matches = [...source.matchAll(forbiddenCharacter)];
  if (matches.length === 0) return [];
  const lineStarts = lineStartsOf(source);
  const problems: Problem[] = matches.slice(0, maxCharacterProblems).map((match) => ({
    line: lineAtOffset(match.index, lineStarts),
    message: `${describeCharacter(match[0])}; delete it (retype the text around it if your editor does not show it)`,
  }));
  const more = matches.length - maxCharacterProblems;
  if (more > 0) problems.push({ message: `${more} more such ${more === 1 ? "character" : "characters"}; delete them all` });
  return problems;
}

function describeInput(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "number") return String(value);
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Offsets at which lines start in `text`. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

/**
 * Line (1-based) of an offset into the file or into the front matter: gray-matter's front matter
 * starts right after the opening "---", on the file's first line, so both count the same.
 */
function lineAtOffset(offset: number, lineStarts: number[]): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

type Ranged = { range?: [number, number, number] | null } | null | undefined;

function lineOfNode(node: Ranged, lineStarts: number[]): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lineAtOffset(offset, lineStarts);
}

/** Line of the YAML value at `path`, when the path exists. */
function lineOf(doc: Document, path: readonly PropertyKey[], lineStarts: number[]): number | undefined {
  return lineOfNode(doc.getIn(path as unknown[], true) as Ranged, lineStarts);
}

/** Line of a top-level key, for fields whose value is missing or unknown. */
function lineOfKey(doc: Document, key: string, lineStarts: number[]): number | undefined {
  if (!isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  return lineOfNode(pair?.key as Ranged, lineStarts);
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

/** What each field expects, with an example: the fix printed when a value is missing or has the wrong form. */
const fieldHints: Record<string, string> = {
  title: 'expected the headline as text, e.g. title: "Bos Telegram tetap ogah buka data pengguna"',
  date: 'expected an ISO 8601 date-time with offset, e.g. date: "2017-08-04T14:54:00+07:00"',
  source: "expected an outlet key from templates/_data/sources.json, e.g. source: tempo",
  tags: 'expected a list of topics, e.g. tags: ["Telegram", "Pavel Durov"]',
  "tags.*": 'expected a topic name, e.g. "Pavel Durov"; remove empty entries',
  section: "expected the rubric as text, e.g. section: Tekno",
  reporter: "expected a name as text, e.g. reporter: Fauzan Jamaludin",
  editor: "expected a name as text, e.g. editor: Amirullah",
  dateline: "expected a city as text, e.g. dateline: Jakarta",
  summary: "expected one line of text, or nothing to derive it from the first paragraph",
  image: "expected image: { caption: ..., credit: ..., file: ... }",
  "image.caption": "expected the photo caption as text",
  "image.credit": "expected the photo credit as text, e.g. credit: ANTARA/Galih Pradipta",
  "image.file": 'expected the photo file relative to the article, e.g. file: "foto/durov.jpg"',
  "image.alt": "expected a description of the photo as text, for readers who cannot see it",
  signoff: "expected the sign-off as printed, e.g. signoff: (mdk/idc)",
  sourceRelated: "expected a list of entries with title, date and summary",
  "sourceRelated.*": "expected an entry with title, date and summary",
  "sourceRelated.*.title": "expected the related headline as text",
  "sourceRelated.*.date": 'expected the date as shown, e.g. date: "32 hari lalu"',
  "sourceRelated.*.summary": "expected the related summary as text",
  originalUrl: 'expected an absolute http(s) URL, e.g. "https://www.tempo.co/..."',
  slug: 'expected lowercase ASCII words joined by hyphens, e.g. slug: "durov-di-jakarta"',
  aliases: 'expected a list of old URL paths, e.g. aliases: ["/2017/08/04/judul-lama/"]',
  "aliases.*": aliasHint,
  draft: "expected true or false",
};

function hintFor(path: readonly PropertyKey[]): string | undefined {
  return fieldHints[path.map((part) => (typeof part === "number" ? "*" : String(part))).join(".")];
}

function problemsFromZod(error: z.ZodError, doc: Document, lineStarts: number[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const base = issue.path.map(String).join(".");
      const allowed = base === "" ? frontMatterFields : nestedFields[String(issue.path[0])] ?? [];
      for (const key of issue.keys) {
        problems.push({
          field: base === "" ? key : `${base}.${key}`,
          line: base === "" ? lineOfKey(doc, key, lineStarts) : lineOf(doc, [...issue.path, key], lineStarts),
          message: `unknown field${suggestField(key, allowed)}; allowed fields: ${allowed.join(", ")}`,
        });
      }
      continue;
    }
    const field = issue.path.map(String).join(".") || "(front matter)";
    const input = (issue as { input?: unknown }).input;
    if (input === undefined && issue.path.length > 0) {
      problems.push({
        field,
        // A nested field is missing inside its parent: point at the parent.
        line: issue.path.length > 1 ? lineOf(doc, issue.path.slice(0, -1), lineStarts) : undefined,
        message: `required field is missing; ${hintFor(issue.path) ?? "add it"}`,
      });
      continue;
    }
    // Custom checks and the topic count carry their own advice; zod's own wording does not teach.
    const ownMessage = issue.code === "custom" || (issue.code === "too_small" && issue.origin === "array");
    const expectation = ownMessage ? issue.message : hintFor(issue.path) ?? issue.message.replace(/^Invalid input: /, "");
    problems.push({ field, line: lineOf(doc, issue.path, lineStarts), message: `${expectation}; got ${describeInput(input)}` });
  }
  return problems;
}

/** Problems in file order; those without a line (missing fields) first. */
function byLine(problems: Problem[]): Problem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.index - b.index)
    .map(({ problem }) => problem);
}

/**
 * The opening and closing "---" lines. gray-matter closes the front matter at the first line that
 * *starts* with "---", so a line such as "----" or "--- x" would end it silently: refused here.
 */
function delimiterProblem(source: string): Problem | undefined {
  if (/^---[^\S\n]*[^\s-]/.test(source)) {
    // gray-matter would run "---js" front matter through eval: never for files from outside.
    return { line: 1, message: "front matter must be YAML: open it with a line that is exactly '---'" };
  }
  if (!/^---[ \t]*\n/.test(source)) {
    return { line: 1, message: "no front matter: the file must start with a line '---', then the YAML fields, then another '---'" };
  }
  const lines = source.split("\n");
  const close = lines.findIndex((line, index) => index > 0 && line.startsWith("---"));
  if (close === -1) {
    return { line: 1, message: "the front matter is never closed; add a line '---' after its last field, before the body" };
  }
  if (!/^---[ \t]*$/.test(lines[close]!)) {
    return { line: close + 1, message: "this line starts with '---' and so ends the front matter; the closing line must be exactly '---' (reword or indent this line)" };
  }
  return undefined;
}

const yamlOptions: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: "core",
  uniqueKeys: true,
  prettyErrors: false,
  // YAML 1.1 tags (!!binary, !!set, !!timestamp) would give values no field expects.
  resolveKnownTags: false,
};

/** Splits the file with gray-matter and parses the front matter (not yet converted to JS values). */
function splitFrontMatter(source: string): { doc: Document; matter: string; body: string } {
  let doc: Document | undefined;
  const refuse = (): never => {
    throw new Error("front matter in a language other than YAML");
  };
  const parsed = matter(source, {
    language: "yaml",
    engines: {
      yaml: (input: string) => {
        doc = parseDocument(input, yamlOptions);
        return {};
      },
      // Unreachable after delimiterProblem, and kept so: gray-matter's js engines use eval.
      js: refuse,
      javascript: refuse,
      coffee: refuse,
      json: refuse,
      toml: refuse,
    },
  });
  // gray-matter skips the engine when the front matter holds nothing but comments.
  return { doc: doc ?? parseDocument(parsed.matter, yamlOptions), matter: parsed.matter, body: parsed.content };
}

/** Advice for the YAML errors whose fix is not about quotes and indentation. */
const yamlFixes: Partial<Record<string, string>> = {
  DUPLICATE_KEY: "a field is given twice; keep one",
  TAB_AS_INDENT: "indent with spaces, not tabs",
  MULTIPLE_DOCS: "a '---' line inside the front matter starts a second document; remove it",
};

/** Syntax errors, unsupported tags and non-text keys: problems that stop before the schema. */
function yamlProblems(doc: Document, lineStarts: number[]): Problem[] {
  const problems: Problem[] = doc.errors.map((error) => ({
    line: lineAtOffset(error.pos[0], lineStarts),
    message: `malformed YAML: ${error.message.split("\n")[0]}; ${yamlFixes[error.code] ?? "check quotes, colons and indentation"}`,
  }));
  for (const warning of doc.warnings) {
    problems.push({
      line: lineAtOffset(warning.pos[0], lineStarts),
      message:
        warning.code === "TAG_RESOLVE_FAILED"
          ? `YAML tags are not supported (${warning.message.split("\n")[0]}); remove the tag and write the value as plain text`
          : `YAML: ${warning.message.split("\n")[0]}; remove it`,
    });
  }
  if (problems.length > 0) return problems;
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key)) {
        problems.push({ line: lineOfNode(pair.key as Ranged, lineStarts), message: "a field name must be plain text; write fields as name: value" });
      }
    },
  });
  return problems;
}

function firstAliasLine(doc: Document, lineStarts: number[]): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      line = lineOfNode(alias as Ranged, lineStarts);
      return visit.BREAK;
    },
  });
  return line;
}

/** The front matter as plain JS values; yaml's alias limit stops "billion laughs" documents. */
function frontMatterValues(doc: Document, file: string, lineStarts: number[]): unknown {
  try {
    return doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ArticleError(
      file,
      [{ line: firstAliasLine(doc, lineStarts), message: `front matter cannot be read: ${reason}; write the values out instead of YAML aliases (*name)` }],
      { cause: error },
    );
  }
}

/**
 * Parses one article file. `raw` is its decoded text; `file` names it in messages; `sourceKeys`
 * are the outlets `source` may name. Throws an `ArticleError` listing every problem found.
 */
export function parseArticle(raw: string, file: string, sourceKeys: readonly string[]): Article {
  const source = normalizeSourceText(raw);
  if (source.trim() === "") {
    throw new ArticleError(file, [{ message: "the file is empty; an article needs front matter and a body (see README, 'Adding an article')" }]);
  }
  const characterProblems = forbiddenCharacterProblems(source);
  if (characterProblems.length > 0) throw new ArticleError(file, characterProblems);
  const delimiter = delimiterProblem(source);
  if (delimiter) throw new ArticleError(file, [delimiter]);

  const front = splitFrontMatter(source);
  const { doc } = front;
  const lineStarts = lineStartsOf(front.matter);
  const syntax = yamlProblems(doc, lineStarts);
  if (syntax.length > 0) throw new ArticleError(file, syntax);
  const values = frontMatterValues(doc, file, lineStarts);
  if (values === null || typeof values !== "object" || Array.isArray(values)) {
    throw new ArticleError(file, [{ line: 2, message: "front matter must be a set of fields (name: value), e.g. title: \"...\"" }]);
  }

  const result = schemaFor(sourceKeys).safeParse(values, { reportInput: true });
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
  return {
    ...data,
    file,
    epochMs: check.ok ? check.epochMs : 0,
    slug,
    url: articleUrl(jakartaDateParts(data.date), slug),
    summary: data.summary ?? deriveSummary(body),
    sourceRelated: data.sourceRelated ?? [],
    draft: data.draft ?? false,
    body,
  };
}
