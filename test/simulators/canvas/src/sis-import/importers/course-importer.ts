import { randomUUID } from 'node:crypto';
import type { Course, CourseState } from '../../model/entities';
import type { CsvFile, CsvRow } from '../csv-file';
import type { ImportContext } from '../import-context';
import { parseSisDate, type SisDate } from '../sis-dates';

const COURSE_FORMATS = ['on_campus', 'online', 'blended'] as const;

/**
 * courses.csv (canvas.md §1.5): course_id, short_name, long_name, account_id (blank = root),
 * term_id (blank = the default term), status (active|deleted|completed|published),
 * integration_id, start_date/end_date (empty keeps, `<delete>` removes), course_format,
 * blueprint_course_id, grade_passback_setting (nightly_sync|not_set), homeroom_course,
 * friendly_name. An unknown account or term falls back silently, as in Canvas.
 */
export function importCourses(ctx: ImportContext, file: CsvFile): number {
  const { store } = ctx;
  let imported = 0;
  for (const row of file.rows) {
    const courseId = row.get('course_id');
    const shortName = row.get('short_name');
    const longName = row.get('long_name');
    const status = row.get('status') ?? '';
    if (!courseId) {
      ctx.warn(file.name, 'No course_id given for a course', row);
      continue;
    }
    if (!shortName) {
      ctx.warn(file.name, `No short_name given for course ${courseId}`, row);
      continue;
    }
    if (!longName) {
      ctx.warn(file.name, `No long_name given for course ${courseId}`, row);
      continue;
    }
    if (!/^(active|deleted|completed|published)$/i.test(status)) {
      ctx.warn(file.name, `Improper status "${status}" for course ${courseId}`, row);
      continue;
    }
    const courseFormat = row.get('course_format');
    if (courseFormat && !/^(online|on_campus|blended|not_set)$/i.test(courseFormat)) {
      ctx.warn(file.name, `Invalid course_format "${courseFormat}" for course ${courseId}`, row);
      continue;
    }
    const passback = row.get('grade_passback_setting');
    if (passback && !/^(nightly_sync|not_set)$/i.test(passback)) {
      ctx.warn(file.name, `Invalid grade_passback_setting "${passback}" for course ${courseId}`, row);
      continue;
    }
    const start = parseSisDate(row.get('start_date'));
    const end = parseSisDate(row.get('end_date'));
    if (start.kind === 'invalid' || end.kind === 'invalid') {
      ctx.warn(file.name, `Bad date format for course ${courseId}`, row);
      continue;
    }
    const lowerStatus = status.toLowerCase();
    if (lowerStatus === 'deleted' && ctx.options.skipDeletes) continue;

    let course = store.courseBySisId(courseId);
    const previousState: string = course?.workflowState ?? 'non-existent';
    if (!course) {
      course = {
        id: store.nextId(),
        accountId: store.rootAccountId,
        rootAccountId: store.rootAccountId,
        termId: store.defaultTermId,
        sisCourseId: courseId,
        integrationId: null,
        name: longName,
        courseCode: shortName,
        workflowState: 'created',
        startAt: null,
        endAt: null,
        restrictEnrollmentsToCourseDates: false,
        courseFormat: null,
        gradePassbackSetting: null,
        blueprintCourseSisId: null,
        homeroomCourse: false,
        friendlyName: null,
        sisBatchId: ctx.batchId,
        stuckFields: new Set(),
        createdAt: ctx.now,
        uuid: randomUUID(),
      };
      store.addCourse(course);
    }
    applyCourseRow(ctx, course, row, { shortName, longName, start, end });
    ctx.writeSticky(course.stuckFields, 'workflow_state', () => setCourseState(course, lowerStatus));
    course.sisBatchId = ctx.batchId;
    ctx.stateChange('Course', course.id, previousState, course.workflowState);
    imported++;
  }
  return imported;
}

function applyCourseRow(
  ctx: ImportContext,
  course: Course,
  row: CsvRow,
  values: { shortName: string; longName: string; start: SisDate; end: SisDate },
): void {
  const { store } = ctx;
  const termId = row.get('term_id');
  const term = termId ? store.termBySisId(termId) : undefined;
  if (term && term.workflowState === 'active') ctx.writeSticky(course.stuckFields, 'enrollment_term_id', () => (course.termId = term.id));
  const accountId = row.get('account_id');
  const account = accountId ? store.accountBySisId(accountId) : undefined;
  if (account) ctx.writeSticky(course.stuckFields, 'account_id', () => (course.accountId = account.id));
  ctx.writeSticky(course.stuckFields, 'course_code', () => (course.courseCode = values.shortName));
  ctx.writeSticky(course.stuckFields, 'name', () => (course.name = values.longName));
  const integrationId = row.get('integration_id');
  if (integrationId !== undefined) course.integrationId = integrationId;

  // Course dates: empty keeps what is there, `<delete>` removes it (canvas.md §1.5).
  if (values.start.kind !== 'blank') {
    const startAt = values.start.kind === 'date' ? values.start.value : null;
    ctx.writeSticky(course.stuckFields, 'start_at', () => (course.startAt = startAt));
  }
  if (values.end.kind !== 'blank') {
    const endAt = values.end.kind === 'date' ? values.end.value : null;
    ctx.writeSticky(course.stuckFields, 'conclude_at', () => (course.endAt = endAt));
  }
  course.restrictEnrollmentsToCourseDates = course.startAt !== null || course.endAt !== null;

  const courseFormat = row.get('course_format')?.toLowerCase();
  if (courseFormat)
    course.courseFormat = (COURSE_FORMATS as readonly string[]).includes(courseFormat) ? (courseFormat as Course['courseFormat']) : null;
  const passback = row.get('grade_passback_setting')?.toLowerCase();
  if (passback)
    ctx.writeSticky(
      course.stuckFields,
      'grade_passback_setting',
      () => (course.gradePassbackSetting = passback === 'not_set' ? null : passback),
    );
  const blueprint = row.get('blueprint_course_id');
  if (blueprint) course.blueprintCourseSisId = blueprint === 'dissociate' ? null : blueprint;
  const homeroom = row.get('homeroom_course');
  if (homeroom !== undefined) course.homeroomCourse = /^(true|1|yes)$/i.test(homeroom);
  const friendlyName = row.get('friendly_name');
  if (friendlyName !== undefined) course.friendlyName = friendlyName;
}

/**
 * How a status moves a course (Canvas's course importer): `active` revives a deleted course as
 * unpublished and a completed one as published, and leaves a published one published;
 * `published` publishes.
 */
function setCourseState(course: Course, status: string): void {
  const next: Record<string, (current: CourseState) => CourseState> = {
    active: (current) => (current === 'completed' ? 'available' : current === 'available' ? 'available' : 'claimed'),
    published: () => 'available',
    completed: () => 'completed',
    deleted: () => 'deleted',
  };
  const move = next[status];
  if (move) course.workflowState = move(course.workflowState);
}
