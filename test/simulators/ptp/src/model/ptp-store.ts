import type { PtpDistrict, PtpSection, PtpSectionEnrollment, PtpTeacher, PtpTeacherCategory, PtpTerm } from '@sisbridge/sandbox-district';
import type { AssignmentRecord, AssignmentSectionRecord, ScoreRecord } from './gradebook-records';

/** Reporting-term locks: store codes (Q1, S1 …) and whole terms (TERMS.ID) an admin has locked. */
export interface TermLocks {
  storecodes: string[];
  termids: number[];
}

/**
 * The district (read-only, from the sandbox generator or SIF files) with the indexes the XTE API
 * needs, and the gradebook the API writes: assignments, their sections, and scores.
 */
export class PtpStore {
  readonly teachers = new Map<number, PtpTeacher>();
  readonly sections = new Map<number, PtpSection>();
  readonly categories = new Map<number, PtpTeacherCategory>();
  readonly assignments = new Map<number, AssignmentRecord>();
  readonly assignmentSections = new Map<number, AssignmentSectionRecord>();
  readonly scores = new Map<number, ScoreRecord>();
  locks: TermLocks = { storecodes: [], termids: [] };

  private readonly termsByKey = new Map<string, PtpTerm>();
  private readonly enrollmentsBySection = new Map<number, PtpSectionEnrollment[]>();
  private readonly sectionsByTeacher = new Map<number, Set<number>>();
  private readonly scoresByKey = new Map<string, number>();
  private lastAssignmentId = 1_187_700;
  private lastAssignmentSectionId = 2_519_900;
  private lastCategoryAssocId = 2_519_600_000;
  private lastScoreId = 77_120_000;

  constructor(readonly district: PtpDistrict) {
    for (const teacher of district.teachers) this.teachers.set(teacher.users_dcid, teacher);
    for (const section of district.sections) {
      this.sections.set(section.sectionsdcid, section);
      for (const teacher of section.teachers) {
        const taught = this.sectionsByTeacher.get(teacher) ?? new Set<number>();
        taught.add(section.sectionsdcid);
        this.sectionsByTeacher.set(teacher, taught);
      }
    }
    for (const term of district.terms) this.termsByKey.set(termKey(term.schoolid, term.id), term);
    for (const enrollment of district.sectionEnrollments) {
      const list = this.enrollmentsBySection.get(enrollment.sectionsdcid) ?? [];
      list.push(enrollment);
      this.enrollmentsBySection.set(enrollment.sectionsdcid, list);
    }
    for (const category of district.teacherCategories) this.categories.set(category.teachercategoryid, category);
  }

  /** The section's term: TERMS.ID is per school, so the school is part of the key. */
  termOf(section: PtpSection): PtpTerm | undefined {
    return this.termsByKey.get(termKey(section.schoolid, section.termid));
  }

  sectionsTaughtBy(usersDcid: number): ReadonlySet<number> {
    return this.sectionsByTeacher.get(usersDcid) ?? new Set();
  }

  /** Whether the student has a CC row in the section that is not a same-day drop. */
  isEnrolled(sectionsdcid: number, studentsdcid: number): boolean {
    return (this.enrollmentsBySection.get(sectionsdcid) ?? []).some(
      (e) => e.studentsdcid === studentsdcid && (e.dateleft === null || e.dateenrolled === null || e.dateleft > e.dateenrolled),
    );
  }

  enrolledStudents(sectionsdcid: number): number[] {
    return [
      ...new Set(
        (this.enrollmentsBySection.get(sectionsdcid) ?? [])
          .filter((e) => this.isEnrolled(sectionsdcid, e.studentsdcid))
          .map((e) => e.studentsdcid),
      ),
    ];
  }

  categoriesOf(usersDcid: number): PtpTeacherCategory[] {
    return [...this.categories.values()]
      .filter((c) => c.usersdcid === usersDcid)
      .sort((a, b) => a.displayposition - b.displayposition || a.teachercategoryid - b.teachercategoryid);
  }

  nextAssignmentId(): number {
    return ++this.lastAssignmentId;
  }
  nextAssignmentSectionId(): number {
    return ++this.lastAssignmentSectionId;
  }
  nextCategoryAssocId(): number {
    return ++this.lastCategoryAssocId;
  }
  nextScoreId(): number {
    return ++this.lastScoreId;
  }

  addScore(score: ScoreRecord): void {
    this.scores.set(score.assignmentscoreid, score);
    this.scoresByKey.set(scoreKey(score.assignmentsectionid, score.studentsdcid), score.assignmentscoreid);
  }

  findScore(assignmentsectionid: number, studentsdcid: number): ScoreRecord | undefined {
    const id = this.scoresByKey.get(scoreKey(assignmentsectionid, studentsdcid));
    return id === undefined ? undefined : this.scores.get(id);
  }

  scoresOfSection(assignmentsectionid: number): ScoreRecord[] {
    return [...this.scores.values()]
      .filter((s) => s.assignmentsectionid === assignmentsectionid)
      .sort((a, b) => a.studentsdcid - b.studentsdcid);
  }

  removeAssignment(assignment: AssignmentRecord): void {
    for (const section of assignment.sections) {
      for (const score of this.scoresOfSection(section.assignmentsectionid)) {
        this.scores.delete(score.assignmentscoreid);
        this.scoresByKey.delete(scoreKey(score.assignmentsectionid, score.studentsdcid));
      }
      this.assignmentSections.delete(section.assignmentsectionid);
    }
    this.assignments.delete(assignment.assignmentid);
  }
}

function termKey(schoolid: number, termid: number): string {
  return `${schoolid}:${termid}`;
}

function scoreKey(assignmentsectionid: number, studentsdcid: number): string {
  return `${assignmentsectionid}:${studentsdcid}`;
}
