import type { Command } from 'commander';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  districtSyncStatusQuery,
  districtSyncWorkflowId,
  SIF_EVENTS_REPORT_WORKFLOW,
  TaskQueues,
  workflowId,
  type DistrictSyncStatus,
  type SifEventLedger,
  type SifEventLedgerInput,
} from '@sisbridge/contracts';
import type { CliContext } from '../cli-context';
import type { CliOutput } from '../cli-output';
import { describeEvents } from './describe-events';

/** What `sisbridge events` prints per district: sif-ingest's counts and the district sync's state. */
export interface DistrictEvents {
  events: SifEventLedger;
  /** Absent when the district sync is not running (no event and no provisioning run since it was last stopped). */
  sync?: DistrictSyncStatus;
}

/**
 * `sisbridge events`: a district's SIF events on their way to Canvas — received, in Canvas,
 * pending (and since when), refused, waiting for an object they name (and which), the last
 * intra-day import and the next. Reads sif-ingest through a short workflow and the district sync
 * by a query, so it needs only Temporal.
 */
export function registerEventsCommand(program: Command, context: () => CliContext, output: CliOutput): void {
  program
    .command('events')
    .description("A district's SIF events: received, in Canvas, pending, waiting (and why), the last intra-day import")
    .option('--district <id>', 'only this district (default: every configured district)')
    .option('--waiting <n>', 'how many waiting events to list', (value) => Number.parseInt(value, 10), 20)
    .option('--json', 'print JSON', false)
    .action(async (options: { district?: string; waiting: number; json: boolean }) => {
      const ctx = context();
      const client = await ctx.temporal();
      const districtIds = options.district ? [ctx.district(options.district)] : ctx.configured().map((district) => district.id);
      if (districtIds.length === 0) throw new Error('name a district with --district (or set DISTRICTS_FILE)');
      const reports: DistrictEvents[] = [];
      for (const districtId of districtIds) reports.push(await districtEvents(client, districtId, options.waiting));
      if (options.json) output.json(options.district ? reports[0] : reports);
      else for (const report of reports) for (const line of describeEvents(report, new Date())) output.line(line);
    });
}

async function districtEvents(client: Client, districtId: string, waitingLimit: number): Promise<DistrictEvents> {
  const events = await client.workflow.execute<(input: SifEventLedgerInput) => Promise<SifEventLedger>>(SIF_EVENTS_REPORT_WORKFLOW, {
    taskQueue: TaskQueues.orchestration,
    workflowId: workflowId('events-report', districtId, String(Date.now())),
    args: [{ districtId, waitingLimit }],
    staticSummary: `sisbridge events: the SIF events of ${districtId}`,
    workflowExecutionTimeout: '2 minutes',
  });
  try {
    const sync = await client.workflow.getHandle(districtSyncWorkflowId(districtId)).query(districtSyncStatusQuery);
    return { events, sync };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { events };
    throw error;
  }
}
