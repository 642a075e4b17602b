import { compareSisIds, type RosterUser } from '@sisbridge/roster';
import type { RosterBuildContext } from './build-context';
import type { Person, SchoolEnrollment } from './person';

/**
 * A person → a user, once all their schools are known (every school of their assignments,
 * enrollments and sections, in SIS id order). A person with no school is left out, and counted:
 * staff without one are district-level staff; students without one have no enrollment still
 * current. A student's grade is that of their Home school enrollment (then any other, by school),
 * else StudentPersonal's MostRecent/GradeLevel.
 */
export function buildUser(
  person: Person,
  schools: ReadonlySet<string> | undefined,
  schoolEnrollments: readonly SchoolEnrollment[],
  context: RosterBuildContext,
): RosterUser | undefined {
  const student = person.user.personType === 'student';
  if (!schools || schools.size === 0) {
    context.skip(student ? 'studentsWithoutEnrollment' : 'districtLevelStaff');
    return undefined;
  }
  const user: RosterUser = { ...person.user, schoolSisIds: [...schools].sort(compareSisIds) };
  const gradeLevel = student ? studentGradeLevel(person.mostRecentGradeLevel, schoolEnrollments) : undefined;
  if (gradeLevel) user.gradeLevel = gradeLevel;
  return user;
}

function studentGradeLevel(mostRecent: string | undefined, enrollments: readonly SchoolEnrollment[]): string | undefined {
  const ordered = [...enrollments].sort((a, b) => Number(b.home) - Number(a.home) || compareSisIds(a.schoolSisId, b.schoolSisId));
  return ordered.find((enrollment) => enrollment.gradeLevel)?.gradeLevel ?? mostRecent;
}
