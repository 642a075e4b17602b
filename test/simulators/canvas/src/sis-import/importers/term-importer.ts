import { ENROLLMENT_TYPES, type EnrollmentType, type Term } from '../../model/entities';
import type { CsvFile } from '../csv-file';
import type { ImportContext } from '../import-context';
import { parseSisDate } from '../sis-dates';

/**
 * terms.csv (canvas.md §1.4): term_id, name, status (active|deleted), integration_id,
 * start_date/end_date (cleared when empty), and date_override_enrollment_type rows that set dates
 * for one enrollment type of an existing term.
 */
export function importTerms(ctx: ImportContext, file: CsvFile): number {
  const { store } = ctx;
  let imported = 0;
  for (const row of file.rows) {
    const termId = row.get('term_id');
    const name = row.get('name');
    const status = row.get('status') ?? '';
    const overrideType = row.get('date_override_enrollment_type');
    if (!termId) {
      ctx.warn(file.name, 'No term_id given for a term', row);
      continue;
    }
    if (!/^(active|deleted)$/i.test(status)) {
      ctx.warn(file.name, `Improper status "${status}" for term ${termId}`, row);
      continue;
    }
    const deleting = /^deleted$/i.test(status);
    if (deleting && ctx.options.skipDeletes) continue;
    const start = parseSisDate(row.get('start_date'));
    const end = parseSisDate(row.get('end_date'));
    if (start.kind === 'invalid' || end.kind === 'invalid') {
      ctx.warn(file.name, `Bad date format for term ${termId}`, row);
      continue;
    }
    const startAt = start.kind === 'date' ? start.value : null;
    const endAt = end.kind === 'date' ? end.value : null;

    if (overrideType) {
      const term = store.termBySisId(termId);
      if (!ENROLLMENT_TYPES.includes(overrideType as EnrollmentType)) {
        ctx.warn(file.name, `Invalid date_override_enrollment_type "${overrideType}" for term ${termId}`, row);
        continue;
      }
      if (!term) {
        ctx.warn(file.name, `Term ${termId} does not exist: date overrides apply to existing terms only`, row);
        continue;
      }
      if (deleting) term.dateOverrides.delete(overrideType as EnrollmentType);
      else term.dateOverrides.set(overrideType as EnrollmentType, { startAt, endAt });
      imported++;
      continue;
    }

    if (!name) {
      ctx.warn(file.name, `No name given for term ${termId}`, row);
      continue;
    }
    let term = store.termBySisId(termId);
    const previousState = term?.workflowState ?? 'non-existent';
    if (!term) {
      term = {
        id: store.nextId(),
        rootAccountId: store.rootAccountId,
        name,
        sisTermId: termId,
        integrationId: null,
        workflowState: 'active',
        startAt: null,
        endAt: null,
        dateOverrides: new Map(),
        sisBatchId: ctx.batchId,
        stuckFields: new Set(),
        createdAt: ctx.now,
      };
      store.addTerm(term);
    }
    const target: Term = term;
    ctx.writeSticky(target.stuckFields, 'name', () => (target.name = name));
    ctx.writeSticky(target.stuckFields, 'start_at', () => (target.startAt = startAt));
    ctx.writeSticky(target.stuckFields, 'end_at', () => (target.endAt = endAt));
    const integrationId = row.get('integration_id');
    if (integrationId !== undefined) target.integrationId = integrationId;
    target.workflowState = deleting ? 'deleted' : 'active';
    target.sisBatchId = ctx.batchId;
    ctx.stateChange('EnrollmentTerm', target.id, previousState, target.workflowState);
    imported++;
  }
  return imported;
}
