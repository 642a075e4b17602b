import { ApplicationFailure } from '@temporalio/common';
import {
  SYNC_DISTRICT_CATEGORIES_WORKFLOW,
  TaskQueues,
  type AssignmentGroupSyncResult,
  type SyncDistrictCategoriesWorkflow,
} from '@sisbridge/contracts';
import { WorkflowTestEnv } from '@sisbridge/test-support';

const TEACHERS = ['T1', 'T2', 'T3', 'T4', 'T5'];

const groups: AssignmentGroupSyncResult = {
  courses: 2,
  created: 3,
  renamed: 1,
  relinked: 0,
  recreated: 0,
  unchanged: 2,
  inactive: 1,
  excluded: 0,
};

/** Every teacher's categories after provisioning: a page of teachers per run, one teacher's failure theirs alone. */
describe('syncDistrictCategoriesWorkflow, with its activities stood in for', () => {
  let test: WorkflowTestEnv;

  beforeAll(async () => {
    test = await WorkflowTestEnv.start('categories-workflow', {
      [TaskQueues.ptpGradebook]: {
        teachersWithSections: async ({ after, limit }) => {
          const from = after === undefined ? 0 : TEACHERS.indexOf(after) + 1;
          return { teacherSisIds: TEACHERS.slice(from, from + limit) };
        },
        readTeacherCategories: async ({ teacherSisId }) => {
          // T3's PowerTeacher Pro refuses the plugin: a failure no retry fixes.
          if (teacherSisId === 'T3') throw ApplicationFailure.create({ type: 'Ptp.forbidden', message: 'refused', nonRetryable: true });
          return {
            teacherSisId,
            usersDcid: 1,
            yearId: 36,
            sectionSisIds: ['S1'],
            categories: [{ teacherCategoryId: 1, name: 'Homework', active: true, displayPosition: 1, excludedSectionSisIds: [] }],
          };
        },
      },
      [TaskQueues.canvasProvisioner]: { syncAssignmentGroups: async () => groups },
    });
  });

  afterAll(async () => {
    await test?.teardown();
  });

  async function syncDistrict(districtId: string, teachersPerRun?: number) {
    const workflowId = `categories-all-${districtId}-test`;
    const handle = await test.client.workflow.start<SyncDistrictCategoriesWorkflow>(SYNC_DISTRICT_CATEGORIES_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId,
      args: [{ districtId, trigger: 'cli', concurrency: 2, ...(teachersPerRun ? { teachersPerRun } : {}) }],
    });
    return { totals: await handle.result(), workflowId };
  }

  it('continues as new after each page of teachers, resuming after the last, with the same totals as one run', async () => {
    const paged = await syncDistrict('north', 2);
    const whole = await syncDistrict('south');

    const expected = { teachers: 5, failed: 1, alreadyRunning: 0, created: 12, renamed: 4, relinked: 0, recreated: 0 };
    expect(paged.totals).toEqual(expected);
    expect(whole.totals).toEqual(expected);
    const pages = test.activities.calls(paged.workflowId).filter((call) => call.name === 'teachersWithSections');
    expect(pages.map((call) => call.input)).toEqual([
      { districtId: 'north', limit: 2 },
      { districtId: 'north', after: 'T2', limit: 2 },
      { districtId: 'north', after: 'T4', limit: 2 },
    ]);
    // One sync per teacher, each under the id a click would use, so a click and the night never overlap.
    for (const teacher of TEACHERS) expect(test.activities.names(`categories-north-${teacher}`)[0]).toBe('readTeacherCategories');
    expect(test.activities.names('categories-north-T3')).toEqual(['readTeacherCategories']);
  });
});
