import type { AssignmentGroupSyncResult } from './categories-types';
import { workflowId } from '../workflow-ids';

/** Category sync of one teacher (`SYNC_CATEGORIES_WORKFLOW`, id `categoriesWorkflowId`). */
export interface SyncCategoriesInput {
  districtId: string;
  teacherSisId: string;
  trigger: 'cli' | 'canvas-api' | 'lti' | 'nightly';
}

export interface SyncCategoriesResult extends AssignmentGroupSyncResult {
  teacherSisId: string;
  yearId: number;
  categories: number;
  activeCategories: number;
}

export type SyncCategoriesWorkflow = (input: SyncCategoriesInput) => Promise<SyncCategoriesResult>;

export const SYNC_DISTRICT_CATEGORIES_WORKFLOW = 'syncDistrictCategoriesWorkflow';

/** Every teacher of a district, after provisioning (or by hand), a few at once. */
export interface SyncDistrictCategoriesInput {
  districtId: string;
  trigger: 'provisioning' | 'cli';
  /** Teachers syncing at once (default 5). */
  concurrency?: number;
  /** Teachers per run before continue-as-new (default 200). */
  teachersPerRun?: number;
  /** Set by continue-as-new: where the previous run stopped, and its totals. */
  resume?: { afterTeacher: string; totals: DistrictCategoryTotals };
}

export interface DistrictCategoryTotals {
  teachers: number;
  failed: number;
  /** Teachers whose category sync was already running (left to finish). */
  alreadyRunning: number;
  created: number;
  renamed: number;
  relinked: number;
  recreated: number;
}

export type SyncDistrictCategoriesWorkflow = (input: SyncDistrictCategoriesInput) => Promise<DistrictCategoryTotals>;

/** `categories-all-springfield-{run}`: a district-wide sync, one per provisioning run. */
export function districtCategoriesWorkflowId(districtId: string, runKey: string): string {
  return workflowId('categories-all', districtId, runKey);
}
