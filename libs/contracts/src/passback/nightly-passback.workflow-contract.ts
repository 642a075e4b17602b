import { defineQuery } from '@temporalio/workflow';

/**
 * The nightly passback of one district: every course whose `grade_passback_setting` is
 * `nightly_sync` (canvas.md §1.5), teacher by teacher, a few teachers at once. Its Temporal
 * Schedule is `nightlyPassbackScheduleId(districtId)`; the workflow type `NIGHTLY_PASSBACK_WORKFLOW`.
 */
export interface NightlyPassbackInput {
  districtId: string;
  /** Set by continue-as-new: the night's plan (stored by ptp-gradebook) and how far it got. */
  resume?: { nextTeacher: number; totals: NightlyPassbackTotals; plan: NightlyPassbackPlan };
  /** Teachers per run before continue-as-new keeps the history short (default 100). */
  teachersPerRun?: number;
}

/** Course passbacks of the night, by how they ended. */
export interface NightlyPassbackTotals {
  /** Teachers whose courses were all started (or found running). */
  teachersDone: number;
  completed: number;
  completedWithErrors: number;
  failed: number;
  /** A passback of that teacher and course was already running (a teacher's click): it was left to finish, not doubled. */
  alreadyRunning: number;
}

/** What the night covers, read from Canvas by ptp-gradebook and stored under `planId`. */
export interface NightlyPassbackPlan {
  planId: string;
  teachers: number;
  courses: number;
  /** Teachers whose passbacks run at once (the district's `schedules.passback.maxConcurrentTeachers`). */
  maxConcurrentTeachers: number;
  /**
   * Left out, with the reason: a course with no SIS id did not come from PowerSchool; a teacher with
   * none cannot be found in PTP; a co-taught course is passed back once, under its first teacher
   * by SIS id, so `coTeachers` counts the other teachers of such courses.
   */
  skipped: { coursesWithoutSisId: number; coursesWithoutTeacher: number; teachersWithoutSisId: number; coTeachers: number };
}

/** One teacher of the night: their `nightly_sync` courses, by SIS id, passed back one after another. */
export interface NightlyPassbackTeacher {
  teacherSisId: string;
  courseSisIds: string[];
}

export interface NightlyPassbackResult {
  districtId: string;
  plan: NightlyPassbackPlan;
  totals: NightlyPassbackTotals;
}

export type NightlyPassbackWorkflow = (input: NightlyPassbackInput) => Promise<NightlyPassbackResult>;

export interface NightlyPassbackProgress {
  phase: 'planning' | 'passing-back' | 'done';
  teachers: number;
  teachersDone: number;
  totals: NightlyPassbackTotals;
}

export const nightlyPassbackProgressQuery = defineQuery<NightlyPassbackProgress>('nightlyPassbackProgress');

/**
 * Activities on the `ptp-gradebook` task queue for the nightly passback. Teacher lists stay in
 * Postgres and come back a page at a time, so a large district never puts them in the history.
 */
export interface NightlyPassbackActivities {
  /** Reads the district's `nightly_sync` courses and their teachers from Canvas and stores the plan (idempotent per `planId`). */
  planNightlyPassback(input: { districtId: string; planId: string }): Promise<NightlyPassbackPlan>;
  /** Teachers `offset` … `offset + limit - 1` of a stored plan, in a stable order. */
  nightlyPassbackTeachers(input: { planId: string; offset: number; limit: number }): Promise<NightlyPassbackTeacher[]>;
}
