import type { StaffPersonalRecord } from '@sisbridge/sif-codec';
import type { RosterBuildContext } from './build-context';
import { personOf, type Person } from './person';
import { sisIdOf } from './sis-ids';

/**
 * StaffPersonal → a staff member, not yet a user: whether they are one (district-level staff
 * are not) and their schools come from their assignments and sections (`buildUser`).
 */
export function buildStaff(record: StaffPersonalRecord, context: RosterBuildContext): Person | undefined {
  const id = sisIdOf(context.rules, 'staff', record, 'StaffPersonal');
  if (!context.claim('user', id, 'StaffPersonal', record.refId)) return undefined;
  return personOf(context.rules, record, 'staff', id);
}
