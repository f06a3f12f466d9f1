/**
 * Watching a folder tree for the dev server: every change below it is reported as a path relative
 * to it, or as `undefined` when what changed cannot be named.
 *
 * One watch per folder, not per file. Node 20's `fs.watch(dir, { recursive: true })` on Linux
 * watches every file by itself (10,000 watches for 10,000 articles) and follows the file's inode:
 * once an editor saves by writing a new file and renaming it over the old one, as many do, that
 * file's later edits are never reported. A folder's watch reports its entries by name, whatever
 * became of their inodes (a rename over an entry is reported as a change of that name).
 *
 * A folder made after the start is watched as soon as its name is reported, and every file found
 * in it is reported too, so nothing written into it before its watch began goes unnoticed. A
 * folder that goes away stops being watched. Folders whose name starts with "." are not watched
 * (the articles loader never reads them). A watch that fails (e.g. the system's limit of watches)
 * reports `undefined`.
 */
import fs from "node:fs";
import path from "node:path";

/** Called with the path of what changed, relative to the watched folder; `undefined`: something did, which is unknown. */
export type OnChange = (relativePath: string | undefined) => void;

export interface TreeWatcher {
  close(): void;
}

interface Watched {
  watcher: fs.FSWatcher;
  /** The inode watched: a folder put in the place of another is another folder. */
  ino: number;
}

function folderIno(folder: string): number | undefined {
  try {
    const stat = fs.lstatSync(folder);
    return stat.isDirectory() ? stat.ino : undefined;
  } catch {
    return undefined;
  }
}

/** Watches `root` and every folder below it until `close`; a missing `root` is watched from nowhere (reports nothing). */
export function watchTree(root: string, onChange: OnChange): TreeWatcher {
  root = path.resolve(root);
  const watched = new Map<string, Watched>();
  let closed = false;
  const relative = (file: string) => path.relative(root, file);

  const unwatch = (folder: string) => {
    for (const [dir, entry] of watched) {
      if (dir === folder || dir.startsWith(folder + path.sep)) {
        entry.watcher.close();
        watched.delete(dir);
      }
    }
  };

  /** Watches `folder` and the folders below it; with `report`, reports every file below it. */
  const watch = (folder: string, report: boolean): void => {
    const ino = folderIno(folder);
    if (ino === undefined || closed) return;
    if (watched.get(folder)?.ino === ino) return;
    unwatch(folder);
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(folder, { persistent: true }, (_event, name) => changed(folder, name));
    } catch {
      onChange(undefined);
      return;
    }
    watcher.on("error", () => {
      unwatch(folder);
      onChange(undefined);
    });
    watched.set(folder, { watcher, ino });
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".")) watch(full, report);
      } else if (report) onChange(relative(full));
    }
  };

  /** A watch reported `name` in `folder` (or could not name it). */
  const changed = (folder: string, name: string | Buffer | null) => {
    if (closed) return;
    if (name === null) return onChange(undefined);
    const full = path.join(folder, name.toString());
    // A folder's own watch names the folder itself when it is removed or moved.
    if (watched.get(folder)?.ino !== folderIno(folder)) {
      unwatch(folder);
      if (folder === root) return onChange(undefined);
    }
    onChange(relative(full));
    if (path.basename(full).startsWith(".")) return;
    if (folderIno(full) !== undefined) watch(full, true);
    else unwatch(full);
  };

  watch(root, false);
  return {
    close() {
      closed = true;
      unwatch(root);
      for (const entry of watched.values()) entry.watcher.close();
      watched.clear();
    },
  };
}
