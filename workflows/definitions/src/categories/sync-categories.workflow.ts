import { proxyActivities, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  SearchAttributes,
  TaskQueues,
  type AssignmentGroupActivities,
  type SyncCategoriesInput,
  type SyncCategoriesResult,
  type TeacherCategoryActivities,
} from '@sisbridge/contracts';

const retry = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 };

const ptp = proxyActivities<TeacherCategoryActivities>({
  taskQueue: TaskQueues.ptpGradebook,
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry,
});
const canvas = proxyActivities<AssignmentGroupActivities>({
  taskQueue: TaskQueues.canvasProvisioner,
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry,
});

/**
 * One teacher's PowerTeacher Pro categories → Canvas assignment groups, in every course that
 * holds one of their sections this school year. Id `categories-{district}-{teacher}`: a click and
 * the nightly run never sync one teacher twice at once. Linked by id, so it can run any number of
 * times: a re-run duplicates nothing, a rename in PTP renames the group, one in Canvas is kept.
 */
export async function syncCategoriesWorkflow(input: SyncCategoriesInput): Promise<SyncCategoriesResult> {
  const attributes = [
    { key: SearchAttributes.district, value: input.districtId },
    { key: SearchAttributes.teacher, value: input.teacherSisId },
  ];
  if (!workflowInfo().typedSearchAttributes.get(SearchAttributes.runKind))
    attributes.push({ key: SearchAttributes.runKind, value: 'categories' });
  upsertSearchAttributes(attributes);
  setCurrentDetails(`**Categories of teacher ${input.teacherSisId}** — reading PowerTeacher Pro`);
  const categories = await ptp.readTeacherCategories({ districtId: input.districtId, teacherSisId: input.teacherSisId });
  const active = categories.categories.filter((category) => category.active).length;
  setCurrentDetails(
    `**Categories of teacher ${input.teacherSisId}** — ${active} active of ${categories.categories.length}; syncing ${categories.sectionSisIds.length} sections' courses`,
  );
  const synced = await canvas.syncAssignmentGroups({ districtId: input.districtId, categories });
  const result: SyncCategoriesResult = {
    ...synced,
    teacherSisId: input.teacherSisId,
    yearId: categories.yearId,
    categories: categories.categories.length,
    activeCategories: active,
  };
  setCurrentDetails(
    `**Categories of teacher ${input.teacherSisId}** — done: ${synced.courses} courses; groups ${synced.created} created, ${synced.renamed} renamed, ${synced.relinked} relinked, ${synced.recreated} recreated, ${synced.unchanged} unchanged; ${synced.inactive} inactive and ${synced.excluded} excluded categories skipped`,
  );
  return result;
}
