import type { PtpDistrict, PtpSection } from '@sisbridge/sandbox-district';
import type { CanvasTeacher } from './canvas-teacher';
import { inParallel } from '../in-parallel';

const DAY = 86_400_000;
const POINTS = [10, 20, 50] as const;

/** The first night's assignments; a later night adds one more per section. */
export const FIRST_ASSIGNMENTS = ['Chaos Quiz 1', 'Chaos Quiz 2', 'Chaos Quiz 3'];

/** The teachers who pass back, and the sections of theirs whose gradebooks they keep in Canvas. */
export interface PassbackTeacher {
  usersDcid: number;
  sections: PtpSection[];
}

/**
 * Chooses `count` teachers spread over the district (every n-th by DCID): each teaching at least
 * two sections of their own (not co-taught) this year with at least five students, up to
 * `sectionsEach` of them. Deterministic: the same district gives the same teachers.
 */
export function chooseTeachers(
  district: PtpDistrict,
  count: number,
  sectionsEach: number,
  today = new Date().toISOString().slice(0, 10),
): PassbackTeacher[] {
  const students = new Map<number, number>();
  // CC.DateLeft is exclusive: a student is in the section until the day before it.
  for (const enrollment of district.sectionEnrollments) {
    const current = (enrollment.dateenrolled ?? today) <= today && (enrollment.dateleft === null || enrollment.dateleft > today);
    if (current) students.set(enrollment.sectionsdcid, (students.get(enrollment.sectionsdcid) ?? 0) + 1);
  }
  const byTeacher = new Map<number, PtpSection[]>();
  for (const section of district.sections) {
    const [teacher] = section.teachers;
    if (section.yearid !== district.yearid || section.teachers.length !== 1 || teacher === undefined) continue;
    if ((students.get(section.sectionsdcid) ?? 0) < 5) continue;
    byTeacher.set(teacher, [...(byTeacher.get(teacher) ?? []), section]);
  }
  const candidates = [...byTeacher.entries()].filter(([, sections]) => sections.length >= 2).sort(([a], [b]) => a - b);
  if (candidates.length < count)
    throw new Error(`only ${candidates.length} teachers teach two sections of their own this year (${count} wanted)`);
  const step = Math.max(1, Math.floor(candidates.length / count));
  return candidates
    .filter((_, index) => index % step === 0)
    .slice(0, count)
    .map(([usersDcid, sections]) => ({
      usersDcid,
      sections: [...sections].sort((a, b) => a.sectionsdcid - b.sectionsdcid).slice(0, sectionsEach),
    }));
}

/**
 * What the chosen teachers do in Canvas once provisioning has made their courses and the
 * category sync their assignment groups: publish each course and set it to nightly passback,
 * make a post_to_sis assignment of each name (in the linked groups in turn, due inside the
 * section's term), and grade every student (one excused, one missing and one above points
 * possible among them). The grades follow from the positions alone, so every run of a district
 * seeds the same gradebooks. Returns how many assignments were made.
 */
export async function seedTeacherGradebooks(
  canvas: CanvasTeacher,
  district: PtpDistrict,
  teachers: PassbackTeacher[],
  names: readonly string[] = FIRST_ASSIGNMENTS,
  /** Which assignment of the section each name is: the first night's are 0, 1, 2; night n's is n + 1. */
  firstNumber = 0,
): Promise<number> {
  const sections = teachers.flatMap((teacher) => teacher.sections.map((section) => ({ teacher, section })));
  let made = 0;
  await inParallel(
    6,
    sections.map(({ teacher, section }) => async () => {
      made += await seedSection(canvas, district, teacher, section, names, firstNumber);
    }),
  );
  return made;
}

async function seedSection(
  canvas: CanvasTeacher,
  district: PtpDistrict,
  teacher: PassbackTeacher,
  section: PtpSection,
  names: readonly string[],
  firstNumber: number,
): Promise<number> {
  const course = await canvas.call<{ id: number }>('PUT', `/api/v1/courses/sis_course_id:SEC${section.sectionsdcid}`, {
    'course[event]': 'offer',
    'course[grade_passback_setting]': 'nightly_sync',
  });
  const groups = (await canvas.all<{ id: number; sis_source_id: string | null }>(`/api/v1/courses/${course.id}/assignment_groups`))
    .filter((group) => group.sis_source_id?.startsWith('ptp-category-'))
    .filter((group) =>
      district.teacherCategories.some(
        (c) => `ptp-category-${c.teachercategoryid}` === group.sis_source_id && c.usersdcid === teacher.usersDcid,
      ),
    )
    .sort((a, b) => (a.sis_source_id ?? '').localeCompare(b.sis_source_id ?? ''));
  if (groups.length === 0) throw new Error(`course SEC${section.sectionsdcid} has no assignment group made from a PTP category`);
  const students = (
    await canvas.all<{ user_id: number; sis_user_id: string | null }>(`/api/v1/courses/${course.id}/enrollments?type[]=StudentEnrollment`)
  )
    .filter((enrollment) => enrollment.sis_user_id)
    .sort((a, b) => (a.sis_user_id ?? '').localeCompare(b.sis_user_id ?? ''));
  const term = district.terms.find((t) => t.id === section.termid && t.schoolid === section.schoolid);
  if (!term) throw new Error(`section ${section.sectionsdcid} has no term ${section.termid}`);
  const first = new Date(`${term.firstday}T12:00:00Z`).getTime();
  const last = new Date(`${term.lastday}T12:00:00Z`).getTime();
  for (const [index, name] of names.entries()) {
    const n = firstNumber + index;
    const points = POINTS[n % POINTS.length] as number;
    const group = groups[n % groups.length] as { id: number };
    const assignment = await canvas.call<{ id: number }>('POST', `/api/v1/courses/${course.id}/assignments`, {
      'assignment[name]': name,
      'assignment[points_possible]': points,
      'assignment[assignment_group_id]': group.id,
      'assignment[post_to_sis]': true,
      'assignment[published]': true,
      'assignment[due_at]': new Date(Math.min(first + (10 + 3 * n) * DAY, last - DAY)).toISOString(),
      'assignment[submission_types][]': 'on_paper',
    });
    await inParallel(
      4,
      students.map((student, k) => async () => {
        const grade: Record<string, string | number | boolean> =
          n === 0 && k === 0
            ? { 'submission[excuse]': true }
            : n === 0 && k === 1
              ? { 'submission[late_policy_status]': 'missing' }
              : n === 1 && k === 0
                ? { 'submission[posted_grade]': points + 2 }
                : { 'submission[posted_grade]': Math.round(points * (0.5 + ((k * 7 + n * 3) % 50) / 100)) };
        await canvas.call('PUT', `/api/v1/courses/${course.id}/assignments/${assignment.id}/submissions/${student.user_id}`, grade);
      }),
    );
  }
  return names.length;
}
