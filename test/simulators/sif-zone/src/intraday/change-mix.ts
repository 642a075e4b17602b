/**
 * The kinds of change a school day brings to PowerSchool, as the zone publishes them:
 * - `new-student`: a student enrols (StudentPersonal, StudentSchoolEnrollment, then their section enrollments: Adds);
 * - `drop`: a student leaves a section (StudentSectionEnrollment Change: ExitDate);
 * - `teacher-change`: a section gets another lead teacher (SectionInfo Change: ScheduleInfo);
 * - `section-rename`: a section's description changes (SectionInfo Change);
 * - `enrollment-before-student`: a new student whose section enrollments are published before the student and the school enrollment;
 * - `duplicate`: an event already published is delivered again, with the same SIF_MsgId.
 */
export const CHANGE_KINDS = ['new-student', 'drop', 'teacher-change', 'section-rename', 'enrollment-before-student', 'duplicate'] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** How often each kind comes, as weights (they need not add up to anything). */
export type ChangeMix = Readonly<Record<ChangeKind, number>>;

export const DEFAULT_CHANGE_MIX: ChangeMix = {
  'new-student': 3,
  drop: 3,
  'teacher-change': 1,
  'section-rename': 1,
  'enrollment-before-student': 1,
  duplicate: 1,
};

/** `new-student=3,drop=2,duplicate=0`: the kinds named replace the defaults; the others keep theirs. */
export function parseChangeMix(text: string | undefined): ChangeMix {
  if (text === undefined || text.trim() === '') return DEFAULT_CHANGE_MIX;
  const mix: Record<ChangeKind, number> = { ...DEFAULT_CHANGE_MIX };
  for (const part of text.split(',')) {
    const [name, weight, ...rest] = part.split('=').map((piece) => piece.trim());
    if (!isChangeKind(name) || weight === undefined || rest.length > 0)
      throw new Error(`a mix is kind=weight pairs with the kinds ${CHANGE_KINDS.join(', ')} (got "${part}")`);
    const value = Number(weight);
    if (!Number.isFinite(value) || value < 0) throw new Error(`the weight of ${name} must be a number of 0 or more (got "${weight}")`);
    mix[name] = value;
  }
  if (CHANGE_KINDS.every((kind) => mix[kind] === 0)) throw new Error('a mix needs at least one kind with a weight above 0');
  return mix;
}

export function isChangeKind(name: string | undefined): name is ChangeKind {
  return (CHANGE_KINDS as readonly string[]).includes(name ?? '');
}
