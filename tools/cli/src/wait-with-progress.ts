import { SingleBar } from 'cli-progress';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';

export interface ProgressView {
  percent: number;
  status: string;
}

/**
 * Waits for a workflow, drawing a progress bar on stderr from its progress query (stdout stays
 * for the result, so `--json` output can be piped). Returns the result, or the failure.
 */
export async function waitWithProgress<Result, Progress>(
  handle: WorkflowHandle,
  query: QueryDefinition<Progress>,
  view: (progress: Progress) => ProgressView,
  options: { show: boolean; intervalMs?: number },
): Promise<{ result?: Result; failure?: string }> {
  const bar = options.show
    ? new SingleBar({ format: '{bar} {percentage}% | {status}', stream: process.stderr, hideCursor: true })
    : undefined;
  bar?.start(100, 0, { status: 'starting' });
  let finished = false;
  const outcome = handle.result().then(
    (result: Result) => ({ result }),
    (error: unknown) => ({ failure: error instanceof WorkflowFailedError ? describe(error) : String(error) }),
  );
  void outcome.then(() => (finished = true));
  while (!finished) {
    try {
      const current = view(await handle.query(query));
      bar?.update(current.percent, { status: current.status.slice(0, 120) });
    } catch {
      // The workflow may have closed between two polls, or not started its first task yet.
    }
    await Promise.race([outcome, new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000))]);
  }
  bar?.update(100, { status: 'done' });
  bar?.stop();
  return outcome;
}

function describe(error: WorkflowFailedError): string {
  const cause = error.cause as (Error & { cause?: Error }) | undefined;
  return cause?.message ?? error.message;
}
