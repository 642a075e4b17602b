import type { SisAssignment } from '@sisbridge/canvas-client';
import type { TeacherCategory } from '@sisbridge/ptp-client';
import { buildPassbackPlan, type PlanInput, type RosterSectionView } from './passback-plan';
import { fingerprint } from './section-definition';

const term = { start: '2025-08-20', end: '2026-01-16' };
const section = (n: number, teachers = ['T7']): RosterSectionView => ({ sisId: `SEC${n}`, dcid: 4000 + n, teacherSisIds: teachers, term });
const category = (id: number, extra: Partial<TeacherCategory> = {}): TeacherCategory => ({
  teacherCategoryId: id,
  name: `Cat ${id}`,
  description: '',
  categoryType: 'district',
  districtTeacherCategoryId: null,
  usersDcid: 7,
  isActive: true,
  isInFinalGrades: true,
  displayPosition: 1,
  defaultPublishOption: 'Immediately',
  isDefaultPublishScores: true,
  excludedSectionDcids: [],
  ...extra,
});
const group = (categoryId: number | undefined) => ({
  id: 900,
  name: 'Homework',
  sis_source_id: categoryId === undefined ? null : `ptp-category-${categoryId}`,
  integration_data: {},
});
const canvasSection = (n: number, dueAt?: string) => ({
  id: 100 + n,
  name: `Period ${n}`,
  sis_id: `SEC${n}`,
  ...(dueAt ? { override: { due_at: dueAt } } : {}),
});
let nextId = 1;
const assignment = (extra: Partial<SisAssignment> = {}): SisAssignment => ({
  id: nextId++,
  course_id: 55,
  name: 'Cell Worksheet',
  due_at: '2025-10-15T04:59:00Z',
  points_possible: 10,
  include_in_final_grade: true,
  assignment_group: group(5),
  sections: [canvasSection(1), canvasSection(2)],
  user_overrides: [],
  ...extra,
});

function plan(assignments: SisAssignment[], extra: Partial<PlanInput> = {}) {
  return buildPassbackPlan({
    teacherSisId: 'T7',
    timeZone: 'America/Chicago',
    maxNameLength: 30,
    yearId: 35,
    courses: [{ canvasCourseId: 55, assignments }],
    sections: new Map([section(1), section(2), section(3, ['T8'])].map((s) => [s.sisId, s])),
    categories: new Map(
      [category(5), category(6, { isActive: false, name: 'Labs' }), category(7, { excludedSectionDcids: [4002], name: 'Quiz' })].map(
        (c) => [c.teacherCategoryId, c],
      ),
    ),
    ...extra,
  });
}

describe('validating an assignment before anything is sent', () => {
  it('plans a valid assignment in each of the teacher’s sections, due on the district’s local day', () => {
    const result = plan([assignment()]);
    expect(result.validations).toEqual([expect.objectContaining({ valid: true, problems: [], sections: ['SEC1', 'SEC2'] })]);
    expect(result.sections.map((s) => [s.sectionSisId, s.sectionsDcid, s.definition.dueDate, s.definition.teacherCategoryId])).toEqual([
      ['SEC1', 4001, '2025-10-14', 5],
      ['SEC2', 4002, '2025-10-14', 5],
    ]);
    expect(fingerprint(result.sections[0]?.definition ?? ({} as never))).toHaveLength(32);
  });

  it('names the rule, the value and the fix for each assignment-wide problem, and sends none of it', () => {
    const long = 'A Very Long Assignment Name Over Thirty';
    const result = plan([
      assignment({ name: long }),
      assignment({ user_overrides: [{ id: 1, due_at: null, students: [{ user_id: 1 }, { user_id: 2 }] }] }),
      assignment({ assignment_group: group(undefined) }),
      assignment({ assignment_group: group(6) }),
      assignment({ assignment_group: group(99) }),
      assignment({ points_possible: 12000 }),
      assignment({ due_at: null }),
    ]);
    expect(result.sections).toEqual([]);
    expect(result.validations.map((v) => [v.valid, v.problems.map((p) => [p.rule, p.value])])).toEqual([
      [false, [['name-too-long', long]]],
      [false, [['assigned-to-students', '2 individual students']]],
      [false, [['group-not-linked', 'Homework']]],
      [false, [['category-inactive', 'Labs']]],
      [false, [['group-not-linked', 'Homework']]],
      [false, [['points-out-of-range', '12000']]],
      [
        false,
        [
          ['due-date-missing', ''],
          ['due-date-missing', ''],
        ],
      ],
    ]);
    expect(result.validations[0]?.problems[0]?.fix).toBe('Shorten the assignment name in Canvas to 30 characters or fewer (it has 39).');
  });

  it('stops only the section a section rule concerns: due date outside its term, or its category excluded there', () => {
    const result = plan([
      assignment({ sections: [canvasSection(1, '2026-03-01T17:00:00Z'), canvasSection(2)] }),
      assignment({ name: 'Quiz 1', assignment_group: group(7) }),
    ]);
    expect(result.validations.map((v) => [v.valid, v.problems.map((p) => [p.rule, p.value, p.sectionSisId])])).toEqual([
      [true, [['due-date-outside-term', '2026-03-01', 'SEC1']]],
      [true, [['category-excluded-for-section', 'Quiz', 'SEC2']]],
    ]);
    expect(result.sections.map((s) => `${s.canvasAssignmentId}@${s.sectionSisId}`)).toEqual([
      `${result.validations[0]?.canvasAssignmentId}@SEC2`,
      `${result.validations[1]?.canvasAssignmentId}@SEC1`,
    ]);
  });

  it('reports an assignment given to individual students only, for which Canvas lists no section', () => {
    const result = plan([assignment({ sections: [], user_overrides: [{ id: 1, due_at: null, students: [{ user_id: 1 }] }] })]);
    expect(result.validations.map((v) => [v.valid, v.problems.map((p) => p.rule)])).toEqual([[false, ['assigned-to-students']]]);
  });

  it('leaves another teacher’s sections to their passback, and reports sections not from PowerSchool', () => {
    const result = plan([assignment({ sections: [canvasSection(1), canvasSection(3), { id: 777, name: 'Canvas-only', sis_id: null }] })]);
    expect(result.validations[0]).toMatchObject({
      valid: true,
      sections: ['SEC1'],
      problems: [{ rule: 'section-not-from-powerschool', value: 'Canvas-only', sectionSisId: 'canvas-section-777' }],
    });
    expect(result.rosterSections.get(result.validations[0]?.canvasAssignmentId ?? 0)).toEqual(['SEC1', 'SEC3']);
    expect(plan([assignment({ sections: [canvasSection(3)] })]).validations).toEqual([]);
  });

  it('leaves an assignment in a co-teacher’s category to the co-teacher, where the sections are shared', () => {
    const shared = new Map([section(1, ['T7', 'T8']), section(2)].map((s) => [s.sisId, s]));
    expect(plan([assignment({ assignment_group: group(99), sections: [canvasSection(1)] })], { sections: shared }).validations).toEqual([]);
    // Not shared: a category that is not the teacher's is reported (a course copied from someone else, or last year's).
    expect(
      plan([assignment({ assignment_group: group(99), sections: [canvasSection(2)] })], { sections: shared }).validations[0]?.problems.map(
        (p) => p.rule,
      ),
    ).toEqual(['group-not-linked']);
  });

  it('refuses two assignments with one name in a section (PTP could not tell them apart)', () => {
    const result = plan([assignment({ name: 'Quiz' }), assignment({ name: 'quiz ', sections: [canvasSection(2)] })]);
    expect(result.validations.map((v) => [v.valid, v.problems.map((p) => `${p.rule}@${p.sectionSisId}`)])).toEqual([
      [true, ['name-not-unique@SEC2']],
      [false, ['name-not-unique@SEC2']],
    ]);
    expect(result.sections.map((s) => s.sectionSisId)).toEqual(['SEC1']);
  });

  it('takes a section override’s due date, and the district’s name limit', () => {
    const result = plan([assignment({ name: 'Twelve chars', sections: [canvasSection(1, '2025-11-01T15:00:00Z')] })], {
      maxNameLength: 10,
    });
    expect(result.validations[0]?.problems.map((p) => p.rule)).toEqual(['name-too-long']);
    const ok = plan([assignment({ sections: [canvasSection(1, '2025-11-01T15:00:00Z')] })]);
    expect(ok.sections[0]?.definition.dueDate).toBe('2025-11-01');
  });
});
