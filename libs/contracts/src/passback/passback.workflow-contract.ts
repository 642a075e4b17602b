import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PassbackProgress, PassbackReport, PassbackResult } from './passback-types';

export const PASSBACK_WORKFLOW = 'passbackTeacherWorkflow';

export interface PassbackInput {
  districtId: string;
  /** The teacher's SIS id (from PowerSchool's staff DCID, e.g. `T4711`). */
  teacherSisId: string;
  /** Only this course (Canvas course SIS id); all the teacher's courses when absent. */
  courseSisId?: string;
  trigger: 'canvas-api' | 'lti' | 'cli' | 'schedule';
}

export type PassbackWorkflow = (input: PassbackInput) => Promise<PassbackResult>;

/**
 * The start request, sent as Update-with-Start (workflowIdConflictPolicy USE_EXISTING): a click
 * while a run is going joins it instead of starting a twin. It returns as soon as validation is
 * done, with the report a teacher sees first.
 */
export interface PassbackAcceptance {
  workflowId: string;
  runId: string;
  /** Whether this request started the run or joined one already running. */
  joined: boolean;
  report: PassbackReport;
}

export const requestPassbackUpdate = defineUpdate<PassbackAcceptance, [{ requestedBy: string }]>('requestPassback');
export const passbackProgressQuery = defineQuery<PassbackProgress>('passbackProgress');
export const passbackReportQuery = defineQuery<PassbackReport | null>('passbackReport');
export const passbackResultQuery = defineQuery<PassbackResult | null>('passbackResult');

/** One run per teacher (and course, when given) at a time: `passback-springfield-T4711`. */
export function passbackWorkflowId(districtId: string, teacherSisId: string, courseSisId?: string): string {
  const id = `passback-${districtId}-${teacherSisId}${courseSisId ? `-${courseSisId}` : ''}`;
  return id.replace(/[^A-Za-z0-9._:-]/g, '_');
}

export const NIGHTLY_PASSBACK_WORKFLOW = 'nightlyPassbackWorkflow';

export function nightlyPassbackScheduleId(districtId: string): string {
  return `passback-nightly-${districtId}`;
}

export const SYNC_CATEGORIES_WORKFLOW = 'syncCategoriesWorkflow';

/** `categories-springfield-T4711`: one category sync per teacher at a time. */
export function categoriesWorkflowId(districtId: string, teacherSisId: string): string {
  return `categories-${districtId}-${teacherSisId}`.replace(/[^A-Za-z0-9._:-]/g, '_');
}
