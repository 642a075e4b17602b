import { currentSchoolYear } from '../calendar/school-year';
import {
  DISTRICT_SIZES,
  EXIT_DATE_SEMANTICS,
  type DistrictSize,
  type ExitDateSemantics,
  type SandboxDistrict,
} from '../model/sandbox-district';
import { buildPreviousYear } from './previous-year';
import { buildSchedule } from './build-schedule';
import { buildSchools } from './build-schools';
import { buildStudents } from './build-students';
import { GenerationContext } from './generation-context';
import { applyRealWorldMess } from './real-world-mess';
import { SIZE_PROFILES } from './size-profiles';
import { StaffFactory } from './staff-factory';

export interface GenerateDistrictOptions {
  size: DistrictSize;
  seed: number;
  /** The SIF SchoolYear (the year the school year ends); default the current school year. */
  schoolYear?: number;
  /** How ExitDate is written **[U]**; default PowerSchool's own day-after reading. */
  exitDateSemantics?: ExitDateSemantics;
  /** The SIF_ExtendedElement carrying DCIDs, or null for none **[U]**; default `DCID`. */
  dcidElementName?: string | null;
}

const DISTRICT_OFFICE_TITLES = [
  'Superintendent',
  'Director of Technology',
  'Curriculum Coordinator',
  'Data & Assessment Specialist',
  'Human Resources Director',
  'Special Education Director',
];

/**
 * A whole PowerSchool district, deterministic from the seed: the same options give the same
 * objects, RefIds and DCIDs on every machine.
 */
export function generateDistrict(options: GenerateDistrictOptions): SandboxDistrict {
  const { size, seed } = options;
  if (!DISTRICT_SIZES.includes(size)) throw new Error(`district size must be one of ${DISTRICT_SIZES.join(', ')} (got "${String(size)}")`);
  if (!Number.isSafeInteger(seed)) throw new Error(`district seed must be an integer (got ${String(seed)})`);
  const schoolYear = options.schoolYear ?? currentSchoolYear();
  if (!Number.isInteger(schoolYear) || schoolYear < 1992 || schoolYear > 9999)
    throw new Error(`schoolYear must be the four-digit year the school year ends (got ${String(schoolYear)})`);
  const exitDateSemantics = options.exitDateSemantics ?? 'day-after-last-attended';
  if (!EXIT_DATE_SEMANTICS.includes(exitDateSemantics))
    throw new Error(`exitDateSemantics must be one of ${EXIT_DATE_SEMANTICS.join(', ')}`);

  const context = new GenerationContext(seed, schoolYear, SIZE_PROFILES[size], exitDateSemantics);
  const frame = buildSchools(context);
  const students = buildStudents(context, frame.schools, frame.domain);
  const staff = new StaffFactory(context, frame.domain);
  buildSchedule(context, frame.schools, staff);
  const concurrentEnrollments = applyRealWorldMess(context, frame.schools, students, staff);
  const previousYear = buildPreviousYear(context, frame.schools, students, staff);
  for (let i = 0; i < context.profile.districtOfficeStaff; i++)
    staff.person(DISTRICT_OFFICE_TITLES[i % DISTRICT_OFFICE_TITLES.length] ?? 'District Office');

  const sections = [...frame.schools.flatMap((school) => school.sections), ...previousYear.sections];
  return {
    seed,
    size,
    schoolYear,
    dcidElementName: options.dcidElementName === undefined ? 'DCID' : options.dcidElementName,
    exitDateSemantics,
    lea: frame.lea,
    schools: frame.schools.map((school) => school.info),
    terms: frame.schools.flatMap((school) => [...school.previousTerms.values(), ...school.terms.values()]),
    courses: frame.schools.flatMap((school) => [
      ...school.courses.map((course) => course.previous),
      ...school.courses.map((course) => course.current),
    ]),
    sections: sections.map((section) => section.info),
    staff: staff.staff,
    staffAssignments: staff.assignments,
    students: students.map((student) => student.personal),
    schoolEnrollments: [...students.map((student) => student.enrollment), ...concurrentEnrollments, ...previousYear.schoolEnrollments],
    sectionEnrollments: sections.flatMap((section) => section.enrollments),
  };
}
