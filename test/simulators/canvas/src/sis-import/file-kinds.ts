/**
 * The kinds of SIS CSV, in Canvas's fixed importer order (canvas.md §1.1): accounts before terms
 * and courses, courses before sections, users before enrollments. A file's kind comes from its
 * header row, never from its name.
 */
export const SIS_FILE_KINDS = [
  'change_sis_id',
  'account',
  'term',
  'abstract_course',
  'course',
  'section',
  'xlist',
  'user',
  'login',
  'enrollment',
  'admin',
  'group_category',
  'group',
  'group_membership',
  'grade_publishing_results',
  'user_observer',
] as const;
export type SisFileKind = (typeof SIS_FILE_KINDS)[number];

/** The kinds this simulator imports; the others are recognised and reported as skipped. */
export const IMPORTED_KINDS: ReadonlySet<SisFileKind> = new Set(['account', 'term', 'course', 'section', 'user', 'enrollment']);

const has = (headers: ReadonlySet<string>, ...names: string[]) => names.every((n) => headers.has(n));
const any = (headers: ReadonlySet<string>, ...names: string[]) => names.some((n) => headers.has(n));

const RECOGNISERS: Record<SisFileKind, (h: ReadonlySet<string>) => boolean> = {
  change_sis_id: (h) => any(h, 'old_id', 'old_integration_id'),
  account: (h) => has(h, 'account_id', 'parent_account_id'),
  term: (h) => has(h, 'term_id', 'name'),
  abstract_course: (h) => has(h, 'abstract_course_id', 'short_name'),
  course: (h) => has(h, 'course_id', 'short_name'),
  section: (h) => has(h, 'section_id', 'name'),
  xlist: (h) => has(h, 'xlist_course_id', 'section_id'),
  user: (h) => has(h, 'user_id', 'login_id') && !any(h, 'existing_user_id', 'existing_integration_id', 'existing_canvas_user_id'),
  login: (h) => has(h, 'user_id') && any(h, 'existing_user_id', 'existing_integration_id', 'existing_canvas_user_id'),
  enrollment: (h) => any(h, 'section_id', 'course_id') && any(h, 'user_id', 'user_integration_id'),
  admin: (h) => has(h, 'user_id', 'account_id') && any(h, 'role', 'role_id'),
  group_category: (h) => has(h, 'group_category_id', 'category_name'),
  group: (h) => has(h, 'group_id', 'name'),
  group_membership: (h) => has(h, 'group_id', 'user_id'),
  grade_publishing_results: (h) => has(h, 'enrollment_id', 'grade_publishing_status'),
  user_observer: (h) => has(h, 'observer_id', 'student_id'),
};

/** The first kind, in importer order, whose required headers are all present (as Canvas checks them). */
export function recogniseKind(headers: readonly string[]): SisFileKind | undefined {
  const set = new Set(headers);
  return SIS_FILE_KINDS.find((kind) => RECOGNISERS[kind](set));
}

/** The columns that identify a row, for diffing (Canvas's `identifying_fields`). */
export const IDENTIFYING_FIELDS: Partial<Record<SisFileKind, readonly string[]>> = {
  account: ['account_id'],
  term: ['term_id'],
  course: ['course_id'],
  section: ['section_id'],
  user: ['user_id'],
  enrollment: ['course_id', 'section_id', 'user_id', 'user_integration_id', 'role', 'associated_user_id'],
};

/** `data.counts` keys: the plural of each kind. */
export function countKey(kind: SisFileKind): string {
  if (kind === 'grade_publishing_results') return kind;
  if (kind === 'group_category') return 'group_categories';
  return `${kind}s`;
}
