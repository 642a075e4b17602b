import type { DistrictSize } from '../model/sandbox-district';

/** How big a district of each named size is, and how much of each real-world mess it holds. */
export interface SizeProfile {
  elementarySchools: number;
  middleSchools: number;
  highSchools: number;
  /** Students across the district (each school gets a share by level, ±10%). */
  students: number;
  /** Students per section the scheduler aims for. */
  classSize: number;
  /** Sections a teacher teaches, on average. */
  sectionsPerTeacher: number;
  /** Staff at the district office, with no school. */
  districtOfficeStaff: number;
}

export const SIZE_PROFILES: Readonly<Record<DistrictSize, SizeProfile>> = {
  // Every kind of mess is still present at least once (see real-world-mess.ts).
  tiny: {
    elementarySchools: 0,
    middleSchools: 1,
    highSchools: 1,
    students: 48,
    classSize: 6,
    sectionsPerTeacher: 4,
    districtOfficeStaff: 2,
  },
  // The local stack: ~3 schools, ~600 students.
  small: {
    elementarySchools: 1,
    middleSchools: 1,
    highSchools: 1,
    students: 600,
    classSize: 26,
    sectionsPerTeacher: 4.3,
    districtOfficeStaff: 3,
  },
  medium: {
    elementarySchools: 6,
    middleSchools: 2,
    highSchools: 2,
    students: 6_000,
    classSize: 28,
    sectionsPerTeacher: 3.8,
    districtOfficeStaff: 12,
  },
  // ~60 schools, ~100,000 students, ~6,000 staff, ~25,000 sections, ~700,000 section enrollments.
  large: {
    elementarySchools: 40,
    middleSchools: 12,
    highSchools: 8,
    students: 99_000,
    classSize: 29,
    sectionsPerTeacher: 4,
    districtOfficeStaff: 60,
  },
  // Twice `large`: ~120 schools, ~200,000 students, ~12,500 staff, ~50,000 sections, ~1.5 M section
  // enrollments: the next size of district, for checking that memory does not grow with the district.
  xlarge: {
    elementarySchools: 80,
    middleSchools: 24,
    highSchools: 16,
    students: 198_000,
    classSize: 29,
    sectionsPerTeacher: 4,
    districtOfficeStaff: 120,
  },
};

/** Shares of the real-world mess, per object; each kind appears at least once whatever the size. */
export const MESS_RATES = Object.freeze({
  coTaughtSections: 0.05,
  staffAtTwoSchools: 0.02,
  studentsAtTwoSchools: 0.01,
  withdrawnStudents: 0.02,
  scheduleChanges: 0.03,
  studentsWithoutEmail: 0.08,
  studentsWithGuardianEmails: 0.12,
  staffWithoutEmail: 0.01,
  previousYearSections: 0.03,
  previousYearSchoolEnrollments: 0.1,
  previousYearStaffAssignments: 0.1,
});
