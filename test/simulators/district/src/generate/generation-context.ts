import { SeededRandom } from '@sisbridge/sim-common';
import { addDays, previousSchoolDay } from '../calendar/iso-dates';
import { DcidSequence } from '../ids/dcid-sequence';
import { refIdFor } from '../ids/ref-id';
import type { ExitDateSemantics } from '../model/sandbox-district';
import type {
  GradeLevelCode,
  IsoDate,
  SchoolCourseInfo,
  SchoolInfo,
  SectionInfo,
  SifObjectName,
  StaffPersonal,
  StudentPersonal,
  StudentSchoolEnrollment,
  StudentSectionEnrollment,
  TermInfo,
} from '../model/sif-objects';
import type { CalendarTerm } from '../calendar/school-calendar';
import type { CatalogCourse, CourseTerm, SchoolLevel } from './course-catalog';
import type { SizeProfile } from './size-profiles';

/** One school while the district is being built. */
export interface SchoolPlan {
  info: SchoolInfo;
  level: SchoolLevel;
  schoolNumber: number;
  calendar: CalendarTerm[];
  terms: Map<CourseTerm, TermInfo>;
  previousTerms: Map<CourseTerm, TermInfo>;
  courses: CoursePlan[];
  studentsByGrade: Map<GradeLevelCode, StudentPlan[]>;
  sections: SectionPlan[];
  teachers: StaffPersonal[];
}

export interface CoursePlan {
  catalog: CatalogCourse;
  current: SchoolCourseInfo;
  previous: SchoolCourseInfo;
}

export interface StudentPlan {
  personal: StudentPersonal;
  school: SchoolPlan;
  grade: GradeLevelCode;
  enrollment: StudentSchoolEnrollment;
  sectionEnrollments: StudentSectionEnrollment[];
}

export interface SectionPlan {
  info: SectionInfo;
  course: CoursePlan;
  school: SchoolPlan;
  term: TermInfo;
  enrollments: StudentSectionEnrollment[];
}

/** Each PowerSchool table's DCID sequence, started at a seed-dependent number. */
export interface DcidSequences {
  lea: DcidSequence;
  schools: DcidSequence;
  terms: DcidSequence;
  courses: DcidSequence;
  sections: DcidSequence;
  users: DcidSequence;
  schoolStaff: DcidSequence;
  students: DcidSequence;
  schoolEnrollments: DcidSequence;
  cc: DcidSequence;
}

/** What every build step shares: the seed's random streams, DCID sequences, and the calendar. */
export class GenerationContext {
  readonly dcids: DcidSequences;
  private readonly termEndExitDates = new Map<IsoDate, IsoDate>();

  constructor(
    readonly seed: number,
    readonly schoolYear: number,
    readonly profile: SizeProfile,
    readonly exitDateSemantics: ExitDateSemantics,
    private readonly root: SeededRandom = new SeededRandom(seed),
  ) {
    const starts = this.random('dcid-starts');
    const users = 100 + starts.int(0, 899);
    this.dcids = {
      lea: new DcidSequence(1),
      schools: new DcidSequence(2 + starts.int(0, 8)),
      terms: new DcidSequence(1_000 + starts.int(0, 899)),
      courses: new DcidSequence(3_000 + starts.int(0, 899)),
      sections: new DcidSequence(40_000 + starts.int(0, 9_999)),
      users: new DcidSequence(users),
      schoolStaff: new DcidSequence(7_000 + starts.int(0, 999)),
      // STUDENTS and USERS are numbered apart in PowerSchool, so their DCIDs overlap: a consumer
      // that mixes staff and student ids in one namespace must tell them apart.
      students: new DcidSequence(users + 5),
      schoolEnrollments: new DcidSequence(60_000 + starts.int(0, 9_999)),
      cc: new DcidSequence(1_000_000 + starts.int(0, 99_999)),
    };
  }

  /** An independent random stream per purpose, so adding one step never reshuffles another. */
  random(label: string): SeededRandom {
    return this.root.fork(label);
  }

  refId(objectName: SifObjectName, dcid: number): string {
    return refIdFor(this.seed, objectName, dcid);
  }

  /**
   * ExitDate of an enrollment that runs to the end of a term. PowerSchool stores the day after
   * the term's last day (CC.DateLeft); the other reading publishes the last day itself.
   */
  exitDateAtTermEnd(lastDay: IsoDate): IsoDate {
    // Memoized: hundreds of thousands of enrollments share a handful of these strings.
    let exitDate = this.termEndExitDates.get(lastDay);
    if (exitDate === undefined) {
      exitDate = this.exitDateSemantics === 'day-after-last-attended' ? addDays(lastDay, 1) : lastDay;
      this.termEndExitDates.set(lastDay, exitDate);
    }
    return exitDate;
  }

  /**
   * ExitDate of a drop effective on a school day (the first day the student is no longer
   * there): PowerSchool stores that day; the other reading publishes the school day before it.
   */
  exitDateForDrop(effectiveDay: IsoDate): IsoDate {
    return this.exitDateSemantics === 'day-after-last-attended' ? effectiveDay : previousSchoolDay(effectiveDay);
  }
}
