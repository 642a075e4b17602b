import type { RosterChange, RosterEnrollment, RosterUser } from '@sisbridge/roster';
import { CsvFileWriter } from './csv/csv-file-writer';
import type { SisCsvKind } from './csv/sis-csv-rows';
import { buildAccountRows } from './builders/accounts.builder';
import type { BuildContext, BuildProblem } from './builders/build-context';
import { buildCourseRows } from './builders/courses.builder';
import type { RowDelta } from './builders/derived-rows';
import { buildEnrollmentRow } from './builders/enrollments.builder';
import { buildSectionRows } from './builders/sections.builder';
import { buildTermRows } from './builders/terms.builder';
import { buildUserRow } from './builders/users.builder';

/** Per Canvas kind: rows to send, and how many create, update and delete something. */
export type SisImportCounts = Record<SisCsvKind, { rows: number; created: number; updated: number; deleted: number }>;

export interface SisImportPlan {
  files: Array<{ name: string; content: Buffer }>;
  counts: SisImportCounts;
  /** Changes that could not become rows, each with the reason (also stored for operators). */
  problems: BuildProblem[];
  /** Schools and terms gone from PowerSchool that are kept in Canvas on purpose. */
  kept: { accounts: string[]; terms: string[] };
  /** Roster changes the builders looked at (the denominator of "rows per changed row"). */
  changesConsidered: number;
}

export interface PlanInput {
  context: BuildContext;
  /** Changes of the two big kinds, streamed from the stored diff. */
  userChanges: AsyncIterable<RosterChange<RosterUser>>;
  enrollmentChanges: AsyncIterable<RosterChange<RosterEnrollment>>;
  /** How many changes the small kinds had (for the ratio). */
  smallKindChanges: number;
}

/**
 * Turns a roster diff into the SIS Import files: the small kinds from both snapshots, the big
 * kinds change by change. Pure: the same diff and settings give the same files.
 */
export async function planSisImport(input: PlanInput): Promise<SisImportPlan> {
  const { context } = input;
  const counts = emptyCounts();
  const problems: BuildProblem[] = [];
  const files: Array<{ name: string; content: Buffer }> = [];

  const accounts = buildAccountRows(context);
  const terms = buildTermRows(context);
  addDerived(files, counts, 'accounts', accounts);
  addDerived(files, counts, 'terms', terms);
  addDerived(files, counts, 'courses', buildCourseRows(context));
  addDerived(files, counts, 'sections', buildSectionRows(context));

  let changesConsidered = input.smallKindChanges;
  const users = new CsvFileWriter('users');
  for await (const change of input.userChanges) {
    changesConsidered++;
    const result = buildUserRow(change, context);
    if (!result) continue;
    if ('problem' in result) problems.push(result.problem);
    else {
      users.add(result.row);
      tally(counts.users, result.op);
    }
  }
  pushFile(files, users);

  const enrollments = new CsvFileWriter('enrollments');
  for await (const change of input.enrollmentChanges) {
    changesConsidered++;
    const result = buildEnrollmentRow(change, context);
    if (!result) continue;
    if ('problem' in result) problems.push(result.problem);
    else {
      enrollments.add(result.row);
      tally(counts.enrollments, result.op);
    }
  }
  pushFile(files, enrollments);
  counts.users.rows = users.rowCount;
  counts.enrollments.rows = enrollments.rowCount;

  return { files, counts, problems, kept: { accounts: accounts.kept, terms: terms.kept }, changesConsidered };
}

export function totalRows(counts: SisImportCounts): number {
  return Object.values(counts).reduce((sum, count) => sum + count.rows, 0);
}

function addDerived<K extends 'accounts' | 'terms' | 'courses' | 'sections'>(
  files: Array<{ name: string; content: Buffer }>,
  counts: SisImportCounts,
  kind: K,
  delta: RowDelta<Parameters<CsvFileWriter<K>['add']>[0]>,
): void {
  const writer = new CsvFileWriter(kind);
  for (const row of delta.rows) writer.add(row);
  counts[kind] = { rows: writer.rowCount, created: delta.created, updated: delta.updated, deleted: delta.deleted };
  pushFile(files, writer);
}

function pushFile(files: Array<{ name: string; content: Buffer }>, writer: CsvFileWriter<SisCsvKind>): void {
  const content = writer.finish();
  if (content) files.push({ name: writer.fileName, content });
}

function tally(count: SisImportCounts[SisCsvKind], op: 'create' | 'update' | 'delete'): void {
  if (op === 'create') count.created++;
  else if (op === 'update') count.updated++;
  else count.deleted++;
}

function emptyCounts(): SisImportCounts {
  const zero = () => ({ rows: 0, created: 0, updated: 0, deleted: 0 });
  return { accounts: zero(), terms: zero(), courses: zero(), sections: zero(), users: zero(), enrollments: zero() };
}
