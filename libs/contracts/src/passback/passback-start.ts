import { TypedSearchAttributes } from '@temporalio/common';
import { SearchAttributes } from '../search-attributes';
import { TaskQueues } from '../task-queues';
import { passbackWorkflowId, type PassbackInput } from './passback.workflow-contract';

/**
 * How every starter (the CLI, the API, the LTI tool, the nightly fan-out) starts a passback, so
 * Temporal UI shows the same readable id, summary and search attributes whoever clicked.
 */
export function passbackStartOptions(input: PassbackInput): {
  taskQueue: string;
  workflowId: string;
  args: [PassbackInput];
  staticSummary: string;
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
  return `resolve-teacher-${districtId}-${teacher}-${nonce}`.replace(/[^A-Za-z0-9._:-]/g, '_');
}
