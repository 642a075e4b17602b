import type { TermRow } from '../csv/sis-csv-rows';
import type { BuildContext, SnapshotIndex } from './build-context';
import { diffDerivedRows, type RowDelta } from './derived-rows';

/**
 * terms.csv: PowerSchool terms are per school, Canvas terms per root account, so each Canvas term
 * carries its school's name ("Semester 1 (Lincoln High)"). Terms are never deleted by a run
 * (courses keep pointing at them); a vanished term is reported.
 */
export function buildTermRows(context: BuildContext): RowDelta<TermRow> {
  return diffDerivedRows(termRows(context.before), termRows(context.after), 'keep');
}

function termRows(lookups: SnapshotIndex): Map<string, TermRow> {
  const rows = new Map<string, TermRow>();
  for (const term of lookups.terms.values()) {
    const school = lookups.schools.get(term.schoolSisId);
    rows.set(term.sisId, {
      term_id: term.sisId,
      name: school ? `${term.name} (${school.name})` : term.name,
      status: 'active',
      start_date: term.startDate,
      end_date: term.endDate,
    });
  }
  return rows;
}
