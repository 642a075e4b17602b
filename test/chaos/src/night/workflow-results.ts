import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';

/** A workflow that ended failed: its reason, as an operator reads it. */
export class WorkflowEndedFailed extends Error {}

/**
 * The result of a workflow, waiting through a Temporal server that is restarting or cut off
 * (the harness's own connection fails then too): only the workflow's own failure, a workflow
 * that never appears, the deadline or `signal` (the scenario is over) end the wait.
 */
export async function workflowResult<T>(
  client: Client,
  workflowId: string,
  deadline: number,
  what: string,
  signal: AbortSignal,
): Promise<T> {
  for (;;) {
    signal.throwIfAborted();
    try {
      return (await client.workflow.getHandle(workflowId).result()) as T;
    } catch (error) {
      if (error instanceof WorkflowFailedError) throw new WorkflowEndedFailed(reasonOf(error));
      if (Date.now() > deadline)
        throw new Error(`${what} (${workflowId}) did not finish in time: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      // Not started yet (a child its parent is about to start), or Temporal unreachable: ask again.
      await sleep(error instanceof WorkflowNotFoundError ? 250 : 1_000, undefined, { signal });
    }
  }
}

/** Starts a workflow, retrying while Temporal is unreachable; a start that reached the server is not repeated (same id). */
export async function startWorkflow(start: () => Promise<unknown>, deadline: number, signal: AbortSignal): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    try {
      await start();
      return;
    } catch (error) {
      if ((error as { name?: string }).name === 'WorkflowExecutionAlreadyStartedError') return;
      if (Date.now() > deadline) throw error;
      await sleep(1_000, undefined, { signal });
    }
  }
}

function reasonOf(error: WorkflowFailedError): string {
  let reason = error.message;
  for (let cause: unknown = error.cause; cause instanceof Error; cause = (cause as Error & { cause?: unknown }).cause)
    reason = cause.message;
  return reason;
}
