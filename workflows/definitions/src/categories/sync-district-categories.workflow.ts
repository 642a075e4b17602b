import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setCurrentDetails,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  categoriesWorkflowId,
  ENCODED_WORKFLOW_IDS_PATCH,
  legacyWorkflowId,
  SearchAttributes,
  SYNC_CATEGORIES_WORKFLOW,
  TaskQueues,
  type DistrictCategoryTotals,
  type SyncCategoriesWorkflow,
  type SyncDistrictCategoriesInput,
  type TeacherCategoryActivities,
} from '@sisbridge/contracts';

const roster = proxyActivities<TeacherCategoryActivities>({
  taskQueue: TaskQueues.ptpGradebook,
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * Every teacher's categories → assignment groups, after the nightly provisioning (so a category
 * made in PTP today is in Canvas tomorrow morning). Teachers come from the latest roster a page
 * at a time, a few sync at once (each its own `syncCategoriesWorkflow`, so one teacher's failure is
 * that teacher's, in their own history); every `teachersPerRun` the workflow continues as new.
 */
export async function syncDistrictCategoriesWorkflow(input: SyncDistrictCategoriesInput): Promise<DistrictCategoryTotals> {
  const concurrency = input.concurrency ?? 5;
  const perRun = input.teachersPerRun ?? 200;
  const totals: DistrictCategoryTotals = input.resume?.totals ?? {
    teachers: 0,
    failed: 0,
    alreadyRunning: 0,
    created: 0,
    renamed: 0,
    relinked: 0,
    recreated: 0,
  };
  upsertSearchAttributes([
    { key: SearchAttributes.district, value: input.districtId },
    { key: SearchAttributes.runKind, value: 'categories-nightly' },
  ]);
  const show = () =>
    setCurrentDetails(
      `**Categories of every teacher of ${input.districtId}** — ${totals.teachers} teachers done (${totals.failed} failed); groups ${totals.created} created, ${totals.renamed} renamed`,
    );
  show();

  const { teacherSisIds } = await roster.teachersWithSections({
    districtId: input.districtId,
    ...(input.resume ? { after: input.resume.afterTeacher } : {}),
    limit: perRun,
  });
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < teacherSisIds.length) {
      const teacherSisId = teacherSisIds[next++] as string;
      try {
        const result = await executeChild<SyncCategoriesWorkflow>(SYNC_CATEGORIES_WORKFLOW, {
          workflowId: patched(ENCODED_WORKFLOW_IDS_PATCH)
            ? categoriesWorkflowId(input.districtId, teacherSisId)
            : legacyWorkflowId('categories', input.districtId, teacherSisId),
          taskQueue: TaskQueues.orchestration,
          args: [{ districtId: input.districtId, teacherSisId, trigger: 'nightly' }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          staticSummary: `Nightly categories of teacher ${teacherSisId}`,
          typedSearchAttributes: [
            { key: SearchAttributes.district, value: input.districtId },
            { key: SearchAttributes.teacher, value: teacherSisId },
            { key: SearchAttributes.runKind, value: 'categories-nightly' },
          ],
        });
        totals.created += result.created;
        totals.renamed += result.renamed;
        totals.relinked += result.relinked;
        totals.recreated += result.recreated;
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) totals.alreadyRunning++;
        else totals.failed++;
      }
      totals.teachers++;
      show();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, teacherSisIds.length)) }, lane));

  const last = teacherSisIds[teacherSisIds.length - 1];
  if (teacherSisIds.length === perRun && last !== undefined) {
    return continueAsNew<typeof syncDistrictCategoriesWorkflow>({ ...input, resume: { afterTeacher: last, totals } });
  }
  return totals;
}
