import type { RosterTerm } from '@sisbridge/roster';
import type { TermInfoRecord } from '@sisbridge/sif-codec';
import { isCurrentYear, type RosterBuildContext } from './build-context';
import { dangling } from './rejection';
import { sisIdOf } from './sis-ids';

/** TermInfo of the school year → a term of its school (terms are per school in PowerSchool). */
export function buildTerm(record: TermInfoRecord, context: RosterBuildContext): RosterTerm | undefined {
  if (!isCurrentYear(context, record)) return undefined;
  const school = context.school(record.schoolInfoRefId);
  if (!school) {
    context.reject({
      objectName: 'TermInfo',
      refId: record.refId,
      problem: dangling('TermInfo', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo'),
    });
    return undefined;
  }
  const id = sisIdOf(context.rules, 'term', record, 'TermInfo');
  if (!context.claim('term', id, 'TermInfo', record.refId)) return undefined;
  const term: RosterTerm = {
    kind: 'term',
    sisId: id.sisId,
    refId: record.refId,
    schoolSisId: school.sisId,
    name: record.description ?? record.termCode ?? id.sisId,
    startDate: record.startDate ?? '',
    endDate: record.endDate ?? '',
    schoolYear: context.rules.schoolYear,
  };
  if (id.dcid !== undefined) term.dcid = id.dcid;
  if (record.termCode) term.termCode = record.termCode;
  return term;
}
