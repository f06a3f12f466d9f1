/**
 * `npm run import -- <capture.txt> --source <outlet> --tags "<topic>, <topic>" [--date "<date>"]`:
 * turns a captured article page (text as in provenance/) into a draft article at
 * ARTICLES_DIR/<yyyy>/<source>-<yyyy-mm-dd>-<words>.md and prints its path. What the importer could
 * not recognise is printed as warnings. It never overwrites a file.
 *
 * --tags is required: a capture does not say which of the archive's topics a story belongs to, and
 * a draft without topics would stop the build. --date replaces the capture's date, or gives one
 * when the importer finds none.
 *
 * Exit codes: 0 written; 1 not written (capture unreadable or without a date, file exists, draft
 * would not validate); 2 usage error.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { ArticleError, SettingsError } from "../errors.ts";
import { importCapture } from "../authoring/importer.ts";
import { displayPath, draftPath, parseDraftArguments, parseTagList, readDateArgument, renderDraft, type DraftFields } from "../authoring/scaffold.ts";
import { parseArticle } from "../content/schema.ts";
import { photoPlace, placePhoto, type PlacedPhoto } from "../authoring/photo.ts";
import { readSettings } from "../settings.ts";
import { readOutlets, sourcesFile } from "../build/site.ts";

const usage = 'usage: npm run import -- <capture.txt> --source <outlet> --tags "<topic>, <topic>" [--date "<date>"] [--image <photo> [--caption "<caption>"]]';

/** A problem with the capture or the result: reported, nothing written, exit 1. */
class NotWritten extends Error {
  override name = "NotWritten";
}

function readArguments(args: readonly string[]) {
  const parsed = parseDraftArguments(args);
  return { ...parsed.values, captures: parsed.positionals };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

async function readCapture(file: string, shown: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NotWritten(`${shown}: cannot read the capture (${code === "ENOENT" ? "no such file" : String(code ?? error)})`, { cause: error });
  }
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new NotWritten(`${shown}: the capture is not UTF-8 text; save it again with UTF-8 encoding`, { cause: error });
  }
}

async function main(args: readonly string[]): Promise<number> {
  const given = readArguments(args);
  if (given.help) {
    console.log(usage);
    return 0;
  }
  const missing = [
    ...(given.captures.length === 0 ? ["the capture file"] : []),
    ...(given.source === undefined ? ["--source"] : []),
    ...(given.tags === undefined ? ["--tags (a capture does not say which topics the story belongs to)"] : []),
  ];
  if (missing.length > 0) throw new SettingsError(`missing ${missing.join(", ")}`);
  if (given.captures.length > 1) throw new SettingsError(`one capture at a time; got ${given.captures.length} files`);

  const cwd = process.cwd();
  const settings = readSettings();
  const sourceKeys = [...(await readOutlets()).keys()];
  const source = given.source!;
  if (!sourceKeys.includes(source)) {
    throw new SettingsError(`--source "${source}" is not an outlet key in ${sourcesFile}; expected one of: ${sourceKeys.join(", ")} (add a new outlet there first)`);
  }
  const tags = parseTagList(given.tags!);
  if (tags.length === 0) throw new SettingsError('--tags needs at least one topic, e.g. --tags "Telegram, Pavel Durov"');
  const dateOverride = given.date === undefined ? undefined : readDateArgument(given.date);
  if (given.date !== undefined && dateOverride === undefined) {
    throw new SettingsError(`--date "${given.date}" is not a date; give "2017-08-04T14:54:00+07:00" or "4 Agustus 2017 14:54"`);
  }

  const captureFile = path.resolve(cwd, given.captures[0]!);
  const captureShown = displayPath(captureFile, cwd);
  const imported = importCapture(await readCapture(captureFile, captureShown), source);
  for (const warning of imported.warnings) console.error(`warning: ${captureShown}: ${warning}`);
  if (imported.fields.title === "") throw new NotWritten(`${captureShown}: the capture is empty`);
  const date = dateOverride ?? imported.fields.date;
  if (date === undefined) {
    throw new NotWritten(`${captureShown}: no publication date recognised; pass it with --date "4 Agustus 2017 14:54" (or ISO 8601 with offset)`);
  }

  const fields: DraftFields = { ...imported.fields, date, source, tags, draft: true };
  const relative = draftPath(fields);
  if (given.caption !== undefined && given.image === undefined) throw new SettingsError("--caption goes with --image: it is the caption of the photo");
  const photo = given.image === undefined ? undefined : { ...photoPlace(relative, given.image), source: path.resolve(cwd, given.image) };
  if (photo !== undefined) {
    // The capture's caption and credit, else --caption: a photo is never shown without its caption.
    const caption = given.caption?.trim() || fields.image?.caption;
    if (caption === undefined) throw new NotWritten(`${captureShown}: the capture has no photo caption; give it with --caption "<caption as published>"`);
    fields.image = { ...fields.image, caption, file: photo.file };
  }
  const file = path.join(settings.articlesDir, relative);
  const shown = displayPath(file, cwd);
  const text = renderDraft(fields, imported.body, {
    comment: `Imported by "npm run import" from ${captureShown} (${imported.layout} layout).\nCheck it against the capture, then set draft: false.`,
  });
  try {
    parseArticle(text, shown, sourceKeys);
  } catch (error) {
    if (!(error instanceof ArticleError)) throw error;
    throw new NotWritten(`the imported draft would not validate:\n${error.message}`, { cause: error });
  }
  const exists = (cause?: unknown) => new NotWritten(`${shown} already exists, and "npm run import" never overwrites; remove or rename it first`, { cause });
  if (await fs.stat(file).then(() => true, () => false)) throw exists();
  let placed: PlacedPhoto | undefined;
  if (photo !== undefined) {
    const dest = path.join(settings.articlesDir, photo.relative);
    try {
      placed = await placePhoto(photo.source, dest, { source: displayPath(photo.source, cwd), dest: displayPath(dest, cwd) });
    } catch (error) {
      throw new NotWritten(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  try {
    await fs.writeFile(file, text, { flag: "wx" });
  } catch (error) {
    await placed?.undo();
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    throw exists(error);
  }
  console.log(shown);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof SettingsError) {
    console.error(`${error.message}\n${usage}`);
    process.exitCode = 2;
  } else if (error instanceof NotWritten) {
    console.error(`Not written: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
