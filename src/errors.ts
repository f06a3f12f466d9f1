/**
 * Error classes, one per kind of failure, each carrying enough to print a message that teaches:
 * the file, the line where known, the field, what was expected and how to fix it.
 */

/** One problem with one article file. `field` is a dotted path such as `image.caption`. */
export interface Problem {
  field?: string;
  line?: number;
  message: string;
}

/** Every problem found in one article file. */
export class ArticleError extends Error {
  override name = "ArticleError";
  constructor(
    readonly file: string,
    readonly problems: Problem[],
    options?: { cause?: unknown },
  ) {
    super(formatArticleError(file, problems), options);
  }
}

/** Every problem in every article of one build, so that one run reports them all. */
export class ArchiveError extends Error {
  override name = "ArchiveError";
  constructor(readonly errors: ArticleError[]) {
    super(formatArchiveError(errors));
  }
}

/** A bad environment variable or option: names the variable and the accepted form. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

function formatProblem(file: string, problem: Problem): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}`;
  const field = problem.field === undefined ? "" : `field "${problem.field}": `;
  return `${where}: ${field}${problem.message}`;
}

export function formatArticleError(file: string, problems: Problem[]): string {
  return problems.map((problem) => formatProblem(file, problem)).join("\n");
}

export function formatArchiveError(errors: ArticleError[]): string {
  const count = errors.reduce((sum, error) => sum + error.problems.length, 0);
  const files = new Set(errors.map((error) => error.file)).size;
  const heading = `${count} ${count === 1 ? "problem" : "problems"} in ${files} ${files === 1 ? "file" : "files"}:`;
  return [heading, ...errors.map((error) => error.message)].join("\n");
}

/** An output folder a build must not write into: names the folder and says how to fix it. */
export class OutputFolderError extends Error {
  override name = "OutputFolderError";
}

/** URLs the build refuses: an alias that cannot be, or a published URL that would break (urls.lock). */
export class UrlError extends Error {
  override name = "UrlError";
  constructor(readonly problems: string[]) {
    super(`${problems.length} ${problems.length === 1 ? "problem" : "problems"} with the site's URLs:\n${problems.join("\n")}`);
  }
}
