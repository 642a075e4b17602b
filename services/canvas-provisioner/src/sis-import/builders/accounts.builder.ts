import type { AccountRow } from '../csv/sis-csv-rows';
import type { BuildContext, SnapshotIndex } from './build-context';
import { diffDerivedRows, type RowDelta } from './derived-rows';

/**
 * accounts.csv: one sub-account per school, directly under the district's root account.
 * A school that disappears from the feed is not deleted (Canvas refuses to delete an account
 * that still has courses, and a school rarely ceases to exist overnight): it is reported.
 */
export function buildAccountRows(context: BuildContext): RowDelta<AccountRow> {
  return diffDerivedRows(accountRows(context.before), accountRows(context.after), 'keep');
}

function accountRows(lookups: SnapshotIndex): Map<string, AccountRow> {
  const rows = new Map<string, AccountRow>();
  for (const school of lookups.schools.values()) {
    rows.set(school.sisId, { account_id: school.sisId, parent_account_id: '', name: school.name, status: 'active' });
  }
  return rows;
}
