import type { SandboxDistrict } from './sandbox-district';
import type { SifObjectName, SifObjectTypes } from './sif-objects';

/** The objects the sandbox district holds, in reference order (parents before children). */
export const SIF_OBJECT_NAMES: readonly SifObjectName[] = [
  'LEAInfo',
  'SchoolInfo',
  'TermInfo',
  'SchoolCourseInfo',
  'SectionInfo',
  'StaffPersonal',
  'StaffAssignment',
  'StudentPersonal',
  'StudentSchoolEnrollment',
  'StudentSectionEnrollment',
];

export function isSifObjectName(name: string): name is SifObjectName {
  return (SIF_OBJECT_NAMES as readonly string[]).includes(name);
}

/** Where each object lives in a SandboxDistrict. */
export type DistrictListKey = Exclude<
  keyof SandboxDistrict,
  'seed' | 'size' | 'schoolYear' | 'dcidElementName' | 'exitDateSemantics' | 'lea' | 'verbatim'
>;

export const DISTRICT_LIST_OF: Readonly<Record<Exclude<SifObjectName, 'LEAInfo'>, DistrictListKey>> = {
  SchoolInfo: 'schools',
  TermInfo: 'terms',
  SchoolCourseInfo: 'courses',
  SectionInfo: 'sections',
  StaffPersonal: 'staff',
  StaffAssignment: 'staffAssignments',
  StudentPersonal: 'students',
  StudentSchoolEnrollment: 'schoolEnrollments',
  StudentSectionEnrollment: 'sectionEnrollments',
};

/** Every object of one kind in the district (the LEA is a list of one). */
export function objectsOf<N extends SifObjectName>(district: SandboxDistrict, objectName: N): readonly SifObjectTypes[N][] {
  if (objectName === 'LEAInfo') return [district.lea] as unknown as SifObjectTypes[N][];
  return district[DISTRICT_LIST_OF[objectName as Exclude<SifObjectName, 'LEAInfo'>]] as unknown as SifObjectTypes[N][];
}

/** How many objects of each kind the district holds. */
export function countObjects(district: SandboxDistrict): Record<SifObjectName, number> {
  const counts = {} as Record<SifObjectName, number>;
  for (const name of SIF_OBJECT_NAMES) counts[name] = objectsOf(district, name).length;
  return counts;
}
