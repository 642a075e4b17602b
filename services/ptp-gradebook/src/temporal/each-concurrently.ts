import { Context } from '@temporalio/activity';

/**
 * Heartbeats every few seconds while `work` runs, with whatever `details` says then. A slow PTP
 * answer or a "wait N seconds" does not look like a dead worker; a killed process stops
 * heartbeating and Temporal retries the activity elsewhere within the heartbeat timeout.
 */
export async function withHeartbeats<T>(details: () => unknown, work: () => Promise<T>, everyMs = 5_000): Promise<T> {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return work();
  }
  const beat = () => context?.heartbeat(details());
  beat();
  const timer = setInterval(beat, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Runs `task` for every item, at most `limit` at once. After a failure no new item starts, and the
 * failure is thrown only once every item in flight has settled: a retry of the activity must
 * never run alongside writes of the attempt that failed.
 */
export async function eachConcurrently<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && !failure) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(lanes);
  if (failure) throw failure.error;
}
