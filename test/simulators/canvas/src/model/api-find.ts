import { notFound } from '../http/canvas-errors';
import type { CanvasStore } from './canvas-store';
import type { Account, Course, Section, Term, User } from './entities';

/**
 * Canvas's `api_find`: an id in a URL is a Canvas id or a prefixed SIS id
 * (`sis_course_id:A1234`, canvas.md §6.4). Express has already URL-decoded the segment, so
 * `CS%2F101` arrives as `CS/101`. Deleted objects are not found.
 */
function prefixed(raw: string): { prefix: string; value: string } | undefined {
  const match = /^(sis_[a-z_]+|lti_context_id):(.+)$/.exec(raw);
  return match ? { prefix: match[1] as string, value: match[2] as string } : undefined;
}

function numericId(raw: string): number | undefined {
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function findAccount(store: CanvasStore, raw: string): Account {
  let account: Account | undefined;
  const sis = prefixed(raw);
  if (raw === 'self' || raw === 'default') account = store.rootAccount;
  else if (sis?.prefix === 'sis_account_id') account = store.accountBySisId(sis.value);
  else if (sis?.prefix === 'sis_integration_id') account = [...store.accounts.values()].find((a) => a.integrationId === sis.value);
  else if (!sis) account = store.accounts.get(numericId(raw) ?? -1);
  if (!account || account.workflowState === 'deleted') throw notFound();
  return account;
}

export function findTerm(store: CanvasStore, raw: string): Term {
  let term: Term | undefined;
  const sis = prefixed(raw);
  if (raw === 'default') term = store.terms.get(store.defaultTermId);
  else if (raw === 'current') term = currentTerm(store);
  else if (sis?.prefix === 'sis_term_id') term = store.termBySisId(sis.value);
  else if (!sis) term = store.terms.get(numericId(raw) ?? -1);
  if (!term || term.workflowState === 'deleted') throw notFound();
  return term;
}

function currentTerm(store: CanvasStore): Term | undefined {
  const now = store.now().getTime();
  return [...store.terms.values()].find(
    (t) => t.workflowState === 'active' && t.startAt !== null && t.endAt !== null && t.startAt.getTime() <= now && now <= t.endAt.getTime(),
  );
}

export function findCourse(store: CanvasStore, raw: string): Course {
  let course: Course | undefined;
  const sis = prefixed(raw);
  if (sis?.prefix === 'sis_course_id') course = store.courseBySisId(sis.value);
  else if (sis?.prefix === 'sis_integration_id') course = [...store.courses.values()].find((c) => c.integrationId === sis.value);
  else if (!sis) course = store.courses.get(numericId(raw) ?? -1);
  if (!course || course.workflowState === 'deleted') throw notFound();
  return course;
}

export function findSection(store: CanvasStore, raw: string): Section {
  let section: Section | undefined;
  const sis = prefixed(raw);
  if (sis?.prefix === 'sis_section_id') section = store.sectionBySisId(sis.value);
  else if (sis?.prefix === 'sis_integration_id') section = [...store.sections.values()].find((s) => s.integrationId === sis.value);
  else if (!sis) section = store.sections.get(numericId(raw) ?? -1);
  if (!section || section.workflowState === 'deleted') throw notFound();
  return section;
}

/** Users are found through an active login (`sis_user_id:`, `sis_login_id:`, `sis_integration_id:`) or by id. */
export function findUser(store: CanvasStore, raw: string): User {
  const user = findUserOrUndefined(store, raw);
  if (!user) throw notFound();
  return user;
}

export function findUserOrUndefined(store: CanvasStore, raw: string): User | undefined {
  const sis = prefixed(raw);
  let userId: number | undefined;
  if (raw === 'self') userId = store.adminUserId;
  else if (sis?.prefix === 'sis_user_id') userId = usable(store.loginBySisUserId(sis.value));
  else if (sis?.prefix === 'sis_login_id') userId = usable(store.loginByUniqueId(sis.value));
  else if (sis?.prefix === 'sis_integration_id') userId = usable(store.loginByIntegrationId(sis.value));
  else if (!sis) userId = numericId(raw);
  const user = userId === undefined ? undefined : store.users.get(userId);
  return user && user.workflowState !== 'deleted' ? user : undefined;
}

function usable(login: { userId: number; workflowState: string } | undefined): number | undefined {
  return login && login.workflowState !== 'deleted' ? login.userId : undefined;
}
