import type { StudentPersonalRecord } from '@sisbridge/sif-codec';
import type { RosterBuildContext } from './build-context';
import { personOf, type Person } from './person';
import { sisIdOf } from './sis-ids';

/** StudentPersonal → a student, not yet a user: students are in only with an enrollment not yet exited (`buildUser`). */
export function buildStudent(record: StudentPersonalRecord, context: RosterBuildContext): Person | undefined {
  const id = sisIdOf(context.rules, 'student', record, 'StudentPersonal');
  if (!context.claim('user', id, 'StudentPersonal', record.refId)) return undefined;
  return personOf(context.rules, record, 'student', id);
}
