/**
 * Runs `work` for each item with at most `limit` at once, in order of the items, and resolves when
 * all have finished. Deterministic inside a workflow: it only awaits the promises `work` returns.
 * `work` must not throw (a failure is an outcome to record, not a reason to stop the others).
 */
export async function runWithLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
