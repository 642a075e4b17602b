import type { PassbackRule, ValidationProblem } from '@sisbridge/contracts';

/**
 * Each rule's problem as the teacher reads it: the rule, the value that breaks it, and what to do
 * in Canvas (or PowerTeacher Pro) to fix it. The words are the report's, so they say "Canvas" and
 * "PowerTeacher Pro", not ids.
 */
export const problems = {
  nameTooLong: (name: string, max: number): ValidationProblem =>
    problem('name-too-long', name, `Shorten the assignment name in Canvas to ${max} characters or fewer (it has ${[...name].length}).`),
  nameNotUnique: (name: string, sectionSisId: string): ValidationProblem =>
    problem(
      'name-not-unique',
      name,
      'Give each assignment synced to PowerTeacher Pro its own name in Canvas: another one in this section has the same name.',
      sectionSisId,
    ),
  dueDateMissing: (sectionSisId?: string): ValidationProblem =>
    problem(
      'due-date-missing',
      '',
      sectionSisId ? 'Give the assignment a due date for this section in Canvas.' : 'Give the assignment a due date in Canvas.',
      sectionSisId,
    ),
  dueDateOutsideTerm: (dueDate: string, term: { start: string; end: string }, sectionSisId: string): ValidationProblem =>
    problem(
      'due-date-outside-term',
      dueDate,
      `Set a due date between ${term.start} and ${term.end} (the section's term) in Canvas.`,
      sectionSisId,
    ),
  assignedToStudents: (students: number): ValidationProblem =>
    problem(
      'assigned-to-students',
      `${students} individual student${students === 1 ? '' : 's'}`,
      'Assign it to Everyone or to whole sections in Canvas (PowerTeacher Pro takes no per-student assignments), or uncheck Sync to SIS.',
    ),
  groupNotLinked: (groupName: string, detail: string): ValidationProblem =>
    problem(
      'group-not-linked',
      groupName,
      `Move the assignment to an assignment group that came from your PowerTeacher Pro categories (${detail}).`,
    ),
  categoryInactive: (categoryName: string): ValidationProblem =>
    problem(
      'category-inactive',
      categoryName,
      'Activate the category in PowerTeacher Pro, or move the assignment to another assignment group in Canvas.',
    ),
  categoryExcluded: (categoryName: string, sectionSisId: string): ValidationProblem =>
    problem(
      'category-excluded-for-section',
      categoryName,
      'The category is turned off for this section in PowerTeacher Pro: use another assignment group in Canvas, or include the section in the category.',
      sectionSisId,
    ),
  pointsOutOfRange: (points: number | null | undefined, max: number): ValidationProblem =>
    problem(
      'points-out-of-range',
      points === null || points === undefined ? 'none' : String(points),
      `Give the assignment between 0 and ${max} points in Canvas.`,
    ),
  sectionNotFromPowerSchool: (sectionName: string, sectionSisId?: string): ValidationProblem =>
    problem(
      'section-not-from-powerschool',
      sectionName,
      'This section was made in Canvas, not by PowerSchool: only PowerSchool sections have a PowerTeacher Pro gradebook. Assign the assignment to PowerSchool sections.',
      sectionSisId,
    ),
};

function problem(rule: PassbackRule, value: string, fix: string, sectionSisId?: string): ValidationProblem {
  return { rule, value, fix, ...(sectionSisId ? { sectionSisId } : {}) };
}
