import type { RosterSchool } from '@sisbridge/roster';
import type { SchoolInfoRecord } from '@sisbridge/sif-codec';
import type { RosterBuildContext } from './build-context';
import { sisIdOf } from './sis-ids';

/** SchoolInfo → a school (a Canvas sub-account); its name falls back to its SIS id. */
export function buildSchool(record: SchoolInfoRecord, context: RosterBuildContext): RosterSchool | undefined {
  const id = sisIdOf(context.rules, 'school', record, 'SchoolInfo');
  if (!context.claim('school', id, 'SchoolInfo', record.refId)) return undefined;
  const school: RosterSchool = { kind: 'school', sisId: id.sisId, refId: record.refId, name: record.schoolName ?? id.sisId };
  if (id.dcid !== undefined) school.dcid = id.dcid;
  if (record.localId) school.schoolNumber = record.localId;
  if (record.stateProvinceId) school.stateId = record.stateProvinceId;
  return school;
}
