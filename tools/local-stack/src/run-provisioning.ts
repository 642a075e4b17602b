import type { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import {
  PROVISION_DISTRICT_WORKFLOW,
  provisionWorkflowId,
  SearchAttributes,
  TaskQueues,
  type ProvisionDistrictResult,
  type ProvisionDistrictWorkflow,
} from '@sisbridge/contracts';

/**
 * Runs one provisioning of a district to the end, as an operator's `sisbridge provision --full
 * --wait` would. The local stack's simulators start empty every time while its Postgres keeps
 * the last applied snapshot, so it always sends the whole roster (a diff against that snapshot
 * would find nothing to send to a Canvas that has nothing).
 */
export async function runProvisioning(
  client: Client,
  districtId: string,
): Promise<{ workflowId: string; result: ProvisionDistrictResult }> {
  const workflowId = provisionWorkflowId(districtId, new Date());
  const handle = await client.workflow.start<ProvisionDistrictWorkflow>(PROVISION_DISTRICT_WORKFLOW, {
    taskQueue: TaskQueues.orchestration,
    workflowId,
    args: [{ districtId, trigger: 'operator', full: true }],
    staticSummary: `Provisioning ${districtId}, started by the local stack`,
    typedSearchAttributes: new TypedSearchAttributes([
      { key: SearchAttributes.district, value: districtId },
      { key: SearchAttributes.runKind, value: 'manual' },
    ]),
  });
  return { workflowId, result: await handle.result() };
}
