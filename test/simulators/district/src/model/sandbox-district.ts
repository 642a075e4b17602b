import type {
  LeaInfo,
  SchoolCourseInfo,
  SchoolInfo,
  SectionInfo,
  StaffAssignment,
  StaffPersonal,
  StudentPersonal,
  StudentSchoolEnrollment,
  StudentSectionEnrollment,
  TermInfo,
} from './sif-objects';
import type { VerbatimSifObject } from './verbatim-object';

export type DistrictSize = 'tiny' | 'small' | 'medium' | 'large' | 'xlarge';

export const DISTRICT_SIZES: readonly DistrictSize[] = ['tiny', 'small', 'medium', 'large', 'xlarge'];

/**
 * How PowerSchool's ExitDate is read **[U]** (reference/sif.md §3.2): PowerSchool stores the day
 * after the last day attended (CC.DateLeft, Students.ExitDate, the generic mapping), while some
 * state plug-ins publish the last attended day itself.
 */
export type ExitDateSemantics = 'day-after-last-attended' | 'last-attended';

export const EXIT_DATE_SEMANTICS: readonly ExitDateSemantics[] = ['day-after-last-attended', 'last-attended'];

/** A whole district, as PowerSchool's SIF agent would publish it. */
export interface SandboxDistrict {
  seed: number;
  /** `loaded` when read from a directory of SIF XML files. */
  size: DistrictSize | 'loaded';
  /** The SIF SchoolYear of the current year: the year it ends (2026 = 2025-26). */
  schoolYear: number;
  /**
   * The SIF_ExtendedElement that carries DCIDs, `DCID` by default; null when the agent publishes
   * none **[U]** (how PowerSchool exposes DCIDs beyond the RefId is not public), in which case
   * `dcid` values are the simulator's own and are never written to SIF XML.
   */
  dcidElementName?: string | null;
  /** How ExitDate values were written (see ExitDateSemantics); unknown for a loaded district. */
  exitDateSemantics?: ExitDateSemantics;
  lea: LeaInfo;
  schools: SchoolInfo[];
  terms: TermInfo[];
  courses: SchoolCourseInfo[];
  sections: SectionInfo[];
  staff: StaffPersonal[];
  staffAssignments: StaffAssignment[];
  students: StudentPersonal[];
  schoolEnrollments: StudentSchoolEnrollment[];
  sectionEnrollments: StudentSectionEnrollment[];
  /** A loaded export's objects that the model cannot hold (schema-breaking ones, repeated RefIds), served as written. */
  verbatim?: VerbatimSifObject[];
}

/** The DCID element name in effect for a district. */
export function dcidElementNameOf(district: Pick<SandboxDistrict, 'dcidElementName'>): string | null {
  return district.dcidElementName === undefined ? 'DCID' : district.dcidElementName;
}
