import { BUILT_IN_ROLES, type CanvasStore } from '../../model/canvas-store';
import { defaultSection } from '../../model/default-section';
import type { Course, Enrollment, EnrollmentState, EnrollmentType, Login, Section } from '../../model/entities';
import type { CsvFile, CsvRow } from '../csv-file';
import type { ImportContext } from '../import-context';
import { parseSisDate } from '../sis-dates';

const STATUSES = ['active', 'deleted', 'completed', 'inactive', 'deleted_last_completed'];

/**
 * enrollments.csv (canvas.md §1.7): course_id or section_id (blank section = the course's
 * default section), user_id or user_integration_id, role or role_id (student, teacher, ta,
 * observer, designer), status (active|deleted|completed|inactive|deleted_last_completed),
 * associated_user_id for observers, limit_section_privileges, start_date/end_date (only
 * together; cleared when empty).
 */
export function importEnrollments(ctx: ImportContext, file: CsvFile): number {
  let imported = 0;
  for (const row of file.rows) {
    if (importEnrollmentRow(ctx, file.name, row)) imported++;
  }
  return imported;
}

function importEnrollmentRow(ctx: ImportContext, fileName: string, row: CsvRow): boolean {
  const { store } = ctx;
  const courseId = row.get('course_id');
  const sectionId = row.get('section_id');
  const userSisId = row.get('user_id');
  const userIntegrationId = row.get('user_integration_id');
  const role = row.get('role');
  const roleId = row.get('role_id');
  const status = (row.get('status') ?? '').toLowerCase();
  if (!courseId && !sectionId) {
    ctx.warn(fileName, 'No course_id or section_id given for an enrollment', row);
    return false;
  }
  if (!userSisId && !userIntegrationId) {
    ctx.warn(fileName, 'No user_id given for an enrollment', row);
    return false;
  }
  if (!role && !roleId) {
    ctx.warn(fileName, 'No role_id or role given for an enrollment', row);
    return false;
  }
  if (!STATUSES.includes(status)) {
    ctx.warn(fileName, `Improper status "${row.get('status') ?? ''}" for an enrollment`, row);
    return false;
  }
  if ((status === 'deleted' || status === 'deleted_last_completed') && ctx.options.skipDeletes) return false;
  const start = parseSisDate(row.get('start_date'));
  const end = parseSisDate(row.get('end_date'));
  if (start.kind === 'invalid' || end.kind === 'invalid') {
    ctx.warn(
      fileName,
      `Bad date format for user ${userSisId ?? userIntegrationId ?? ''} in ${courseId ? `course ${courseId}` : `section ${sectionId ?? ''}`}`,
      row,
    );
    return false;
  }

  // user_integration_id wins over user_id when both are given (canvas.md §1.7).
  const login: Login | undefined = userIntegrationId
    ? store.loginByIntegrationId(userIntegrationId)
    : userSisId
      ? store.loginBySisUserId(userSisId)
      : undefined;
  const userLabel = userIntegrationId ?? userSisId ?? '';
  if (!login) {
    ctx.warn(
      fileName,
      `User not found for enrollment (User ID: ${userLabel}, Course ID: ${courseId ?? ''}, Section ID: ${sectionId ?? ''}, Role: ${role ?? roleId ?? ''})`,
      row,
    );
    return false;
  }

  const place = resolvePlace(store, courseId, sectionId);
  if ('problem' in place) {
    const message = {
      neither: `Neither course nor section existed for user enrollment (Course ID: ${courseId ?? ''}, Section ID: ${sectionId ?? ''}, User ID: ${userLabel})`,
      section: `An enrollment referenced a non-existent section ${sectionId ?? ''}`,
      course: `An enrollment referenced a non-existent course ${courseId ?? ''}`,
      unrelated: `An enrollment listed a section (${sectionId ?? ''}) and a course (${courseId ?? ''}) that are unrelated for user (${userLabel})`,
    }[place.problem];
    ctx.warn(fileName, message, row);
    return false;
  }
  const { course, section } = place;

  const builtIn = roleId
    ? BUILT_IN_ROLES.find((r) => String(r.id) === roleId)
    : BUILT_IN_ROLES.find((r) => (role ?? '').toLowerCase() === r.csvRole);
  if (!builtIn) {
    ctx.warn(fileName, roleId ? `Improper role_id "${roleId}" for an enrollment` : `Improper role "${role ?? ''}" for an enrollment`, row);
    return false;
  }
  const type: EnrollmentType = builtIn.type;
  let associatedUserId: number | null = null;
  const associatedSisId = row.get('associated_user_id');
  if (type === 'ObserverEnrollment' && associatedSisId) {
    const observed = store.loginBySisUserId(associatedSisId);
    const observedEnrollment = observed
      ? store.enrollmentsOfCourse(course.id).find((e) => e.userId === observed.userId && e.type === 'StudentEnrollment')
      : undefined;
    associatedUserId = observedEnrollment?.userId ?? null;
  }

  let enrollment = store.findEnrollment({ sectionId: section.id, userId: login.userId, type, associatedUserId });
  const previousState: string = enrollment?.workflowState ?? 'non-existent';
  if (!enrollment) {
    enrollment = {
      id: store.nextId(),
      userId: login.userId,
      courseId: course.id,
      sectionId: section.id,
      type,
      roleId: builtIn.id,
      workflowState: 'active',
      associatedUserId,
      limitPrivilegesToCourseSection: false,
      startAt: null,
      endAt: null,
      sisBatchId: ctx.batchId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    store.addEnrollment(enrollment);
  }
  store.moveEnrollment(enrollment, course.id);
  enrollment.workflowState = nextState(store, enrollment, status, login);
  if (status === 'active' && login.workflowState === 'deleted') {
    ctx.warn(fileName, `Attempted enrolling of deleted user ${userLabel} in course ${course.sisCourseId ?? courseId ?? ''}`, row);
  }
  // Dates take effect only when both are given; empty clears them.
  const bothDates = start.kind === 'date' && end.kind === 'date';
  enrollment.startAt = bothDates && start.kind === 'date' ? start.value : null;
  enrollment.endAt = bothDates && end.kind === 'date' ? end.value : null;
  const limit = row.get('limit_section_privileges');
  if (limit !== undefined) enrollment.limitPrivilegesToCourseSection = /^(true|1|yes)$/i.test(limit);
  enrollment.sisBatchId = ctx.batchId;
  enrollment.updatedAt = ctx.now;
  ctx.stateChange('Enrollment', enrollment.id, previousState, enrollment.workflowState);
  return true;
}

type Place = { course: Course; section: Section } | { problem: 'neither' | 'section' | 'course' | 'unrelated' };

function resolvePlace(store: CanvasStore, courseId: string | undefined, sectionId: string | undefined): Place {
  const course = courseId ? store.courseBySisId(courseId) : undefined;
  const section = sectionId ? store.sectionBySisId(sectionId) : undefined;
  if (!course && !section) return { problem: 'neither' };
  if (sectionId && !section) return { problem: 'section' };
  if (courseId && !course) return { problem: 'course' };
  if (section) {
    const sectionCourse = store.courses.get(section.courseId);
    if (!sectionCourse) return { problem: 'course' };
    if (course && course.id !== sectionCourse.id) return { problem: 'unrelated' };
    return { course: sectionCourse, section };
  }
  const owner = course as Course;
  return { course: owner, section: defaultSection(store, owner) };
}

/**
 * `deleted_last_completed` deletes the enrollment if the user has another active enrollment in
 * the course, and completes it if this is the last one. A deleted user's enrollment stays deleted.
 */
function nextState(store: CanvasStore, enrollment: Enrollment, status: string, login: Login): EnrollmentState {
  switch (status) {
    case 'active':
      return login.workflowState === 'deleted' ? 'deleted' : 'active';
    case 'deleted':
      return 'deleted';
    case 'completed':
      return 'completed';
    case 'inactive':
      return 'inactive';
    default: {
      const others = store
        .enrollmentsOfCourse(enrollment.courseId)
        .some((e) => e.id !== enrollment.id && e.userId === enrollment.userId && e.workflowState === 'active');
      return others ? 'deleted' : 'completed';
    }
  }
}
