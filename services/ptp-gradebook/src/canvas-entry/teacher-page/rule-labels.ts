import type { AssignmentOutcome, AssignmentOutcomeStatus, PassbackPhase, PassbackRule, UnreadCourseRule } from '@sisbridge/contracts';

/** Each validation rule in the words a teacher uses (the fix comes with each problem, from the workflow). */
export const RULE_LABELS: Record<PassbackRule, string> = {
  'name-too-long': 'Name too long',
  'name-not-unique': 'Name used by another synced assignment',
  'due-date-missing': 'No due date',
  'due-date-outside-term': 'Due date outside the term',
  'assigned-to-students': 'Assigned to individual students',
  'group-not-linked': 'Assignment group not linked to a PowerTeacher Pro category',
  'category-inactive': 'PowerTeacher Pro category is inactive',
  'category-excluded-for-section': 'PowerTeacher Pro category not used in this section',
  'points-out-of-range': 'Points possible out of range',
  'section-not-from-powerschool': 'Section did not come from PowerSchool',
};

export const PHASE_LABELS: Record<PassbackPhase, string> = {
  queued: 'Waiting to start',
  validating: 'Checking assignments',
  assignments: 'Creating and updating assignments in PowerTeacher Pro',
  scores: 'Sending scores',
  compensating: 'Undoing this run’s changes after a failure',
  done: 'Done',
  failed: 'Failed',
};

export const OUTCOME_LABELS: Record<AssignmentOutcomeStatus, string> = {
  sent: 'Sent',
  unchanged: 'Already up to date',
  invalid: 'Not sent: needs fixing',
  failed: 'Failed',
};

export const PTP_ASSIGNMENT_LABELS: Record<NonNullable<AssignmentOutcome['ptpAssignment']>, string> = {
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
};

export const UNREAD_LABELS: Record<UnreadCourseRule, string> = {
  'course-unpublished': 'The course is not published in Canvas',
  'grade-export-off': 'Canvas has no SIS integration turned on for the course',
  'no-canvas-courses': 'Canvas lists you as the teacher of none of your PowerSchool courses',
};
