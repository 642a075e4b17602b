import { setTimeout } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { TaskQueues } from '@sisbridge/contracts';
import { createTestNamespace } from '../test-namespace';
import { testEnv } from '../test-env';
import { ScriptedActivities, type ActivityQueue, type ActivityScripts } from './scripted-activities';
import { prebuiltWorkflowBundle } from './workflow-bundle';

export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** How often `untilEvent` reads the history again: it only paces the polling, no outcome depends on it. */
const POLL_INTERVAL_MS = 50;

/**
 * Workflow tests in Temporal's own idiom: a `TestWorkflowEnvironment` on the run's real Temporal
 * dev server (its own namespace), the prebuilt workflow bundle on a real `Worker`, and each
 * service's activities stood in for by plain functions on their own task queue's worker (no
 * NestJS, no Postgres). The dev server does not skip time (the time-skipping test server is a
 * download this project cannot make): workflows whose waits matter take their durations from an
 * activity the test scripts, and nothing waits for wall-clock time to pass.
 */
export class WorkflowTestEnv {
  private running: Array<Promise<void>> = [];

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly namespace: string,
    readonly activities: ScriptedActivities,
    private readonly workers: Worker[],
  ) {}

  static async start(purpose: string, defaults: ActivityScripts): Promise<WorkflowTestEnv> {
    quietTemporalRuntime();
    const namespace = await createTestNamespace(purpose);
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address: testEnv('temporalAddress'), namespace });
    const activities = new ScriptedActivities(defaults);
    const workers = [
      await Worker.create({
        connection: env.nativeConnection,
        namespace,
        taskQueue: TaskQueues.orchestration,
        workflowBundle: prebuiltWorkflowBundle(),
      }),
    ];
    for (const queue of Object.keys(defaults) as ActivityQueue[]) {
      workers.push(
        await Worker.create({ connection: env.nativeConnection, namespace, taskQueue: queue, activities: activities.forWorker(queue) }),
      );
    }
    const testEnvironment = new WorkflowTestEnv(env, namespace, activities, workers);
    testEnvironment.running = workers.map((worker) => worker.run());
    return testEnvironment;
  }

  get client(): Client {
    return this.env.client;
  }

  /** The workflow's history, event by event, for asserting what it scheduled (timers, children). */
  async events(handle: WorkflowHandle): Promise<HistoryEvent[]> {
    return (await handle.fetchHistory()).events ?? [];
  }

  /**
   * Resolves with the first event of the workflow's history that matches, once the workflow has
   * recorded it (e.g. the guard's timer: from then on it listens for an operator's signal). It
   * waits for the event, however long the machine takes; Jest's test timeout is the only limit.
   */
  async untilEvent(handle: WorkflowHandle, matches: (event: HistoryEvent) => boolean): Promise<HistoryEvent> {
    for (;;) {
      const found = (await this.events(handle)).find(matches);
      if (found) return found;
      await setTimeout(POLL_INTERVAL_MS);
    }
  }

  /**
   * The run ids of a workflow's continue-as-new chain, first to last, read from the histories
   * (each run's last event names the next run): no visibility query, which the server updates
   * after the run has closed.
   */
  async runsOf(workflowId: string, firstRunId: string): Promise<string[]> {
    const runs: string[] = [];
    let runId: string | undefined = firstRunId;
    while (runId) {
      runs.push(runId);
      const events = await this.events(this.client.workflow.getHandle(workflowId, runId));
      runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    return runs;
  }

  async teardown(): Promise<void> {
    for (const worker of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.allSettled(this.running);
    await this.env.teardown();
  }
}

/** The SDK logs every worker state change, and every failure a test provokes on purpose, as warnings: a test's output needs only errors. */
export function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already in this Jest worker by an earlier suite: keep that one.
  }
}
