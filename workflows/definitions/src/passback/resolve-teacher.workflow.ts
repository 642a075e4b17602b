import { proxyActivities } from '@temporalio/workflow';
import { TaskQueues, type PassbackActivities, type TeacherIdentity } from '@sisbridge/contracts';

const ptp = proxyActivities<PassbackActivities>({
  taskQueue: TaskQueues.ptpGradebook,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/**
 * Who the operator means by "8301": a SIS id, a PowerSchool DCID or a Canvas user id (ptp-gradebook
 * looks in the roster and in Canvas). A short workflow, so the CLI needs neither Postgres nor a
 * Canvas token to name a passback by its deterministic id.
 */
export async function resolveTeacherWorkflow(input: { districtId: string; teacher: string }): Promise<TeacherIdentity> {
  return ptp.resolveTeacher(input);
}
