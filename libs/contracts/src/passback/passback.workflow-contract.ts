import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PassbackProgress, PassbackReport, PassbackResult } from './passback-types';
import { workflowId } from '../workflow-ids';

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

/** Whose passback a run is: what its id stands for. */
export interface PassbackIdentity {
  districtId: string;
  teacherSisId: string;
  courseSisId?: string;
}

export function passbackIdentityOf(of: PassbackIdentity): PassbackIdentity {
  return { districtId: of.districtId, teacherSisId: of.teacherSisId, ...(of.courseSisId ? { courseSisId: of.courseSisId } : {}) };
}

export function samePassback(a: PassbackIdentity, b: PassbackIdentity): boolean {
  return (
    a.districtId === b.districtId && a.teacherSisId === b.teacherSisId && (a.courseSisId || undefined) === (b.courseSisId || undefined)
  );
}

/**
 * The failure type with which a run refuses a start request for another passback than its own
 * (a district, teacher or course its id does not stand for): nothing of the run is returned.
 */
export const PASSBACK_IDENTITY_MISMATCH = 'PassbackIdentityMismatch';

export interface PassbackRequest {
  /** Who asked, for the run's record: `lti:T4711`, `canvas-api`. Never a student. */
  requestedBy: string;
  /** The passback the starter means; the run refuses the request when it is another one. */
  passback?: PassbackIdentity;
}

export const requestPassbackUpdate = defineUpdate<PassbackAcceptance, [PassbackRequest]>('requestPassback');
export const passbackProgressQuery = defineQuery<PassbackProgress>('passbackProgress');
export const passbackReportQuery = defineQuery<PassbackReport | null>('passbackReport');
export const passbackResultQuery = defineQuery<PassbackResult | null>('passbackResult');

/** One run per teacher (and course, when given) at a time: `passback-springfield-T4711`, each part encoded (workflow-ids.ts). */
export function passbackWorkflowId(districtId: string, teacherSisId: string, courseSisId?: string): string {
  return workflowId('passback', districtId, teacherSisId, ...(courseSisId ? [courseSisId] : []));
}

export const NIGHTLY_PASSBACK_WORKFLOW = 'nightlyPassbackWorkflow';

/** `passback-nightly-springfield`; Temporal names each night's run `{schedule id}-{scheduled time}`. */
export function nightlyPassbackScheduleId(districtId: string): string {
  return workflowId('passback-nightly', districtId);
}

export const SYNC_CATEGORIES_WORKFLOW = 'syncCategoriesWorkflow';

/** `categories-springfield-T4711`: one category sync per teacher at a time. */
export function categoriesWorkflowId(districtId: string, teacherSisId: string): string {
  return workflowId('categories', districtId, teacherSisId);
}
