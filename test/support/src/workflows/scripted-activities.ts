import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import {
  TaskQueues,
  type CanvasProvisionerActivities,
  type NightlyPassbackActivities,
  type PtpGradebookActivities,
  type SifIngestActivities,
} from '@sisbridge/contracts';

/** The activities a workflow test stands in for, per service task queue: plain functions, no service behind them. */
export interface ActivityScripts {
  [TaskQueues.sifIngest]?: Partial<SifIngestActivities>;
  [TaskQueues.canvasProvisioner]?: Partial<CanvasProvisionerActivities>;
  [TaskQueues.ptpGradebook]?: Partial<PtpGradebookActivities & NightlyPassbackActivities>;
}

export type ActivityQueue = keyof ActivityScripts;

/** One call of an activity as the worker received it: which, for which workflow, which attempt. */
export interface ActivityCall {
  queue: ActivityQueue;
  name: string;
  workflowId: string;
  attempt: number;
  input: unknown;
}

type AnyActivity = (...args: unknown[]) => Promise<unknown>;

/**
 * Stand-in activities whose behaviour a test changes between runs: each queue's worker registers
 * the names of the default script once, and every call looks up the current script, so a test
 * can make one step fail (`script`) without restarting workers. Every call is recorded per
 * workflow id, so tests assert what the workflow asked for, in order.
 */
export class ScriptedActivities {
  private current: ActivityScripts;
  private readonly log: ActivityCall[] = [];
  private readonly waiting: Array<{ matches: (call: ActivityCall) => boolean; resolve: (call: ActivityCall) => void }> = [];

  constructor(private readonly defaults: ActivityScripts) {
    this.current = { ...defaults };
  }

  /** Replaces some activities of a queue until `reset()`. */
  script<Q extends ActivityQueue>(queue: Q, overrides: NonNullable<ActivityScripts[Q]>): void {
    this.current = { ...this.current, [queue]: { ...this.current[queue], ...overrides } };
  }

  reset(): void {
    this.current = { ...this.defaults };
  }

  /** Every activity call made for a workflow (all its runs), in the order the workers received them. */
  calls(workflowId: string): ActivityCall[] {
    return this.log.filter((call) => call.workflowId === workflowId);
  }

  /** `name` of each call, e.g. `['provisioningSettings', 'ingestDistrict', …]`. */
  names(workflowId: string): string[] {
    return this.calls(workflowId).map((call) => call.name);
  }

  /** Resolves with the first call of `name` for the workflow (at once if it was made already): explicit synchronisation, no polling. */
  callOf(workflowId: string, name: string): Promise<ActivityCall> {
    const matches = (call: ActivityCall) => call.workflowId === workflowId && call.name === name;
    const made = this.log.find(matches);
    if (made) return Promise.resolve(made);
    return new Promise((resolve) => this.waiting.push({ matches, resolve }));
  }

  /** The activity functions to register on the queue's worker. */
  forWorker(queue: ActivityQueue): Record<string, AnyActivity> {
    const names = Object.keys(this.defaults[queue] ?? {});
    return Object.fromEntries(
      names.map((name) => [
        name,
        async (...args: unknown[]) => {
          const info = Context.current().info;
          const call: ActivityCall = {
            queue,
            name,
            workflowId: info.workflowExecution?.workflowId ?? '',
            attempt: info.attempt,
            input: args[0],
          };
          this.log.push(call);
          for (const waiter of this.waiting.filter((candidate) => candidate.matches(call))) {
            this.waiting.splice(this.waiting.indexOf(waiter), 1);
            waiter.resolve(call);
          }
          const activity = (this.current[queue] as Record<string, AnyActivity | undefined> | undefined)?.[name];
          if (!activity) throw ApplicationFailure.nonRetryable(`no script for ${queue}.${name}`, 'NotScripted');
          return activity(...args);
        },
      ]),
    );
  }
}
