import type { RosterCourse, RosterSchool, RosterSection, RosterTerm } from '@sisbridge/roster';
import { FullBuildContext } from '../roster-build/full-build-context';
import type { Person } from '../roster-build/person';
import type { Rejection } from '../roster-build/rejection';
import type { RosterRules } from '../roster-build/roster-rules';

/** The rules of the builders' unit specs: DCIDs from the `DCID` element, the default templates, school year 2026. */
export function testRules(overrides: Partial<RosterRules> = {}): RosterRules {
  return {
    schoolYear: 2026,
    asOf: '2025-10-15',
    exitDateMeaning: 'day-after-last',
    dcidElement: 'DCID',
    sisIdSource: 'dcid-then-refid',
    templates: { school: 'SCH{dcid}', term: 'TRM{dcid}', course: 'CRS{dcid}', section: 'SEC{dcid}', staff: 'T{dcid}', student: 'S{dcid}' },
    ...overrides,
  };
}

export interface TestParents {
  schools?: RosterSchool[];
  terms?: RosterTerm[];
  courses?: RosterCourse[];
  sections?: RosterSection[];
  staff?: Person[];
  students?: Person[];
}

/** A full-build context holding the given parents (by their RefIds), with the rejections it collects. */
export function contextWith(
  parents: TestParents = {},
  rules: RosterRules = testRules(),
): { context: FullBuildContext; rejections: Rejection[] } {
  const rejections: Rejection[] = [];
  const context = new FullBuildContext(rules, (rejection) => rejections.push(rejection));
  for (const school of parents.schools ?? []) context.schools.set(school.refId, school);
  for (const term of parents.terms ?? []) context.terms.set(term.refId, term);
  for (const course of parents.courses ?? []) context.courses.set(course.refId, course);
  for (const section of parents.sections ?? []) context.sections.set(section.refId, section);
  for (const person of parents.staff ?? []) context.staffMembers.set(person.user.refId, person);
  for (const person of parents.students ?? []) context.students.set(person.user.refId, person);
  return { context, rejections };
}

export const dcid = (n: number) => ({ extendedElements: { DCID: String(n) } });

export const SCHOOL_A: RosterSchool = { kind: 'school', sisId: 'SCH1', refId: 'SA', dcid: 1, name: 'Alpha' };
export const SCHOOL_B: RosterSchool = { kind: 'school', sisId: 'SCH2', refId: 'SB', dcid: 2, name: 'Beta' };
export const TERM_A: RosterTerm = {
  kind: 'term',
  sisId: 'TRM11',
  refId: 'TA',
  dcid: 11,
  schoolSisId: 'SCH1',
  name: 'S1',
  startDate: '2025-08-20',
  endDate: '2026-01-10',
  schoolYear: 2026,
};
export const TERM_B: RosterTerm = { ...TERM_A, sisId: 'TRM12', refId: 'TB', dcid: 12, schoolSisId: 'SCH2' };
export const COURSE_A: RosterCourse = { kind: 'course', sisId: 'CRS21', refId: 'CA', dcid: 21, schoolSisId: 'SCH1', title: 'Math' };
export const SECTION_A: RosterSection = {
  kind: 'section',
  sisId: 'SEC31',
  refId: 'XA',
  dcid: 31,
  courseSisId: 'CRS21',
  schoolSisId: 'SCH1',
  termSisIds: ['TRM11'],
  teacherSisIds: ['T41'],
};

export function staffPerson(refId: string, n: number): Person {
  return {
    sisId: `T${n}`,
    user: {
      kind: 'user',
      sisId: `T${n}`,
      refId,
      dcid: n,
      personType: 'staff',
      localId: `L${n}`,
      firstName: 'F',
      lastName: 'L',
      schoolSisIds: [],
    },
  };
}

export function studentPerson(refId: string, n: number, mostRecentGradeLevel?: string): Person {
  const person: Person = {
    sisId: `S${n}`,
    user: {
      kind: 'user',
      sisId: `S${n}`,
      refId,
      dcid: n,
      personType: 'student',
      localId: `L${n}`,
      firstName: 'F',
      lastName: 'L',
      schoolSisIds: [],
    },
  };
  if (mostRecentGradeLevel) person.mostRecentGradeLevel = mostRecentGradeLevel;
  return person;
}
