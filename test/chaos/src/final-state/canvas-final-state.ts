import type { CanvasStore } from '@sisbridge/canvas-simulator';
import { collectState, type FinalState } from './final-state';

/**
 * Canvas as provisioning and the category sync leave it, by SIS id: sub-accounts, terms,
 * courses, sections, users with their logins, enrollments (course, section, user, type) and
 * assignment groups (course and the PTP category they carry). What the teachers made by hand
 * (assignments, grades) is theirs, not the system's, and is left out; so are objects with no SIS
 * id that Canvas makes itself (the root account, the default term, the admin user).
 */
export function canvasFinalState(store: CanvasStore): FinalState {
  const accountSis = (id: number | null) => (id === null ? null : (store.accounts.get(id)?.sisAccountId ?? `root`));
  const termSis = (id: number) => store.terms.get(id)?.sisTermId ?? 'default';
  const courseSis = (id: number) => store.courses.get(id)?.sisCourseId ?? `no-sis:${store.courses.get(id)?.name ?? id}`;
  const sectionSis = (id: number) =>
    store.sections.get(id)?.sisSectionId ?? `default-of:${courseSis(store.sections.get(id)?.courseId ?? 0)}`;
  const day = (date: Date | null) => date?.toISOString() ?? null;
  const rows: Array<readonly [string, unknown]> = [];
  for (const account of store.accounts.values()) {
    if (account.sisAccountId === null) continue;
    rows.push([
      `account ${account.sisAccountId}`,
      { name: account.name, parent: accountSis(account.parentAccountId), state: account.workflowState },
    ]);
  }
  for (const term of store.terms.values()) {
    if (term.sisTermId === null) continue;
    rows.push([`term ${term.sisTermId}`, { name: term.name, start: day(term.startAt), end: day(term.endAt), state: term.workflowState }]);
  }
  for (const course of store.courses.values()) {
    if (course.sisCourseId === null) continue;
    rows.push([
      `course ${course.sisCourseId}`,
      {
        name: course.name,
        code: course.courseCode,
        account: accountSis(course.accountId),
        term: termSis(course.termId),
        state: course.workflowState,
        start: day(course.startAt),
        end: day(course.endAt),
        passback: course.gradePassbackSetting,
      },
    ]);
  }
  for (const section of store.sections.values()) {
    if (section.sisSectionId === null) continue;
    rows.push([
      `section ${section.sisSectionId}`,
      {
        course: courseSis(section.courseId),
        name: section.name,
        state: section.workflowState,
        start: day(section.startAt),
        end: day(section.endAt),
      },
    ]);
  }
  for (const login of store.logins.values()) {
    if (login.sisUserId === null) continue;
    const user = store.users.get(login.userId);
    rows.push([
      `user ${login.sisUserId}`,
      {
        login: login.uniqueId,
        loginState: login.workflowState,
        provider: login.authenticationProviderId,
        name: user?.name ?? null,
        sortableName: user?.sortableName ?? null,
        shortName: user?.shortName ?? null,
        email: user?.email ?? null,
        state: user?.workflowState ?? null,
      },
    ]);
  }
  const userSis = (userId: number) => store.primaryLogin(userId)?.sisUserId ?? `no-sis:${userId}`;
  for (const enrollment of store.enrollments.values()) {
    rows.push([
      `enrollment ${courseSis(enrollment.courseId)} ${sectionSis(enrollment.sectionId)} ${userSis(enrollment.userId)} ${enrollment.type}`,
      { state: enrollment.workflowState, start: day(enrollment.startAt), end: day(enrollment.endAt) },
    ]);
  }
  for (const group of store.assignmentGroups.values()) {
    if (group.sisSourceId === null) continue;
    rows.push([
      `group ${courseSis(group.courseId)} ${group.sisSourceId}`,
      { name: group.name, state: group.workflowState, integration: group.integrationData },
    ]);
  }
  return collectState(rows);
}
