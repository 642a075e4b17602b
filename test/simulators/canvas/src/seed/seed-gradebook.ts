import { SeededRandom } from '@sisbridge/sim-common';
import { CanvasApiClient, type FormFields } from './canvas-api-client';
import { demoRoster } from './demo-roster';
import { planGradebook, SEED_GROUPS, type SeedCase } from './gradebook-plan';
import { zipCsvs } from './zip-csvs';

export interface GradebookSeedOptions {
  /** The simulator (or a Canvas) base URL, e.g. `http://127.0.0.1:4100`. */
  url: string;
  token: string;
  /** A course id or `sis_course_id:…`; without it a demo course is imported first. */
  course?: string;
  /** Makes names and scores reproducible. */
  seed?: number;
  /** PTP teacher category ids for the linked groups, by group name (Homework, Quiz, Test). */
  categoryIds?: Record<string, string>;
  /** How long to wait for the demo course's SIS import. */
  importTimeoutMs?: number;
}

export interface SeededAssignment {
  id: number;
  name: string;
  case: SeedCase;
  postToSis: boolean;
  published: boolean;
  dueAt: string | null;
}

export interface GradebookSeedResult {
  courseId: number;
  sisCourseId: string | null;
  assignmentGroups: Array<{ id: number; name: string; sisSourceId: string | null }>;
  assignments: SeededAssignment[];
  grades: { graded: number; excused: number; late: number; missing: number; ungraded: number };
}

interface CourseJson {
  id: number;
  sis_course_id: string | null;
  workflow_state: string;
  start_at: string | null;
  end_at: string | null;
  term?: { start_at: string | null; end_at: string | null } | null;
}

/**
 * Builds a teacher's gradebook through the Canvas API, the way a teacher would: assignment groups
 * (three linked to PTP categories, one not), post_to_sis assignments covering each validation
 * case of a passback (valid, a section override, a name over 50 characters, no due date, a due
 * date outside the term, per-student overrides, an unlinked group), one not synced and one
 * unpublished, then grades with scores, an excused, a late and a missing submission.
 */
export async function seedGradebook(options: GradebookSeedOptions): Promise<GradebookSeedResult> {
  const api = new CanvasApiClient(options.url.replace(/\/$/, ''), options.token);
  const seed = options.seed ?? 1;
  const random = new SeededRandom(seed).fork('gradebook');
  const courseRef = options.course ?? (await importDemoCourse(api, seed, options.importTimeoutMs ?? 60_000));
  let course = await api.get<CourseJson>(`/api/v1/courses/${encodeURIComponent(courseRef)}`, { 'include[]': ['term'] });
  if (course.workflow_state !== 'available')
    course = await api.put<CourseJson>(`/api/v1/courses/${course.id}`, { 'course[event]': 'offer' });
  course = await api.get<CourseJson>(`/api/v1/courses/${course.id}`, { 'include[]': ['term'] });
  const now = new Date();
  const start = parseTime(course.start_at ?? course.term?.start_at ?? null) ?? new Date(now.getTime() - 60 * 86_400_000);
  const end = parseTime(course.end_at ?? course.term?.end_at ?? null) ?? new Date(start.getTime() + 120 * 86_400_000);

  const sections = await api.getAll<{ id: number }>(`/api/v1/courses/${course.id}/sections`);
  const students = (
    await api.getAll<{ user_id: number; course_section_id: number }>(`/api/v1/courses/${course.id}/enrollments`, {
      'type[]': ['StudentEnrollment'],
    })
  )
    .map((e) => e.user_id)
    .filter((id, i, all) => all.indexOf(id) === i);

  const groupIds = new Map<string, { id: number; name: string; sisSourceId: string | null }>();
  for (const group of SEED_GROUPS) {
    const categoryId = options.categoryIds?.[group.name] ?? `PTP-${group.name.toUpperCase()}`;
    const fields: FormFields = group.linked
      ? { name: group.name, sis_source_id: categoryId, integration_data: JSON.stringify({ teachercategoryid: categoryId }) }
      : { name: group.name };
    const created = await api.post<{ id: number; name: string; sis_source_id: string | null }>(
      `/api/v1/courses/${course.id}/assignment_groups`,
      fields,
    );
    groupIds.set(group.key, { id: created.id, name: created.name, sisSourceId: created.sis_source_id });
  }

  const result: GradebookSeedResult = {
    courseId: course.id,
    sisCourseId: course.sis_course_id,
    assignmentGroups: [...groupIds.values()],
    assignments: [],
    grades: { graded: 0, excused: 0, late: 0, missing: 0, ungraded: 0 },
  };
  for (const planned of planGradebook({ start, end })) {
    const fields: FormFields = {
      'assignment[name]': planned.name,
      'assignment[points_possible]': planned.pointsPossible,
      'assignment[assignment_group_id]': (groupIds.get(planned.group) as { id: number }).id,
      'assignment[post_to_sis]': planned.postToSis,
      'assignment[published]': planned.published,
      'assignment[due_at]': planned.dueAt ? planned.dueAt.toISOString() : '',
      'assignment[submission_types][]': planned.submissionTypes,
    };
    const secondSection = sections[1];
    if (planned.secondSectionDueAt && secondSection) {
      fields['assignment[assignment_overrides][][course_section_id]'] = String(secondSection.id);
      fields['assignment[assignment_overrides][][due_at]'] = planned.secondSectionDueAt.toISOString();
    }
    if (planned.onlyStudents) {
      fields['assignment[only_visible_to_overrides]'] = true;
      fields['assignment[assignment_overrides][][student_ids][]'] = students.slice(0, planned.onlyStudents).map(String);
      fields['assignment[assignment_overrides][][due_at]'] = (planned.dueAt as Date).toISOString();
    }
    const assignment = await api.post<{ id: number; name: string; due_at: string | null }>(
      `/api/v1/courses/${course.id}/assignments`,
      fields,
    );
    result.assignments.push({
      id: assignment.id,
      name: assignment.name,
      case: planned.case,
      postToSis: planned.postToSis,
      published: planned.published,
      dueAt: assignment.due_at,
    });
    if (!planned.graded) continue;
    const assigned = planned.onlyStudents ? students.slice(0, planned.onlyStudents) : students;
    await gradeAssignment(api, course.id, assignment.id, planned, assigned, random.fork(planned.key), result.grades);
  }
  return result;
}

/**
 * Grades one assignment: most students get a score; on the first synced assignment one student is
 * excused, one handed in late, one is marked missing and one is left ungraded.
 */
async function gradeAssignment(
  api: CanvasApiClient,
  courseId: number,
  assignmentId: number,
  planned: ReturnType<typeof planGradebook>[number],
  students: number[],
  random: SeededRandom,
  tally: GradebookSeedResult['grades'],
): Promise<void> {
  const path = (userId: number) => `/api/v1/courses/${courseId}/assignments/${assignmentId}/submissions/${userId}`;
  const withSpecials = planned.key === 'worksheet';
  for (const [index, userId] of students.entries()) {
    const score = Math.round(planned.pointsPossible * (0.5 + random.next() * 0.5) * 10) / 10;
    if (withSpecials && index === 0) {
      await api.put(path(userId), { 'submission[excuse]': true });
      tally.excused++;
    } else if (withSpecials && index === 1 && planned.dueAt) {
      const late = new Date(planned.dueAt.getTime() + 2 * 86_400_000);
      await api.post(`/api/v1/courses/${courseId}/assignments/${assignmentId}/submissions`, {
        as_user_id: userId,
        'submission[submission_type]': 'online_text_entry',
        'submission[body]': 'Handed in two days late.',
        'submission[submitted_at]': late.toISOString(),
      });
      await api.put(path(userId), { 'submission[posted_grade]': score });
      tally.late++;
      tally.graded++;
    } else if (withSpecials && index === 2) {
      await api.put(path(userId), { 'submission[late_policy_status]': 'missing' });
      tally.missing++;
    } else if (withSpecials && index === 3) {
      tally.ungraded++;
    } else {
      await api.put(path(userId), { 'submission[posted_grade]': score });
      tally.graded++;
    }
  }
}

/** Imports the demo roster as one SIS import and returns its course as `sis_course_id:…`. */
async function importDemoCourse(api: CanvasApiClient, seed: number, timeoutMs: number): Promise<string> {
  const roster = demoRoster(seed, new Date());
  const zip = await zipCsvs(roster.files);
  const created = await api.postBytes<{ id: number }>(
    `/api/v1/accounts/self/sis_imports?import_type=instructure_csv&extension=zip`,
    zip,
    'application/zip',
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await api.get<{ workflow_state: string; processing_errors?: unknown }>(
      `/api/v1/accounts/self/sis_imports/${created.id}`,
    );
    if (status.workflow_state === 'imported' || status.workflow_state === 'imported_with_messages') break;
    if (/failed|aborted/.test(status.workflow_state))
      throw new Error(
        `the demo roster import ${created.id} ended ${status.workflow_state}: ${JSON.stringify(status.processing_errors ?? [])}`,
      );
    if (Date.now() > deadline) throw new Error(`the demo roster import ${created.id} did not finish in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `sis_course_id:${roster.sisCourseId}`;
}

function parseTime(text: string | null): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
