import {
  districtCategoriesWorkflowId,
  NIGHTLY_PASSBACK_WORKFLOW,
  PROVISION_DISTRICT_WORKFLOW,
  provisionWorkflowId,
  TaskQueues,
  type DistrictCategoryTotals,
  type NightlyPassbackResult,
  type ProvisionDistrictResult,
} from '@sisbridge/contracts';
import { DISTRICT_ID, type ChaosWorld } from '../world/chaos-world';
import { CanvasTeacher } from './canvas-teacher';
import { NightSteps } from './night-steps';
import { seedTeacherGradebooks, type PassbackTeacher } from './teacher-gradebooks';
import { startWorkflow, WorkflowEndedFailed, workflowResult } from './workflow-results';

export interface NightOptions {
  /** When the night must be over (the scenario's time limit). */
  deadline: number;
  /** Aborts the night (time limit, Ctrl-C): every call to Temporal is cancelled and the night rejects. */
  signal: AbortSignal;
  steps: NightSteps;
  /** Teachers who make and grade assignments in Canvas after provisioning; none: nothing new to grade. */
  seedTeachers?: PassbackTeacher[];
  /** The assignments they make today, and the number of the first (see `seedTeacherGradebooks`). */
  assignments?: { names: readonly string[]; firstNumber: number };
  /** Pauses the simulators' injected faults while the teachers work (they are not the system under test). */
  whileTeachersWork?: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * After a provisioning run that failed (as it must, when PowerSchool answered an error): the
   * scenario ends its fault and the run is started again once, as the operator or the next night would.
   */
  beforeRerun?: () => Promise<void>;
}

export interface NightReport {
  provisioning: ProvisionDistrictResult & { runs: number; failures: string[] };
  categories: DistrictCategoryTotals;
  passback: NightlyPassbackResult;
  assignmentsSeeded: number;
  wallMs: number;
}

/**
 * One night of the district: provisioning (ingest → … → record), the category sync it starts,
 * the teachers' day in Canvas, and the nightly passback, each awaited through whatever the
 * scenario does to the system. `steps` tells the scenario where the night is.
 */
export async function runNight(world: ChaosWorld, options: NightOptions): Promise<NightReport> {
  return world.client.withAbortSignal(options.signal, () => night(world, options));
}

async function night(world: ChaosWorld, options: NightOptions): Promise<NightReport> {
  const started = Date.now();
  const { client } = world;
  const { deadline, steps, signal } = options;

  steps.enter('provisioning');
  const failures: string[] = [];
  let provisioning: ProvisionDistrictResult | undefined;
  for (let run = 1; !provisioning; run++) {
    const workflowId = provisionWorkflowId(DISTRICT_ID, new Date());
    await startWorkflow(
      () =>
        client.workflow.start(PROVISION_DISTRICT_WORKFLOW, {
          taskQueue: TaskQueues.orchestration,
          workflowId,
          args: [{ districtId: DISTRICT_ID, trigger: 'schedule' }],
        }),
      deadline,
      signal,
    );
    try {
      const result = await workflowResult<ProvisionDistrictResult>(client, workflowId, deadline, 'provisioning', signal);
      if (result.outcome !== 'applied' && result.outcome !== 'unchanged')
        throw new WorkflowEndedFailed(`${result.outcome}: ${result.reason ?? ''}`);
      provisioning = result;
    } catch (error) {
      if (!(error instanceof WorkflowEndedFailed) || !options.beforeRerun || run > 1) throw error;
      failures.push(error.message);
      await options.beforeRerun();
    }
  }

  steps.enter('categories');
  const categories = await workflowResult<DistrictCategoryTotals>(
    client,
    districtCategoriesWorkflowId(DISTRICT_ID, provisioning.runId),
    deadline,
    'the category sync',
    signal,
  );

  steps.enter('teachers');
  let assignmentsSeeded = 0;
  if (options.seedTeachers) {
    const teachers = options.seedTeachers;
    const canvas = new CanvasTeacher(world.gates.canvas.url, world.canvas.token, signal);
    const work = () =>
      seedTeacherGradebooks(canvas, world.ptpDistrict, teachers, options.assignments?.names, options.assignments?.firstNumber);
    assignmentsSeeded = await (options.whileTeachersWork ? options.whileTeachersWork(work) : work());
  }

  steps.enter('passback');
  const nightlyId = `passback-nightly-${DISTRICT_ID}-${Date.now()}`;
  await startWorkflow(
    () =>
      client.workflow.start(NIGHTLY_PASSBACK_WORKFLOW, {
        taskQueue: TaskQueues.orchestration,
        workflowId: nightlyId,
        args: [{ districtId: DISTRICT_ID }],
      }),
    deadline,
    signal,
  );
  const passback = await workflowResult<NightlyPassbackResult>(client, nightlyId, deadline, 'the nightly passback', signal);
  steps.enter('done');
  return {
    provisioning: { ...provisioning, runs: failures.length + 1, failures },
    categories,
    passback,
    assignmentsSeeded,
    wallMs: Date.now() - started,
  };
}
