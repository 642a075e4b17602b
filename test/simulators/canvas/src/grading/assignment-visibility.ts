import type { CanvasStore } from '../model/canvas-store';
import type { Assignment, AssignmentOverride, Enrollment } from '../model/entities';

/** Enrollment states in which a student is on the roster for grading (not deleted, rejected or inactive). */
const ROSTER_STATES: ReadonlySet<Enrollment['workflowState']> = new Set(['active', 'invited', 'completed']);

/** The course's student enrollments that count for grading, one per enrollment. */
export function studentEnrollments(store: CanvasStore, courseId: number): Enrollment[] {
  return store
    .enrollmentsOfCourse(courseId)
    .filter((e) => e.type === 'StudentEnrollment' && ROSTER_STATES.has(e.workflowState))
    .sort((a, b) => a.id - b.id);
}

export function activeOverrides(store: CanvasStore, assignmentId: number): AssignmentOverride[] {
  return [...store.assignmentOverrides.values()]
    .filter((o) => o.assignmentId === assignmentId && o.workflowState === 'active')
    .sort((a, b) => a.id - b.id);
}

/** The overrides that apply to a student: one naming them, or one for a section they are in. */
export function overridesFor(store: CanvasStore, assignment: Assignment, userId: number): AssignmentOverride[] {
  const sections = new Set(
    studentEnrollments(store, assignment.courseId)
      .filter((e) => e.userId === userId)
      .map((e) => e.sectionId),
  );
  return activeOverrides(store, assignment.id).filter(
    (o) => (o.studentIds !== null && o.studentIds.includes(userId)) || (o.courseSectionId !== null && sections.has(o.courseSectionId)),
  );
}

/** Whether the student is assigned: everyone, unless the assignment is only for its overrides. */
export function isAssignedTo(store: CanvasStore, assignment: Assignment, userId: number): boolean {
  return !assignment.onlyVisibleToOverrides || overridesFor(store, assignment, userId).length > 0;
}

/**
 * The student's due date: of the dates that apply (the assignment's own, unless it is only for
 * overrides, and each applicable override's), Canvas takes the most lenient; no due date beats
 * any date.
 */
export function dueAtFor(store: CanvasStore, assignment: Assignment, userId: number): Date | null {
  const candidates: Array<Date | null> = overridesFor(store, assignment, userId)
    .filter((o) => o.dueAtOverridden)
    .map((o) => o.dueAt);
  if (!assignment.onlyVisibleToOverrides || candidates.length === 0) candidates.push(assignment.dueAt);
  if (candidates.some((d) => d === null)) return null;
  return (candidates as Date[]).reduce((latest, d) => (d > latest ? d : latest));
}
