import { randomUUID } from 'node:crypto';
import type { SisImport } from '../sis-import/sis-import';
import type {
  Account,
  Assignment,
  AssignmentGroup,
  AssignmentOverride,
  Course,
  Enrollment,
  EnrollmentType,
  Login,
  Progress,
  Section,
  StoredFile,
  Submission,
  Term,
  User,
} from './entities';

/** Root-account settings that change how post_to_sis assignments are validated (canvas.md §3.4). */
export interface SisAccountSettings {
  /** The "SIS friendly name" (`sis_name`). */
  sisName: string;
  sisSyncing: boolean;
  sisDefaultGradeExport: boolean;
  sisRequireAssignmentDueDate: boolean;
  sisAssignmentNameLength: boolean;
  sisAssignmentNameLengthInput: number;
  /** The `new_sis_integrations` feature flag, without which the settings above are not enforced. */
  newSisIntegrations: boolean;
}

export const DEFAULT_SIS_ACCOUNT_SETTINGS: SisAccountSettings = {
  sisName: 'SIS',
  sisSyncing: false,
  sisDefaultGradeExport: false,
  sisRequireAssignmentDueDate: false,
  sisAssignmentNameLength: false,
  sisAssignmentNameLengthInput: 255,
  newSisIntegrations: true,
};

/** Canvas's built-in course roles and the ids they usually have on a fresh instance. */
export const BUILT_IN_ROLES: ReadonlyArray<{ id: number; type: EnrollmentType; label: string; csvRole: string }> = [
  { id: 3, type: 'StudentEnrollment', label: 'Student', csvRole: 'student' },
  { id: 4, type: 'TeacherEnrollment', label: 'Teacher', csvRole: 'teacher' },
  { id: 5, type: 'TaEnrollment', label: 'TA', csvRole: 'ta' },
  { id: 6, type: 'DesignerEnrollment', label: 'Designer', csvRole: 'designer' },
  { id: 7, type: 'ObserverEnrollment', label: 'Observer', csvRole: 'observer' },
];

export function roleIdFor(type: EnrollmentType): number {
  return BUILT_IN_ROLES.find((role) => role.type === type)?.id ?? 3;
}

export interface CanvasStoreOptions {
  rootAccountId: number;
  rootAccountName: string;
  now: () => Date;
}

/**
 * Everything the simulated Canvas knows, in memory. It holds the tables and the indexes that make
 * SIS-id lookups cheap; what the objects mean (imports, grading, visibility) lives in the modules
 * that use them.
 */
export class CanvasStore {
  readonly accounts = new Map<number, Account>();
  readonly terms = new Map<number, Term>();
  readonly courses = new Map<number, Course>();
  readonly sections = new Map<number, Section>();
  readonly users = new Map<number, User>();
  readonly logins = new Map<number, Login>();
  readonly enrollments = new Map<number, Enrollment>();
  readonly assignmentGroups = new Map<number, AssignmentGroup>();
  readonly assignments = new Map<number, Assignment>();
  readonly assignmentOverrides = new Map<number, AssignmentOverride>();
  readonly submissions = new Map<number, Submission>();
  readonly sisImports = new Map<number, SisImport>();
  readonly progresses = new Map<number, Progress>();
  readonly files = new Map<number, StoredFile>();
  readonly rootAccountId: number;
  readonly defaultTermId: number;
  /** The user the API token belongs to: an account admin. */
  readonly adminUserId: number;
  sisSettings: SisAccountSettings = { ...DEFAULT_SIS_ACCOUNT_SETTINGS };
  readonly now: () => Date;

  private lastId: number;
  private readonly accountsBySisId = new Map<string, number>();
  private readonly termsBySisId = new Map<string, number>();
  private readonly coursesBySisId = new Map<string, number>();
  private readonly sectionsBySisId = new Map<string, number>();
  private readonly loginsBySisUserId = new Map<string, number>();
  private readonly loginsByIntegrationId = new Map<string, number>();
  private readonly loginsByUniqueId = new Map<string, number>();
  private readonly loginIdsByUser = new Map<number, number[]>();
  private readonly enrollmentIdsByCourse = new Map<number, Set<number>>();
  private readonly enrollmentsByKey = new Map<string, number>();
  private readonly submissionsByKey = new Map<string, number>();

  constructor(options: CanvasStoreOptions) {
    this.now = options.now;
    this.rootAccountId = options.rootAccountId;
    this.lastId = options.rootAccountId;
    const createdAt = this.now();
    this.accounts.set(this.rootAccountId, {
      id: this.rootAccountId,
      name: options.rootAccountName,
      parentAccountId: null,
      rootAccountId: null,
      sisAccountId: null,
      integrationId: null,
      workflowState: 'active',
      sisBatchId: null,
      stuckFields: new Set(),
      createdAt,
      uuid: randomUUID(),
      defaultTimeZone: 'America/Chicago',
    });
    // Every root account has a "Default Term"; courses imported without term_id land in it.
    this.defaultTermId = this.nextId();
    this.terms.set(this.defaultTermId, {
      id: this.defaultTermId,
      rootAccountId: this.rootAccountId,
      name: 'Default Term',
      sisTermId: null,
      integrationId: null,
      workflowState: 'active',
      startAt: null,
      endAt: null,
      dateOverrides: new Map(),
      sisBatchId: null,
      stuckFields: new Set(),
      createdAt,
    });
    this.adminUserId = this.nextId();
    this.users.set(this.adminUserId, {
      id: this.adminUserId,
      name: 'Simulator Admin',
      sortableName: 'Admin, Simulator',
      shortName: 'Simulator Admin',
      email: null,
      pronouns: null,
      declaredUserType: null,
      workflowState: 'registered',
      stuckFields: new Set(),
      createdAt,
    });
  }

  /** One sequence for every table, so an id used for the wrong kind of object is a 404, not a silent mix-up. */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  get rootAccount(): Account {
    return this.accounts.get(this.rootAccountId) as Account;
  }

  // ---- accounts ----
  addAccount(account: Account): void {
    this.accounts.set(account.id, account);
    if (account.sisAccountId) this.accountsBySisId.set(account.sisAccountId, account.id);
  }
  accountBySisId(sisId: string): Account | undefined {
    return this.lookup(this.accounts, this.accountsBySisId, sisId);
  }

  // ---- terms ----
  addTerm(term: Term): void {
    this.terms.set(term.id, term);
    if (term.sisTermId) this.termsBySisId.set(term.sisTermId, term.id);
  }
  termBySisId(sisId: string): Term | undefined {
    return this.lookup(this.terms, this.termsBySisId, sisId);
  }

  // ---- courses ----
  addCourse(course: Course): void {
    this.courses.set(course.id, course);
    if (course.sisCourseId) this.coursesBySisId.set(course.sisCourseId, course.id);
  }
  courseBySisId(sisId: string): Course | undefined {
    return this.lookup(this.courses, this.coursesBySisId, sisId);
  }

  // ---- sections ----
  addSection(section: Section): void {
    this.sections.set(section.id, section);
    if (section.sisSectionId) this.sectionsBySisId.set(section.sisSectionId, section.id);
  }
  sectionBySisId(sisId: string): Section | undefined {
    return this.lookup(this.sections, this.sectionsBySisId, sisId);
  }
  sectionsOfCourse(courseId: number): Section[] {
    return [...this.sections.values()].filter((s) => s.courseId === courseId);
  }

  // ---- users and logins ----
  addUser(user: User): void {
    this.users.set(user.id, user);
  }
  addLogin(login: Login): void {
    this.logins.set(login.id, login);
    this.loginIdsByUser.set(login.userId, [...(this.loginIdsByUser.get(login.userId) ?? []), login.id]);
    this.indexLogin(login);
  }
  /** Call after changing a login's sis_user_id, integration_id or unique_id. */
  reindexLogin(login: Login, previous: { sisUserId: string | null; integrationId: string | null; uniqueId: string }): void {
    if (previous.sisUserId && this.loginsBySisUserId.get(previous.sisUserId) === login.id)
      this.loginsBySisUserId.delete(previous.sisUserId);
    if (previous.integrationId && this.loginsByIntegrationId.get(previous.integrationId) === login.id)
      this.loginsByIntegrationId.delete(previous.integrationId);
    const uniqueKey = previous.uniqueId.toLowerCase();
    if (this.loginsByUniqueId.get(uniqueKey) === login.id) this.loginsByUniqueId.delete(uniqueKey);
    this.indexLogin(login);
  }
  private indexLogin(login: Login): void {
    if (login.sisUserId) this.loginsBySisUserId.set(login.sisUserId, login.id);
    if (login.integrationId) this.loginsByIntegrationId.set(login.integrationId, login.id);
    this.loginsByUniqueId.set(login.uniqueId.toLowerCase(), login.id);
  }
  /** The login holding this SIS user id, in whatever state (users.csv revives deleted ones). */
  loginBySisUserId(sisUserId: string): Login | undefined {
    return this.lookup(this.logins, this.loginsBySisUserId, sisUserId);
  }
  loginByIntegrationId(integrationId: string): Login | undefined {
    return this.lookup(this.logins, this.loginsByIntegrationId, integrationId);
  }
  /** Login ids are case-insensitive in Canvas. */
  loginByUniqueId(uniqueId: string): Login | undefined {
    return this.lookup(this.logins, this.loginsByUniqueId, uniqueId.toLowerCase());
  }
  loginsOfUser(userId: number): Login[] {
    return (this.loginIdsByUser.get(userId) ?? []).map((id) => this.logins.get(id)).filter((l): l is Login => l !== undefined);
  }
  /** The login the API reports for a user (its sis_user_id, login_id): the first one not deleted. */
  primaryLogin(userId: number): Login | undefined {
    return this.loginsOfUser(userId).find((l) => l.workflowState !== 'deleted');
  }

  // ---- enrollments ----
  addEnrollment(enrollment: Enrollment): void {
    this.enrollments.set(enrollment.id, enrollment);
    this.enrollmentsByKey.set(enrollmentKey(enrollment), enrollment.id);
    this.indexEnrollmentCourse(enrollment);
  }
  /** Moves an enrollment to another course (its section moved), keeping the per-course index right. */
  moveEnrollment(enrollment: Enrollment, courseId: number): void {
    if (enrollment.courseId === courseId) return;
    this.enrollmentIdsByCourse.get(enrollment.courseId)?.delete(enrollment.id);
    enrollment.courseId = courseId;
    this.indexEnrollmentCourse(enrollment);
  }
  private indexEnrollmentCourse(enrollment: Enrollment): void {
    const ids = this.enrollmentIdsByCourse.get(enrollment.courseId) ?? new Set<number>();
    ids.add(enrollment.id);
    this.enrollmentIdsByCourse.set(enrollment.courseId, ids);
  }
  /** Canvas's identity of an enrollment: one per user, section, type and observed user. */
  findEnrollment(key: {
    sectionId: number;
    userId: number;
    type: EnrollmentType;
    associatedUserId: number | null;
  }): Enrollment | undefined {
    const id = this.enrollmentsByKey.get(enrollmentKey(key));
    return id === undefined ? undefined : this.enrollments.get(id);
  }
  enrollmentsOfCourse(courseId: number): Enrollment[] {
    return [...(this.enrollmentIdsByCourse.get(courseId) ?? [])]
      .map((id) => this.enrollments.get(id))
      .filter((e): e is Enrollment => e !== undefined)
      .sort((a, b) => a.id - b.id);
  }

  // ---- submissions ----
  addSubmission(submission: Submission): void {
    this.submissions.set(submission.id, submission);
    this.submissionsByKey.set(`${submission.assignmentId}:${submission.userId}`, submission.id);
  }
  findSubmission(assignmentId: number, userId: number): Submission | undefined {
    const id = this.submissionsByKey.get(`${assignmentId}:${userId}`);
    return id === undefined ? undefined : this.submissions.get(id);
  }

  /** Re-indexes an object whose SIS id changed (SIS imports and API edits both change them). */
  reindexSisId(kind: 'account' | 'term' | 'course' | 'section', previous: string | null, next: string | null, id: number): void {
    const index = { account: this.accountsBySisId, term: this.termsBySisId, course: this.coursesBySisId, section: this.sectionsBySisId }[
      kind
    ];
    if (previous && index.get(previous) === id) index.delete(previous);
    if (next) index.set(next, id);
  }

  private lookup<T>(table: Map<number, T>, index: Map<string, number>, key: string): T | undefined {
    const id = index.get(key);
    return id === undefined ? undefined : table.get(id);
  }
}

function enrollmentKey(key: { sectionId: number; userId: number; type: EnrollmentType; associatedUserId: number | null }): string {
  return `${key.sectionId}:${key.userId}:${key.type}:${key.associatedUserId ?? ''}`;
}
