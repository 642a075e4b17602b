/**
 * What the simulated PTP gradebook holds, in PowerSchool's own column names (lower-case, as the
 * XTE JSON uses them): ASSIGNMENT, ASSIGNMENTSECTION, ASSIGNMENTCATEGORYASSOC and ASSIGNMENTSCORE.
 */

export interface AssignmentCategoryAssoc {
  assignmentcategoryassocid: number;
  teachercategoryid: number;
  isprimary: boolean;
}

/** One section's copy of an assignment; scores attach to it. */
export interface AssignmentSectionRecord {
  assignmentsectionid: number;
  assignmentid: number;
  sectionsdcid: number;
  yearid: number;
  name: string;
  description: string;
  /** YYYY-MM-DD */
  duedate: string;
  scoretype: string;
  scoreentrypoints: number;
  totalpointvalue: number;
  weight: number;
  extracreditpoints: number;
  iscountedinfinalgrade: boolean;
  isscoringneeded: boolean;
  isscorespublish: boolean;
  publishoption: string;
  publishdaysbeforedue: number;
  publishonspecificdate: string | null;
  maxretakeallowed: number;
  relatedgradescaleitemdcid: number | null;
  categoryAssociations: AssignmentCategoryAssoc[];
  /** STUDENTS.DCID of the students it is for; empty means every student of the section. */
  studentAssociations: number[];
  whenmodified: string;
}

export interface AssignmentRecord {
  assignmentid: number;
  /** The plugin that made it (ASSIGNMENT.CREATEDBYPLUGIN). */
  createdbyplugin: string | null;
  standardcalcdirection: string;
  standardscoringmethod: string;
  yearid: number;
  sections: AssignmentSectionRecord[];
  whenmodified: string;
}

export interface ScoreRecord {
  assignmentscoreid: number;
  assignmentsectionid: number;
  studentsdcid: number;
  yearid: number;
  actualscoreentered: string | null;
  actualscorekind: string | null;
  /** Computed by PTP from what was entered. */
  scorepoints: number | null;
  scorepercent: number | null;
  scorelettergrade: string | null;
  scorenumericgrade: number | null;
  islate: boolean;
  isexempt: boolean;
  ismissing: boolean;
  isabsent: boolean;
  isincomplete: boolean;
  iscollected: boolean;
  comment: string | null;
  /** YYYY-MM-DD HH:MM:SS */
  scoreentrydate: string;
  whenmodified: string;
}
