import { TypedSearchAttributes } from '@temporalio/common';
import { SearchAttributes } from '../search-attributes';
import { TaskQueues } from '../task-queues';
import { passbackIdentityOf, passbackWorkflowId, type PassbackInput } from './passback.workflow-contract';
import { workflowId } from '../workflow-ids';

/**
 * How every starter (the CLI, the API, the LTI tool, the nightly fan-out) starts a passback, so
 * Temporal UI shows the same readable id, summary, memo and search attributes whoever clicked.
 */
export function passbackStartOptions(input: PassbackInput): {
  taskQueue: string;
  workflowId: string;
  args: [PassbackInput];
  staticSummary: string;
  memo: Record<string, unknown>;
  typedSearchAttributes: TypedSearchAttributes;
} {
  const by = { 'canvas-api': 'from the Canvas API', lti: 'from Canvas (Sync Grades)', cli: 'by an operator', schedule: 'nightly' }[
    input.trigger
  ];
  return {
    taskQueue: TaskQueues.orchestration,
    workflowId: passbackWorkflowId(input.districtId, input.teacherSisId, input.courseSisId),
    args: [input],
    staticSummary:
      `Grade passback of teacher ${input.teacherSisId}${input.courseSisId ? `, course ${input.courseSisId}` : ''} (${input.districtId}), ${by}`.slice(
        0,
        200,
      ),
    // Whose passback the run is, for a start that finds it running to check (ids only).
    memo: { passback: passbackIdentityOf(input) },
    typedSearchAttributes: new TypedSearchAttributes([
      { key: SearchAttributes.district, value: input.districtId },
      { key: SearchAttributes.teacher, value: input.teacherSisId },
      { key: SearchAttributes.runKind, value: 'passback' },
    ]),
  };
}

export const RESOLVE_TEACHER_WORKFLOW = 'resolveTeacherWorkflow';

/** `resolve-teacher-springfield-8301-…`: a short lookup, run by the CLI before it names a passback. */
export function resolveTeacherWorkflowId(districtId: string, teacher: string, nonce: string): string {
  return workflowId('resolve-teacher', districtId, teacher, nonce);
}
