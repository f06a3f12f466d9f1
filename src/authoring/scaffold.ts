/**
 * Draft scaffolding: the text and the place of a new article file. Pure: the editor commands
 * (`npm run new`, `npm run import`, in src/cli/) read arguments and write files; this module turns
 * fields into a Markdown file with YAML front matter and names it after the existing articles,
 * `<yyyy>/<source>-<yyyy-mm-dd>-<words>.md`.
 *
 * Every field of the schema is written, empty when unknown, so the editor sees what can be filled
 * in. Text values are written as YAML double-quoted scalars, which need no judgement about which
 * titles YAML would misread ("yes", "1945", "Durov: #1"); the yaml library stays in schema.ts.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { checkArticleDate, jakartaDateParts, parseIndonesianDate } from "../content/dates.ts";
import { SettingsError } from "../errors.ts";
import { frontMatterFields, type FrontMatter } from "../content/schema.ts";
import { slugify, slugPattern } from "../content/slug.ts";

/** The fields a draft is made from: title, date, source and tags, plus whatever else is known. */
export type DraftFields = Pick<FrontMatter, "title" | "date" | "source" | "tags"> & Partial<FrontMatter>;

/**
 * The body of a draft made by `npm run new`. The schema refuses an empty body, and a draft must
 * validate so that the dev server can show it; this line tells the editor what goes here.
 */
export const draftBodyPlaceholder =
  "Tulis isi berita di sini: salin paragraf dari sumber apa adanya, satu paragraf per blok, lalu hapus kalimat ini.";

/** The words part of a file name is cut at this length (the URL slug comes from the title). */
export const fileWordsMaxLength = 40;

/** Fields of a new draft: the required ones given, everything else empty, `draft: true`. */
export function createDraftFields(required: Pick<FrontMatter, "title" | "date" | "source" | "tags">): DraftFields {
  return { ...required, draft: true };
}

/** "Telegram, Pavel Durov" → ["Telegram", "Pavel Durov"]: comma-separated, blanks dropped. */
export function parseTagList(text: string): string[] {
  return text.split(",").map((tag) => tag.trim()).filter((tag) => tag !== "");
}

/**
 * A date given on the command line: ISO 8601 with offset ("2017-08-04T14:54:00+07:00") or as
 * Indonesian outlets print it ("4 Agustus 2017 14:54"). Returns the ISO form, or undefined.
 */
export function readDateArgument(text: string): string | undefined {
  const trimmed = text.trim();
  if (checkArticleDate(trimmed).ok) return trimmed;
  return parseIndonesianDate(trimmed);
}

/**
 * Path of the draft inside the articles folder, named like the existing articles:
 * "2017/tempo-2017-08-04-bos-telegram-pavel-durov-indonesia.md". The date part is the day in
 * Jakarta; the words come from `slug` when given, else from the title.
 */
export function draftPath(fields: Pick<DraftFields, "title" | "date" | "source" | "slug">): string {
  // The outlet key becomes part of a path: it must not be able to climb out of the folder.
  if (!slugPattern.test(fields.source)) throw new RangeError(`outlet key "${fields.source}" is not usable in a file name`);
  const words = slugify(fields.slug ?? fields.title, fileWordsMaxLength);
  if (words === "") {
    throw new RangeError(`the title "${fields.title}" has no letters or digits to name the file after; give a slug`);
  }
  const { year, month, day } = jakartaDateParts(fields.date);
  return `${year}/${fields.source}-${year}-${month}-${day}-${words}.md`;
}

/** A path to print: relative to the working folder when inside it, absolute otherwise. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

/**
 * A YAML 1.2 double-quoted scalar. JSON string syntax is a subset of it; the characters YAML does
 * not allow unescaped (DEL, C1 controls, U+FEFF, U+FFFE/U+FFFF; YAML 1.2 §5.1) are escaped too.
 */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\ufeff\ufffe\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function yamlScalar(value: unknown): string {
  if (typeof value === "string") return yamlString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TypeError(`cannot write ${typeof value} as a front-matter value`);
}

/** Lines of one `key: value` entry; lists and maps as YAML block collections. */
function entryLines(key: string, value: unknown, indent: string): string[] {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return [`${indent}${key}:`];
  if (Array.isArray(value)) {
    const lines = [`${indent}${key}:`];
    for (const item of value) {
      if (item !== null && typeof item === "object") {
        const inner = Object.entries(item).flatMap(([innerKey, innerValue]) => entryLines(innerKey, innerValue, `${indent}    `));
        // The first entry of a map item goes on the dash line: "  - title: ...".
        lines.push(`${indent}  - ${inner[0]!.trimStart()}`, ...inner.slice(1));
      } else {
        lines.push(`${indent}  - ${yamlScalar(item)}`);
      }
    }
    return lines;
  }
  if (typeof value === "object") {
    return [`${indent}${key}:`, ...Object.entries(value).flatMap(([innerKey, innerValue]) => entryLines(innerKey, innerValue, `${indent}  `))];
  }
  return [`${indent}${key}: ${yamlScalar(value)}`];
}

/** The YAML front matter (without the `---` lines): every schema field, in the schema's order. */
export function renderFrontMatter(fields: DraftFields): string {
  const values = fields as Record<string, unknown>;
  const unknown = Object.keys(values).filter((key) => !frontMatterFields.includes(key));
  if (unknown.length > 0) throw new TypeError(`not front-matter fields: ${unknown.join(", ")}`);
  return frontMatterFields.flatMap((key) => entryLines(key, values[key], "")).map((line) => `${line}\n`).join("");
}

export interface DraftOptions {
  /** A note for the editor, written as YAML comment lines at the top of the front matter. */
  comment?: string;
}

/** The whole file: front matter between `---` lines, a blank line, the Markdown body. */
export function renderDraft(fields: DraftFields, body: string, options: DraftOptions = {}): string {
  const comment = options.comment === undefined ? "" : options.comment.split("\n").map((line) => `# ${line}`.trimEnd() + "\n").join("");
  return `---\n${comment}${renderFrontMatter(fields)}---\n\n${body.trim()}\n`;
}

/**
 * The options `npm run new` and `npm run import` share (--source, --tags, --date, --image,
 * --caption, --help) and
 * their positional words; a malformed command line is a SettingsError (exit 2).
 */
export function parseDraftArguments(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: {
        source: { type: "string" },
        tags: { type: "string" },
        date: { type: "string" },
        /** A photo file to copy beside the draft (src/authoring/photo.ts). */
        image: { type: "string" },
        /** The photo's caption, when the draft has none. */
        caption: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new SettingsError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}
