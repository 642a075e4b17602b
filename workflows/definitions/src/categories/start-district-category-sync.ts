import { ParentClosePolicy, patched, startChild, log } from '@temporalio/workflow';
import {
  districtCategoriesWorkflowId,
  ENCODED_WORKFLOW_IDS_PATCH,
  legacyWorkflowId,
  SearchAttributes,
  SYNC_DISTRICT_CATEGORIES_WORKFLOW,
  TaskQueues,
  type SyncDistrictCategoriesWorkflow,
} from '@sisbridge/contracts';

/**
 * Called by the provisioning workflow once Canvas has the night's roster: starts every teacher's
 * category sync as an abandoned child and returns at once. It never fails provisioning: a
 * category sync that cannot start is logged, and provisioning's outcome stands. Patched, so
 * provisioning runs that started before this existed replay unchanged.
 */
export async function startDistrictCategorySync(districtId: string, provisioningRunId: string): Promise<void> {
  if (!patched('start-district-category-sync')) return;
  try {
    await startChild<SyncDistrictCategoriesWorkflow>(SYNC_DISTRICT_CATEGORIES_WORKFLOW, {
      // A provisioning run that started before ids were encoded names the child as it always did (its history must replay).
      workflowId: patched(ENCODED_WORKFLOW_IDS_PATCH)
        ? districtCategoriesWorkflowId(districtId, provisioningRunId)
        : legacyWorkflowId('categories-all', districtId, provisioningRunId),
      taskQueue: TaskQueues.orchestration,
      args: [{ districtId, trigger: 'provisioning' }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `Categories → assignment groups for every teacher of ${districtId}, after provisioning`,
      typedSearchAttributes: [
        { key: SearchAttributes.district, value: districtId },
        { key: SearchAttributes.runKind, value: 'categories-nightly' },
      ],
    });
  } catch (error) {
    log.warn('The nightly category sync could not start; provisioning is not affected', {
      districtId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
