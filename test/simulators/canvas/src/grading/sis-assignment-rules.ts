import type { FieldError } from '../http/canvas-errors';
import type { SisAccountSettings } from '../model/canvas-store';
import type { Assignment, AssignmentOverride } from '../model/entities';

/** Canvas's longest assignment title when no SIS limit applies. */
export const MAXIMUM_STRING_LENGTH = 255;

/** AssignmentUtil.name_length_required_for_account? */
export function nameLengthRequired(settings: SisAccountSettings): boolean {
  return settings.sisSyncing && settings.sisAssignmentNameLength && settings.newSisIntegrations;
}

/** AssignmentUtil.due_date_required_for_account? */
export function dueDateRequired(settings: SisAccountSettings): boolean {
  return settings.sisSyncing && settings.sisRequireAssignmentDueDate && settings.newSisIntegrations;
}

/** The title limit for this assignment: the account's SIS limit for post_to_sis assignments, else 255. */
export function maxNameLength(settings: SisAccountSettings, assignment: Pick<Assignment, 'postToSis'>): number {
  return assignment.postToSis && nameLengthRequired(settings) ? settings.sisAssignmentNameLengthInput : MAXIMUM_STRING_LENGTH;
}

/**
 * The model validations Canvas runs on save (canvas.md §3.4): title length, the due date a
 * post_to_sis assignment needs when the account requires one (checked on the assignment only when
 * it has no active overrides, and on each override that sets a due date), and a due date inside
 * the availability dates.
 */
export function validateAssignment(
  settings: SisAccountSettings,
  assignment: Assignment,
  overrides: readonly AssignmentOverride[],
): FieldError[] {
  const errors: FieldError[] = [];
  const limit = maxNameLength(settings, assignment);
  if (assignment.gradingType !== 'not_graded' && assignment.name.length > limit) {
    errors.push({ attribute: 'title', type: 'too_long', message: `The title cannot be longer than ${limit} characters` });
  }
  const dueRequired = assignment.postToSis && dueDateRequired(settings) && assignment.gradingType !== 'not_graded';
  if (dueRequired && overrides.length === 0 && assignment.dueAt === null) {
    errors.push({ attribute: 'due_at', type: 'blank', message: 'cannot be blank when Post to Sis is checked' });
  }
  if (dueRequired && overrides.some((o) => o.dueAtOverridden && o.dueAt === null)) {
    errors.push({ attribute: 'due_at', type: 'blank', message: 'cannot be blank for any assignees when Post to Sis is checked' });
  }
  const { dueAt, unlockAt, lockAt } = assignment;
  if (dueAt && ((unlockAt && dueAt < unlockAt) || (lockAt && dueAt > lockAt))) {
    errors.push({ attribute: 'due_at', type: 'invalid', message: 'must be between availability dates' });
  }
  return errors;
}
