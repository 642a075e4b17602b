import { proxyActivities, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import {
  TaskQueues,
  type CanvasProvisionerActivities,
  type PtpGradebookActivities,
  type SifIngestActivities,
  type WiringCheckReceipt,
  type WiringCheckWorkflowInput,
  type WiringCheckWorkflowResult,
} from '@sisbridge/contracts';

const activityOptions = {
  startToCloseTimeout: '30 seconds',
  // A service that is not up yet leaves the task on its queue; the workflow simply waits.
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;

const sifIngest = proxyActivities<SifIngestActivities>({ ...activityOptions, taskQueue: TaskQueues.sifIngest });
const canvasProvisioner = proxyActivities<CanvasProvisionerActivities>({ ...activityOptions, taskQueue: TaskQueues.canvasProvisioner });
const ptpGradebook = proxyActivities<PtpGradebookActivities>({ ...activityOptions, taskQueue: TaskQueues.ptpGradebook });

/**
 * Proves the deployment is wired: one activity on each service's task queue, each writing and
 * reading a row in that service's own schema. Steps run one after another so the progress
 * shown in Temporal UI says which service is being waited on.
 */
export async function wiringCheckWorkflow(input: WiringCheckWorkflowInput): Promise<WiringCheckWorkflowResult> {
  const { workflowId, runId } = workflowInfo();
  const checkId = `${workflowId}/${runId}`;
  const steps: Array<[WiringCheckReceipt['service'], () => Promise<WiringCheckReceipt>]> = [
    ['sif-ingest', () => sifIngest.sifIngestWiringCheck({ checkId })],
    ['canvas-provisioner', () => canvasProvisioner.canvasProvisionerWiringCheck({ checkId })],
    ['ptp-gradebook', () => ptpGradebook.ptpGradebookWiringCheck({ checkId })],
  ];
  const receipts: WiringCheckReceipt[] = [];
  for (const [service, step] of steps) {
    setCurrentDetails(progressMarkdown(input.reason, receipts, service));
    receipts.push(await step());
  }
  setCurrentDetails(progressMarkdown(input.reason, receipts, undefined));
  return { receipts };
}

function progressMarkdown(reason: string, done: WiringCheckReceipt[], waitingOn: string | undefined): string {
  const lines = [`**Wiring check** (${reason})`, '', '| service | schema | recorded at |', '|---|---|---|'];
  for (const receipt of done) lines.push(`| ${receipt.service} | ${receipt.schema} | ${receipt.recordedAt} |`);
  if (waitingOn) lines.push('', `Waiting on **${waitingOn}** (its worker must be polling the \`${waitingOn}\` task queue).`);
  else lines.push('', 'All services answered.');
  return lines.join('\n');
}
