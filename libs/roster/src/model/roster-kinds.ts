/**
 * The kinds of a canonical roster, in dependency order: the order Canvas imports them
 * (accounts, terms, courses, sections, users, enrollments), so iterating in this order never
 * meets a reference to something not yet seen.
 */
export const ROSTER_KINDS = ['school', 'term', 'course', 'section', 'user', 'enrollment'] as const;

export type RosterKind = (typeof ROSTER_KINDS)[number];

export function isRosterKind(value: string): value is RosterKind {
  return (ROSTER_KINDS as readonly string[]).includes(value);
}
