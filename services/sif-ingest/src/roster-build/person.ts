import type { RosterUser } from '@sisbridge/roster';
import type { StaffPersonalRecord, StudentPersonalRecord } from '@sisbridge/sif-codec';
import { primaryEmail, type RosterRules } from './roster-rules';

/**
 * A staff member or student as the builders keep them: the user entity but for its schools and
 * grade, made as the person is read, so that the SIF record itself (names, e-mail list,
 * extended elements) is not kept: a large district has 100,000 students.
 */
export interface Person {
  sisId: string;
  user: RosterUser;
  /** Students: StudentPersonal MostRecent/GradeLevel, the grade when no school enrollment gives one. */
  mostRecentGradeLevel?: string;
}

/** What a student's school enrollment says about their school and grade. */
export interface SchoolEnrollment {
  home: boolean;
  schoolSisId: string;
  gradeLevel?: string;
}

export function personOf(
  rules: RosterRules,
  record: StaffPersonalRecord | StudentPersonalRecord,
  personType: 'staff' | 'student',
  id: { sisId: string; dcid?: number },
): Person {
  const entity: RosterUser = {
    kind: 'user',
    sisId: id.sisId,
    refId: record.refId,
    personType,
    localId: record.localId ?? '',
    firstName: record.name?.firstName ?? '',
    lastName: record.name?.lastName ?? '',
    schoolSisIds: [],
  };
  if (id.dcid !== undefined) entity.dcid = id.dcid;
  const username = rules.usernameElement ? record.extendedElements?.[rules.usernameElement] : undefined;
  if (username) entity.username = username;
  if (record.name?.middleName) entity.middleName = record.name.middleName;
  const email = primaryEmail(record.emails);
  if (email) entity.email = email;
  const kept: Person = { sisId: id.sisId, user: entity };
  if (record.objectName === 'StudentPersonal' && record.gradeLevel) kept.mostRecentGradeLevel = record.gradeLevel;
  return kept;
}
