import type { PassbackRule } from '@sisbridge/contracts';
import type { CanvasTeacher } from './canvas-teacher';
import type { TeacherUnderTest } from './passback-world';

const DAY = 86_400_000;

/** One seeded Canvas assignment and what passback must make of it. */
export interface SeededAssignment {
  canvasAssignmentId: number;
  courseId: number;
  sectionDcid: number;
  name: string;
  points: number;
  /** The rule it breaks, for the invalid ones. */
  breaks?: PassbackRule;
  /** PTP scores it must end with: `{studentDcid}={entered}[/exempt][/late][/missing]`. */
  expected: string[];
  /** Canvas user id and score of each graded student, to change one later. */
  graded: Array<{ userId: number; dcid: number; score: number }>;
}

export interface SeedOptions {
  /** How many post_to_sis assignments in all, spread over the teacher's sections (default 20). */
  count?: number;
  /** Which of the teacher's sections get the invalid cases (default: all six). */
  invalid?: boolean;
  prefix?: string;
}

/**
 * A teacher's gradebook across their sections (one Canvas course each): post_to_sis assignments
 * in the groups made from their PTP categories, with six that break a rule (a name over 30
 * characters, no due date, a due date after the term, two students only, a group not from PTP, a
 * category made inactive in PTP), and grades: scores, an excused, a missing, a late and an
 * ungraded submission per section, and a score above points possible (extra credit).
 */
export async function seedTeacherGradebook(
  api: CanvasTeacher,
  teacher: TeacherUnderTest,
  deactivate: (teacherCategoryId: number) => void,
  options: SeedOptions & { categoryIds: ReadonlySet<number> },
): Promise<SeededAssignment[]> {
  const count = options.count ?? 20;
  const prefix = options.prefix ?? '';
  const seeded: SeededAssignment[] = [];
  const perSection = teacher.sections.map(
    (_, i) => Math.floor(count / teacher.sections.length) + (i < count % teacher.sections.length ? 1 : 0),
  );
  let serial = 0;
  const categoryOf = (group: { sis_source_id: string | null }) => Number((group.sis_source_id ?? '').replace('ptp-category-', ''));
  // The category made inactive later: used by that one invalid assignment only.
  const lastSection = teacher.sections[2 % teacher.sections.length] as TeacherUnderTest['sections'][number];
  const lastGroups = (await api.groups(lastSection.canvasCourseId)).filter((g) => options.categoryIds.has(categoryOf(g)));
  const inactiveCategory = options.invalid === false ? undefined : categoryOf(lastGroups[lastGroups.length - 1] ?? { sis_source_id: null });
  for (const [index, section] of teacher.sections.entries()) {
    // The teacher's own groups: a co-taught course also has the co-teacher's.
    const groups = (await api.groups(section.canvasCourseId)).filter((g) => options.categoryIds.has(categoryOf(g)));
    if (groups.length < 2) throw new Error(`course ${section.canvasCourseId} has ${groups.length} linked groups`);
    const start = new Date(`${section.start}T12:00:00Z`).getTime();
    const end = new Date(`${section.end}T12:00:00Z`).getTime();
    const due = (n: number) => new Date(Math.min(start + (7 + 2 * n) * DAY, end - DAY));
    const invalid: Array<{ breaks: PassbackRule; make: () => Promise<{ id: number; name: string }> }> = [];
    if (options.invalid !== false) {
      if (index === 0) {
        const long = `${prefix}Comprehensive Lab Report on Respiration`;
        invalid.push({
          breaks: 'name-too-long',
          make: async () => ({
            ...(await api.createAssignment(section.canvasCourseId, { name: long, groupId: groups[0]?.id ?? 0, points: 50, dueAt: due(1) })),
            name: long,
          }),
        });
        const name = `${prefix}Reading Reflection`;
        invalid.push({
          breaks: 'due-date-missing',
          make: async () => ({
            ...(await api.createAssignment(section.canvasCourseId, { name, groupId: groups[0]?.id ?? 0, points: 10, dueAt: null })),
            name,
          }),
        });
      }
      if (index === 1 % teacher.sections.length) {
        const name = `${prefix}Summer Project`;
        invalid.push({
          breaks: 'due-date-outside-term',
          make: async () => ({
            ...(await api.createAssignment(section.canvasCourseId, {
              name,
              groupId: groups[0]?.id ?? 0,
              points: 50,
              dueAt: new Date(end + 20 * DAY),
            })),
            name,
          }),
        });
        const makeup = `${prefix}Makeup Quiz`;
        invalid.push({
          breaks: 'assigned-to-students',
          make: async () => ({
            ...(await api.createAssignment(section.canvasCourseId, {
              name: makeup,
              groupId: groups[0]?.id ?? 0,
              points: 20,
              dueAt: due(2),
              onlyStudents: section.students.slice(0, 2).map((s) => s.userId),
            })),
            name: makeup,
          }),
        });
      }
      if (index === 2 % teacher.sections.length) {
        const extra = await api.createGroup(section.canvasCourseId, 'Extra Practice');
        const bonus = `${prefix}Bonus Puzzle`;
        invalid.push({
          breaks: 'group-not-linked',
          make: async () => ({
            ...(await api.createAssignment(section.canvasCourseId, { name: bonus, groupId: extra.id, points: 5, dueAt: due(3) })),
            name: bonus,
          }),
        });
        const lastGroup = groups.find((g) => categoryOf(g) === inactiveCategory) as (typeof groups)[number];
        const labs = `${prefix}Lab Notebook`;
        invalid.push({
          breaks: 'category-inactive',
          make: async () => {
            const created = await api.createAssignment(section.canvasCourseId, {
              name: labs,
              groupId: lastGroup.id,
              points: 20,
              dueAt: due(4),
            });
            deactivate(categoryOf(lastGroup));
            return { ...created, name: labs };
          },
        });
      }
    }
    for (const bad of invalid) {
      const made = await bad.make();
      seeded.push({
        canvasAssignmentId: made.id,
        courseId: section.canvasCourseId,
        sectionDcid: section.dcid,
        name: made.name,
        points: 0,
        breaks: bad.breaks,
        expected: [],
        graded: [],
      });
    }
    const validGroups = groups.filter((g) => categoryOf(g) !== inactiveCategory);
    for (let n = 0; n < (perSection[index] ?? 0) - invalid.length; n++) {
      const points = [10, 20, 50, 100][n % 4] as number;
      const name = `${prefix}Quiz ${++serial}`;
      const group = validGroups[n % validGroups.length] ?? validGroups[0];
      const assignment = await api.createAssignment(section.canvasCourseId, { name, groupId: group?.id ?? 0, points, dueAt: due(5 + n) });
      const expected: string[] = [];
      const graded: SeededAssignment['graded'] = [];
      for (const [k, student] of section.students.entries()) {
        const score = Math.round(points * (0.55 + ((k * 37 + n * 11) % 45) / 100) * 10) / 10;
        if (n === 0 && k === 0) {
          await api.grade(section.canvasCourseId, assignment.id, student.userId, { excused: true });
          expected.push(`${student.dcid}=null/exempt`);
        } else if (n === 0 && k === 1) {
          await api.grade(section.canvasCourseId, assignment.id, student.userId, { missing: true });
          expected.push(`${student.dcid}=null/missing`);
        } else if (n === 0 && k === 2) {
          // Ungraded: nothing is sent.
        } else if (n === 0 && k === 3) {
          await api.grade(section.canvasCourseId, assignment.id, student.userId, { score, late: true });
          expected.push(`${student.dcid}=${score}/late`);
          graded.push({ userId: student.userId, dcid: student.dcid, score });
        } else if (n === 1 && k === 0) {
          // Extra credit: above points possible, kept (the PTP assignment gets extra points).
          await api.grade(section.canvasCourseId, assignment.id, student.userId, { score: points + 2 });
          expected.push(`${student.dcid}=${points + 2}`);
          graded.push({ userId: student.userId, dcid: student.dcid, score: points + 2 });
        } else {
          await api.grade(section.canvasCourseId, assignment.id, student.userId, { score });
          expected.push(`${student.dcid}=${score}`);
          graded.push({ userId: student.userId, dcid: student.dcid, score });
        }
      }
      seeded.push({
        canvasAssignmentId: assignment.id,
        courseId: section.canvasCourseId,
        sectionDcid: section.dcid,
        name,
        points,
        expected: expected.sort(),
        graded,
      });
    }
  }
  return seeded;
}
