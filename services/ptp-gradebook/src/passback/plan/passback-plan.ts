import type { SisAssignment } from '@sisbridge/canvas-client';
import { teacherCategoryIdOf, type AssignmentValidation, type ValidationProblem } from '@sisbridge/contracts';
import type { TeacherCategory } from '@sisbridge/ptp-client';
import { localDate } from './local-date';
import type { SectionDefinition } from './section-definition';
import { problems } from './validation-rules';

/** PowerTeacher Pro's ceiling: (points × weight) + extra points ≤ 9,999 (powerteacher-pro.md §5.6). */
export const MAX_POINT_VALUE = 9999;

/** A PowerSchool section as the roster knows it, with its term's span. */
export interface RosterSectionView {
  sisId: string;
  dcid: number;
  teacherSisIds: readonly string[];
  /** The first and last day of the section's term(s), YYYY-MM-DD. */
  term: { start: string; end: string } | undefined;
}

export interface PlanInput {
  teacherSisId: string;
  timeZone: string;
  maxNameLength: number;
  yearId: number;
  courses: ReadonlyArray<{ canvasCourseId: number; assignments: readonly SisAssignment[] }>;
  /** Roster sections by SIS id (any teacher's: an assignment may list sections of a co-teacher). */
  sections: ReadonlyMap<string, RosterSectionView>;
  /** The teacher's categories of the year, by teachercategoryid. */
  categories: ReadonlyMap<number, TeacherCategory>;
}

/** One Canvas assignment in one PTP section: what will be created or updated there. */
export interface PlannedSection {
  canvasAssignmentId: number;
  canvasCourseId: number;
  sectionSisId: string;
  sectionsDcid: number;
  definition: SectionDefinition;
}

export interface PassbackPlan {
  validations: AssignmentValidation[];
  sections: PlannedSection[];
  /** Per Canvas assignment, every PowerSchool section it is assigned to (any teacher's). */
  rosterSections: Map<number, string[]>;
}

/**
 * Validates every post_to_sis assignment before anything is sent, and plans what passes.
 * Assignment-wide rules (name, students, group and category, points) stop the whole assignment;
 * section rules (due date, term, exclusion, a section not from PowerSchool) stop only that
 * section, and the assignment goes to its other sections. Sections the teacher does not teach are
 * another teacher's passback and are left out. Pure: data in, plan out.
 */
export function buildPassbackPlan(input: PlanInput): PassbackPlan {
  const validations: AssignmentValidation[] = [];
  const planned: PlannedSection[] = [];
  const rosterSections = new Map<number, string[]>();
  for (const course of input.courses) {
    for (const assignment of course.assignments) {
      const result = planAssignment(input, course.canvasCourseId, assignment);
      if (!result) continue;
      validations.push(result.validation);
      planned.push(...result.sections);
      rosterSections.set(assignment.id, result.rosterSectionSisIds);
    }
  }
  const sections = rejectDuplicateNames(planned, validations);
  for (const validation of validations) {
    const sendable = sections.some((section) => section.canvasAssignmentId === validation.canvasAssignmentId);
    validation.valid = sendable && !validation.problems.some((problem) => problem.sectionSisId === undefined);
  }
  const valid = new Set(validations.filter((v) => v.valid).map((v) => v.canvasAssignmentId));
  return { validations, sections: sections.filter((section) => valid.has(section.canvasAssignmentId)), rosterSections };
}

function planAssignment(
  input: PlanInput,
  canvasCourseId: number,
  assignment: SisAssignment,
): { validation: AssignmentValidation; sections: PlannedSection[]; rosterSectionSisIds: string[] } | undefined {
  const problemsFound: ValidationProblem[] = [];
  const teacherSections: Array<{ canvas: SisAssignment['sections'][number]; roster: RosterSectionView }> = [];
  const rosterSectionSisIds: string[] = [];
  for (const section of assignment.sections) {
    const roster = section.sis_id ? input.sections.get(section.sis_id) : undefined;
    if (roster) rosterSectionSisIds.push(roster.sisId);
    if (!roster) {
      // Always a section's problem: the assignment still goes to its PowerSchool sections.
      problemsFound.push(problems.sectionNotFromPowerSchool(section.name, section.sis_id ?? `canvas-section-${section.id}`));
      continue;
    }
    // Another teacher's section of a shared course: their passback sends it.
    if (roster.teacherSisIds.includes(input.teacherSisId)) teacherSections.push({ canvas: section, roster });
  }
  // Assigned only to individual students, Canvas lists no sections for it: still the teacher's (it is in their course), and reported.
  const students = new Set((assignment.user_overrides ?? []).flatMap((override) => override.students.map((student) => student.user_id)));
  if (teacherSections.length === 0 && problemsFound.length === 0 && students.size === 0) return undefined;

  const name = assignment.name.trim();
  if ([...name].length > input.maxNameLength) problemsFound.push(problems.nameTooLong(name, input.maxNameLength));
  if (students.size > 0) problemsFound.push(problems.assignedToStudents(students.size));
  const points = assignment.points_possible;
  if (points === null || points === undefined || !(points >= 0) || points > MAX_POINT_VALUE)
    problemsFound.push(problems.pointsOutOfRange(points, MAX_POINT_VALUE));

  const group = assignment.assignment_group ?? null;
  const categoryId = teacherCategoryIdOf(group);
  const category = categoryId === undefined ? undefined : input.categories.get(categoryId);
  // In sections this teacher shares, an assignment in a co-teacher's category is the co-teacher's to pass back.
  const coTaught =
    teacherSections.length > 0 &&
    teacherSections.every(({ roster }) => roster.teacherSisIds.some((teacher) => teacher !== input.teacherSisId));
  if (categoryId !== undefined && !category && coTaught) return undefined;
  if (categoryId === undefined)
    problemsFound.push(problems.groupNotLinked(group?.name ?? '(none)', 'this one is not linked to a PowerTeacher Pro category'));
  else if (!category)
    problemsFound.push(
      problems.groupNotLinked(
        group?.name ?? '(none)',
        `its category ${categoryId} is not one of your PowerTeacher Pro categories for this school year`,
      ),
    );
  else if (!category.isActive) problemsFound.push(problems.categoryInactive(category.name));

  const sections: PlannedSection[] = [];
  for (const { canvas, roster } of teacherSections) {
    const dueAt = canvas.override?.due_at ?? assignment.due_at;
    if (!dueAt) {
      problemsFound.push(problems.dueDateMissing(teacherSections.length > 1 ? roster.sisId : undefined));
      continue;
    }
    const dueDate = localDate(dueAt, input.timeZone);
    if (!dueDate) {
      problemsFound.push(problems.dueDateMissing(roster.sisId));
      continue;
    }
    if (roster.term && (dueDate < roster.term.start || dueDate > roster.term.end)) {
      problemsFound.push(problems.dueDateOutsideTerm(dueDate, roster.term, roster.sisId));
      continue;
    }
    if (category && category.excludedSectionDcids.includes(roster.dcid)) {
      problemsFound.push(problems.categoryExcluded(category.name, roster.sisId));
      continue;
    }
    if (!category || points === null || points === undefined) continue;
    sections.push({
      canvasAssignmentId: assignment.id,
      canvasCourseId,
      sectionSisId: roster.sisId,
      sectionsDcid: roster.dcid,
      definition: {
        name,
        dueDate,
        points,
        extraCreditPoints: 0,
        countsInFinalGrade: assignment.include_in_final_grade ?? true,
        publishScores: category.isDefaultPublishScores ?? true,
        publishOption: category.defaultPublishOption ?? 'Immediately',
        teacherCategoryId: category.teacherCategoryId,
        yearId: input.yearId,
      },
    });
  }
  // A due-date problem of the only section is the assignment's own.
  const assignmentWide = problemsFound.map((problem) =>
    teacherSections.length === 1 && problem.rule.startsWith('due-date') ? withoutSection(problem) : problem,
  );
  // An assignment-wide problem stops every section (and keeps it out of the name-uniqueness check).
  if (assignmentWide.some((problem) => problem.sectionSisId === undefined)) sections.length = 0;
  return {
    validation: {
      canvasAssignmentId: assignment.id,
      canvasCourseId,
      name,
      ...(assignment.due_at ? { dueAt: assignment.due_at } : {}),
      ...(points === null || points === undefined ? {} : { pointsPossible: points }),
      sections: teacherSections.map((section) => section.roster.sisId),
      valid: false,
      problems: assignmentWide,
    },
    sections,
    rosterSectionSisIds,
  };
}

/** Two assignments with one name in one section: PTP could not tell them apart, so neither goes there. */
function rejectDuplicateNames(planned: PlannedSection[], validations: AssignmentValidation[]): PlannedSection[] {
  const bySectionAndName = new Map<string, PlannedSection[]>();
  for (const section of planned) {
    const key = `${section.sectionsDcid}\u0000${section.definition.name.toLocaleLowerCase()}`;
    bySectionAndName.set(key, [...(bySectionAndName.get(key) ?? []), section]);
  }
  const rejected = new Set<PlannedSection>();
  for (const group of bySectionAndName.values()) {
    if (group.length < 2) continue;
    for (const section of group) {
      rejected.add(section);
      validations
        .find((v) => v.canvasAssignmentId === section.canvasAssignmentId)
        ?.problems.push(problems.nameNotUnique(section.definition.name, section.sectionSisId));
    }
  }
  return planned.filter((section) => !rejected.has(section));
}

function withoutSection(problem: ValidationProblem): ValidationProblem {
  const { sectionSisId: _sectionSisId, ...rest } = problem;
  return rest;
}
