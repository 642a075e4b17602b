import { proxyActivities } from '@temporalio/workflow';
import { TaskQueues, type SifEventLedger, type SifEventLedgerInput, type SifIngestActivities } from '@sisbridge/contracts';

const sif = proxyActivities<SifIngestActivities>({
  taskQueue: TaskQueues.sifIngest,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** A district's SIF events in numbers, read by sif-ingest: a short workflow, so the CLI needs no database access. */
export async function sifEventsReportWorkflow(input: SifEventLedgerInput): Promise<SifEventLedger> {
  return sif.describeSifEvents(input);
}
