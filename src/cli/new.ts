/**
 * `npm run new -- "<title>" --source <outlet> --tags "<topic>, <topic>" [--date "<date>"]`:
 * writes a draft article with every front-matter field (empty where unknown, `draft: true`, the
 * date now in Jakarta unless --date is given) to ARTICLES_DIR/<yyyy>/<source>-<yyyy-mm-dd>-<words>.md
 * and prints its path. It never overwrites a file.
 *
 * A missing title, outlet or topics is asked for when stdin is a terminal; otherwise it is a usage
 * error, so scripts and CI never hang on a prompt.
 *
 * Exit codes: 0 written; 1 not written (the file exists, or the draft would not validate);
 * 2 usage error (missing or unknown argument, unknown outlet, unreadable date).
 */
import { realpathSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";
import { nowInJakarta } from "../content/dates.ts";
import { ArticleError, SettingsError } from "../errors.ts";
import {
  createDraftFields,
  displayPath,
  draftBodyPlaceholder,
  draftPath,
  parseTagList,
  readDateArgument,
  renderDraft,
  parseDraftArguments,
} from "../authoring/scaffold.ts";
import { parseArticle } from "../content/schema.ts";
import { photoPlace, placePhoto, type PlacedPhoto } from "../authoring/photo.ts";
import { readSettings } from "../settings.ts";
import { readOutlets, sourcesFile } from "../build/site.ts";

export const usage = 'usage: npm run new -- "<title>" --source <outlet> --tags "<topic>, <topic>" [--date "<date>"] [--image <photo> --caption "<caption>"]';

/** The command line as given; every field may be missing. */
export interface NewArguments {
  title?: string;
  source?: string;
  tags?: string;
  date?: string;
  image?: string;
  caption?: string;
  help?: boolean;
}

/** Reads the arguments; words outside options form the title, so quoting it is optional. */
export function readArguments(args: readonly string[]): NewArguments {
  const parsed = parseDraftArguments(args);
  const title = parsed.positionals.join(" ").trim();
  return { ...parsed.values, title: title === "" ? undefined : title };
}

type Ask = (question: string) => Promise<string>;

/** Asks for each missing title, outlet and topics list, again until the answer is usable. */
export async function askForMissing(given: NewArguments, ask: Ask, sourceKeys: readonly string[]): Promise<NewArguments> {
  const result = { ...given };
  while (!result.title?.trim()) result.title = (await ask("Title (judul): ")).trim();
  while (!result.source || !sourceKeys.includes(result.source)) {
    result.source = (await ask(`Outlet (${sourceKeys.join(", ")}): `)).trim();
  }
  while (!result.tags || parseTagList(result.tags).length === 0) result.tags = await ask("Topics, comma-separated: ");
  return result;
}

function missingArguments(given: NewArguments): string[] {
  const missing: string[] = [];
  if (!given.title) missing.push("the title");
  if (given.source === undefined) missing.push("--source");
  if (given.tags === undefined) missing.push("--tags");
  return missing;
}

/**
 * Questions on the terminal. Lines are read through the interface's async iterator, which keeps
 * lines typed ahead of a prompt; input that ends (Ctrl-D) stops the command instead of hanging.
 */
async function askInTerminal<T>(work: (ask: Ask) => Promise<T>): Promise<T> {
  const terminal = readline.createInterface({ input: process.stdin, output: process.stderr });
  const lines = terminal[Symbol.asyncIterator]();
  try {
    return await work(async (question) => {
      terminal.setPrompt(question);
      terminal.prompt();
      const line = await lines.next();
      if (line.done) throw new SettingsError("input ended before every argument was given");
      return line.value;
    });
  } finally {
    terminal.close();
  }
}

async function main(args: readonly string[]): Promise<number> {
  let given = readArguments(args);
  if (given.help) {
    console.log(usage);
    return 0;
  }
  const settings = readSettings();
  const sourceKeys = [...(await readOutlets()).keys()];
  const missing = missingArguments(given);
  if (missing.length > 0) {
    if (!process.stdin.isTTY) throw new SettingsError(`missing ${missing.join(", ")} (questions are asked only in a terminal)`);
    given = await askInTerminal((ask) => askForMissing(given, ask, sourceKeys));
  }

  const source = given.source!;
  if (!sourceKeys.includes(source)) {
    throw new SettingsError(`--source "${source}" is not an outlet key in ${sourcesFile}; expected one of: ${sourceKeys.join(", ")} (add a new outlet there first)`);
  }
  const tags = parseTagList(given.tags!);
  if (tags.length === 0) throw new SettingsError('--tags needs at least one topic, e.g. --tags "Telegram, Pavel Durov"');
  const date = given.date === undefined ? nowInJakarta() : readDateArgument(given.date);
  if (date === undefined) {
    throw new SettingsError(`--date "${given.date}" is not a date; give "2017-08-04T14:54:00+07:00" or "4 Agustus 2017 14:54"`);
  }

  const fields = createDraftFields({ title: given.title!, date, source, tags });
  let relative: string;
  try {
    relative = draftPath(fields);
  } catch (error) {
    throw new SettingsError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (given.caption !== undefined && given.image === undefined) throw new SettingsError("--caption goes with --image: it is the caption of the photo");
  const photo = given.image === undefined ? undefined : { ...photoPlace(relative, given.image), source: path.resolve(given.image) };
  if (photo !== undefined) {
    if (!given.caption?.trim()) throw new SettingsError('--image needs --caption "<the photo\'s caption as published>"');
    fields.image = { caption: given.caption.trim(), file: photo.file };
  }
  const file = path.join(settings.articlesDir, relative);
  const shown = displayPath(file, process.cwd());
  const text = renderDraft(fields, draftBodyPlaceholder, {
    comment: 'Draft made by "npm run new": replace the body, fill in what the original gives (README,\n"Adding an article"), then set draft: false.',
  });
  try {
    parseArticle(text, shown, sourceKeys);
  } catch (error) {
    if (!(error instanceof ArticleError)) throw error;
    console.error(`Not written: the draft would not validate.\n${error.message}`);
    return 1;
  }
  const exists = () => {
    console.error(`Not written: ${shown} already exists, and "npm run new" never overwrites. Edit that file, or give another title or --date.`);
    return 1;
  };
  if (await fs.stat(file).then(() => true, () => false)) return exists();
  let placed: PlacedPhoto | undefined;
  if (photo !== undefined) {
    try {
      const dest = path.join(settings.articlesDir, photo.relative);
      placed = await placePhoto(photo.source, dest, { source: displayPath(photo.source, process.cwd()), dest: displayPath(dest, process.cwd()) });
    } catch (error) {
      console.error(`Not written: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  try {
    await fs.writeFile(file, text, { flag: "wx" });
  } catch (error) {
    await placed?.undo();
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return exists();
  }
  console.log(shown);
  return 0;
}

/** Runs only as the entry point, so tests can import `askForMissing` and friends. */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href;
}

if (isEntryPoint()) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`${error.message}\n${usage}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  }
}
