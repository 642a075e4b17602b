import type { SifSettings, SisIdTemplates } from '@sisbridge/district-config';

/** What decides how a district's SIF objects become its roster, fixed for one run. */
export interface RosterRules {
  /** Only objects of this SIF SchoolYear are in the roster. */
  schoolYear: number;
  /** The day exit dates are judged against (YYYY-MM-DD, in the district's time zone). */
  asOf: string;
  exitDateMeaning: SifSettings['exitDateMeaning'];
  dcidElement: string;
  sisIdSource: SifSettings['sisIdSource'];
  usernameElement?: string;
  templates: SisIdTemplates;
}

/**
 * [U] Whether an enrollment with this ExitDate still counts on `asOf`. PowerSchool state plug-ins
 * differ (reference/sif.md §3.2): with `day-after-last` the exit date is the first day the
 * student is gone; with `last-day` it is the last day attended. No exit date: still enrolled.
 */
export function isStillEnrolled(exitDate: string | undefined, asOf: string, meaning: RosterRules['exitDateMeaning']): boolean {
  if (!exitDate) return true;
  return meaning === 'day-after-last' ? exitDate > asOf : exitDate >= asOf;
}

/**
 * The Primary e-mail when it is one address; none when PowerSchool put several in it (often the
 * guardians', comma-separated: sif.md §3.3). Taking the first would give a student a parent's
 * address as their Canvas e-mail, so a list counts as no address.
 */
export function primaryEmail(emails: ReadonlyArray<{ type: string; address: string }> | undefined): string | undefined {
  const primary = emails?.find((email) => email.type === 'Primary');
  const addresses = (primary?.address ?? '').split(/[,;\s]+/).filter((part) => part.includes('@'));
  return addresses.length === 1 ? addresses[0] : undefined;
}
