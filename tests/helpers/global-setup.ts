/** One cache folder for every build the tests run (ARSIP_CACHE_DIR), removed at the end. */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "arsip-test-cache-"));
  process.env.ARSIP_CACHE_DIR = dir;
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}
