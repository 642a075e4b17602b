/**
 * For the small kinds (accounts, terms, courses, sections), the Canvas rows are derived from the
 * whole before-snapshot and the whole after-snapshot, and only rows that differ are sent: a
 * course title change reaches every Canvas course named after it, and nothing else moves.
 */
export interface RowDelta<Row> {
  rows: Row[];
  created: number;
  updated: number;
  deleted: number;
  /** Rows that would be deleted but are kept on purpose (e.g. accounts), reported to operators. */
  kept: string[];
}

export function diffDerivedRows<Row>(
  before: ReadonlyMap<string, Row>,
  after: ReadonlyMap<string, Row>,
  onRemoved: ((row: Row) => Row) | 'keep',
): RowDelta<Row> {
  const delta: RowDelta<Row> = { rows: [], created: 0, updated: 0, deleted: 0, kept: [] };
  for (const [id, row] of sortedEntries(after)) {
    const previous = before.get(id);
    if (!previous) {
      delta.rows.push(row);
      delta.created++;
    } else if (!sameRow(previous, row)) {
      delta.rows.push(row);
      delta.updated++;
    }
  }
  for (const [id, row] of sortedEntries(before)) {
    if (after.has(id)) continue;
    if (onRemoved === 'keep') {
      delta.kept.push(id);
      continue;
    }
    delta.rows.push(onRemoved(row));
    delta.deleted++;
  }
  return delta;
}

function sortedEntries<Row>(rows: ReadonlyMap<string, Row>): Array<[string, Row]> {
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function sameRow<Row>(a: Row, b: Row): boolean {
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const key of keys) if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
  return true;
}
