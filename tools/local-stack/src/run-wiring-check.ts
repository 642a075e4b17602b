import type { Client } from '@temporalio/client';
import {
  TaskQueues,
  WIRING_CHECK_WORKFLOW,
  wiringCheckWorkflowId,
  type WiringCheckWorkflow,
  type WiringCheckWorkflowResult,
} from '@sisbridge/contracts';

/** Starts the wiring check workflow and waits for it (it needs every worker to answer). */
export async function runWiringCheck(
  client: Client,
  reason: string,
  timeoutMs: number,
): Promise<{ workflowId: string; result: WiringCheckWorkflowResult }> {
  const workflowId = wiringCheckWorkflowId(new Date().toISOString());
  const handle = await client.workflow.start<WiringCheckWorkflow>(WIRING_CHECK_WORKFLOW, {
    taskQueue: TaskQueues.orchestration,
    workflowId,
    args: [{ reason }],
    staticSummary: `Wiring check: ${reason}`,
    workflowExecutionTimeout: `${Math.ceil(timeoutMs / 1000)}s`,
  });
  const result = await handle.result();
  return { workflowId, result };
}
