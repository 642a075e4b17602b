import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { RESOLVE_TEACHER_WORKFLOW, resolveTeacherWorkflowId, TaskQueues, type TeacherIdentity } from '@sisbridge/contracts';

/**
 * The teacher an operator named (PowerSchool DCID, SIS id or Canvas user id; `dcid:`, `sis:`,
 * `canvas:` to say which), resolved by ptp-gradebook through a short workflow: the CLI needs no
 * database or Canvas token for it.
 */
export async function resolveTeacher(client: Client, districtId: string, teacher: string): Promise<TeacherIdentity> {
  return client.workflow.execute<(input: { districtId: string; teacher: string }) => Promise<TeacherIdentity>>(RESOLVE_TEACHER_WORKFLOW, {
    taskQueue: TaskQueues.orchestration,
    workflowId: resolveTeacherWorkflowId(districtId, teacher, randomBytes(4).toString('hex')),
    args: [{ districtId, teacher }],
    workflowExecutionTimeout: '2 minutes',
  });
}
