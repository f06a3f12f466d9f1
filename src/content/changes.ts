/**
 * What changed in an articles folder since the last load, as a long-running process's file
 * watcher reports it (the dev server, src/build/watch.ts), so that `loadArticles` stats and reads
 * only the files named and takes every other article from the last load: at 10,000 articles an
 * update then stats a few files instead of 10,000.
 *
 * The folder is still listed on every load (a few tens of milliseconds at 10,000 files), so files
 * added, removed or renamed never depend on the watcher: a file new to the listing is read
 * whatever was reported. Only an edit to a listed file does, and it is the event a watcher of the
 * file's folder reports. A load stats every file instead when it cannot be sure:
 *
 * - the first load, and any load after one that did not finish listing and reading (it threw);
 * - after `rescan()` (a template edit, a watcher error) or a change the watcher could not name;
 * - when the load's context (outlet keys, folder) is not the last load's;
 * - when more than `maxChanges` paths were reported: the kernel drops events when its queue
 *   overflows, silently, and only a burst of thousands can overflow it;
 * - when a reported path is a folder that holds listed files (what changed inside is unknown).
 */
/** More reported paths than this between two loads: every file is stat'ed. */
export const maxChanges = 1000;

/** What the last load found and what changed since, for the load that begins. */
export interface SinceLastLoad<T> {
  /** What the last load kept of every file it listed and parsed without problems, by path relative to the folder. */
  parsed: ReadonlyMap<string, T>;
  /** Paths reported as changed since, relative to the folder. */
  changed: ReadonlySet<string>;
}

/** `T`: what a load keeps of a parsed file (src/content/load.ts `ParsedArticle`). */
export class ArticleChanges<T> {
  #last: { context: string; parsed: ReadonlyMap<string, T> } | undefined;
  #changed = new Set<string>();
  #unsure = false;

  /** A watcher saw `relativePath` (relative to the articles folder) change; `undefined` when it could not tell what changed. */
  note(relativePath: string | undefined): void {
    if (relativePath === undefined || relativePath === "") this.#unsure = true;
    else if (this.#changed.size <= maxChanges) this.#changed.add(relativePath);
  }

  /** The next load stats every file. */
  rescan(): void {
    this.#unsure = true;
  }

  /**
   * For `loadArticles`, as it starts: what the last load found and what changed since, or
   * `undefined` when this load must stat every file. Changes reported from now on are the next
   * load's, and until this one ends (`end`) the next stats every file.
   */
  begin(context: string): SinceLastLoad<T> | undefined {
    const last = this.#last;
    const changed = this.#changed;
    const sure = !this.#unsure && last !== undefined && last.context === context && changed.size <= maxChanges;
    this.#last = undefined;
    this.#changed = new Set();
    this.#unsure = false;
    return sure ? { parsed: last.parsed, changed } : undefined;
  }

  /** For `loadArticles`, once every listed file is read: the articles it found, by path relative to the folder. */
  end(context: string, parsed: ReadonlyMap<string, T>): void {
    this.#last = { context, parsed };
  }
}
