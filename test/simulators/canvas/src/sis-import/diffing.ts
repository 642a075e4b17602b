import type { CsvFile, CsvRow } from './csv-file';
import { IDENTIFYING_FIELDS, type SisFileKind } from './file-kinds';
import type { SisImportOptions } from './sis-import';

export interface DiffResult {
  files: CsvFile[];
  /** Rows left to apply. */
  rowCount: number;
}

/**
 * Canvas's diff generator (canvas.md §1.9): for each kind, the current file is compared with the
 * previous import's file of the same kind (matched by name when there are several), rows are
 * matched on the kind's identifying columns, unchanged rows are dropped, and rows that
 * disappeared come back with their status set to the drop status (`deleted` unless
 * `diffing_drop_status` / `diffing_user_remove_status` say otherwise; nothing with `skip_deletes`).
 */
export function diffAgainstPrevious(
  previous: readonly CsvFile[],
  current: readonly CsvFile[],
  options: SisImportOptions,
  warn: (file: string, message: string) => void,
): DiffResult {
  const files: CsvFile[] = [];
  const kinds = [...new Set(current.map((f) => f.kind))];
  for (const kind of kinds) {
    const currentOfKind = current.filter((f) => f.kind === kind);
    const previousOfKind = previous.filter((f) => f.kind === kind);
    const fields = IDENTIFYING_FIELDS[kind];
    if (!fields || previousOfKind.length === 0) {
      files.push(...currentOfKind);
      continue;
    }
    const pairs = matchFiles(previousOfKind, currentOfKind);
    if (!pairs) {
      warn(currentOfKind[0]?.name ?? '', `Unable to perform diffing against mismatched previous and current ${kind} imports`);
      files.push(...currentOfKind);
      continue;
    }
    const headerMismatch = pairs.find(([before, after]) => !sameColumns(before, after));
    if (headerMismatch) {
      warn(headerMismatch[1].name, "Couldn't generate diff: the previous and current files have different headers");
      files.push(...currentOfKind);
      continue;
    }
    for (const [before, after] of pairs) files.push(diffFile(before, after, fields, dropStatus(kind, options)));
  }
  return { files, rowCount: files.reduce((n, f) => n + f.rows.length, 0) };
}

function matchFiles(previous: CsvFile[], current: CsvFile[]): Array<[CsvFile, CsvFile]> | undefined {
  if (previous.length !== current.length) return undefined;
  if (current.length === 1) return [[previous[0] as CsvFile, current[0] as CsvFile]];
  if (new Set(current.map((f) => f.name)).size !== current.length) return undefined;
  const pairs: Array<[CsvFile, CsvFile]> = [];
  for (const file of current) {
    const match = previous.find((p) => p.name === file.name);
    if (!match) return undefined;
    pairs.push([match, file]);
  }
  return pairs;
}

function sameColumns(a: CsvFile, b: CsvFile): boolean {
  return a.headers.length === b.headers.length && [...a.headers].sort().join(',') === [...b.headers].sort().join(',');
}

function dropStatus(kind: SisFileKind, options: SisImportOptions): string | null {
  if (options.skipDeletes) return null;
  if (kind === 'enrollment') return options.diffingDropStatus ?? 'deleted';
  if (kind === 'user') return options.diffingUserRemoveStatus ?? 'deleted';
  return 'deleted';
}

function diffFile(before: CsvFile, after: CsvFile, fields: readonly string[], status: string | null): CsvFile {
  const key = (row: CsvRow) => fields.map((f) => row.get(f) ?? '').join('\u0000');
  const previousRows = new Map(before.rows.map((row) => [key(row), row]));
  const currentKeys = new Set<string>();
  const kept: CsvRow[] = [];
  for (const row of after.rows) {
    const rowKey = key(row);
    currentKeys.add(rowKey);
    const old = previousRows.get(rowKey);
    if (!old || !sameValues(old, row, after.headers)) kept.push(row);
  }
  if (status !== null) {
    for (const [rowKey, row] of previousRows) if (!currentKeys.has(rowKey)) kept.push(row.copy(0, 'status', status));
  }
  const headers = after.headers.includes('status') ? after.headers : [...after.headers, 'status'];
  return { ...after, headers, rows: kept.map((row, i) => row.copy(i + 2)) };
}

function sameValues(a: CsvRow, b: CsvRow, headers: readonly string[]): boolean {
  return headers.every((h) => (a.get(h) ?? '') === (b.get(h) ?? ''));
}
