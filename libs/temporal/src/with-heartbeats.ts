import { Context } from '@temporalio/activity';

/**
 * Heartbeats every few seconds while `work` runs, with whatever `details` says then. A slow answer
 * from Canvas or PowerSchool, or a long statement in Postgres, does not look like a dead worker;
 * a killed process stops heartbeating and Temporal retries the activity elsewhere within the
 * activity's heartbeat timeout instead of its (much longer) start-to-close timeout.
 *
 * Outside an activity (a unit test, a CLI) it just runs `work`.
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
