/**
 * Bounded concurrency for file work. Starting one promise per file holds one descriptor per file
 * at once: 2,000 articles overflow `ulimit -n 1024`, the Linux default, and 256, the macOS one,
 * overflows sooner. Work mapped through `mapLimit` holds at most `limit` at a time, whatever the
 * size of the archive (STYLE.md 15).
 */

/**
 * File operations in flight at once: far below the smallest usual open-files limit (256), and
 * more than libuv's thread pool (4 threads) can run, so it never waits on us.
 */
export const fileConcurrency = 64;

/**
 * Calls `fn` on every item, at most `limit` calls in flight; the results are in the order of
 * `items`. After a failure no further call starts, and the promise rejects with the first failure
 * once the calls under way have ended, so no work outlives it. A caller that wants every outcome
 * catches inside `fn`.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
