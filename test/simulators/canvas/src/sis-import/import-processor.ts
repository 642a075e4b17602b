import type { CanvasStore } from '../model/canvas-store';
import { readAttachment } from './attachment-reader';
import { readCsvFile, type CsvFile } from './csv-file';
import { diffAgainstPrevious } from './diffing';
import { countKey, IMPORTED_KINDS, SIS_FILE_KINDS, type SisFileKind } from './file-kinds';
import { ImportContext } from './import-context';
import { importAccounts } from './importers/account-importer';
import { importCourses } from './importers/course-importer';
import { importEnrollments } from './importers/enrollment-importer';
import { importSections } from './importers/section-importer';
import { importTerms } from './importers/term-importer';
import { importUsers } from './importers/user-importer';
import { buildErrorsFile, buildStatistics } from './import-report';
import type { SisImport } from './sis-import';

/** The files to apply, after reading, header checks and diffing. */
export interface PreparedImport {
  files: CsvFile[];
}

export type Preparation = { kind: 'ready'; prepared: PreparedImport } | { kind: 'fatal'; message: string } | { kind: 'empty_diff' };

/** After this many consecutive imports of a data set skip diffing, the next ones fail until a remaster. */
const MAX_CONSECUTIVE_DIFF_THRESHOLD_BREACHES = 5;

const IMPORTERS: Partial<Record<SisFileKind, (ctx: ImportContext, file: CsvFile) => number>> = {
  account: importAccounts,
  term: importTerms,
  course: importCourses,
  section: importSections,
  user: importUsers,
  enrollment: importEnrollments,
};

/**
 * Opens the upload, reads each CSV and recognises it by its headers, then applies diffing. File
 * problems are recorded as failures (the other files still import, but the import ends failed).
 */
export async function prepareImport(store: CanvasStore, sisImport: SisImport): Promise<Preparation> {
  const ctx = new ImportContext(store, sisImport);
  const files = await readFiles(ctx, sisImport.attachment, (name, bytes) => sisImport.csvFileIds.push(storeCsvFile(store, name, bytes)));
  if ('fatal' in files) return { kind: 'fatal', message: files.fatal };
  const identifier = sisImport.options.diffingDataSetIdentifier;
  if (!identifier || sisImport.options.diffingRemaster) {
    sisImport.usableAsDiffBase = sisImport.options.diffingRemaster;
    return { kind: 'ready', prepared: { files } };
  }

  const sameDataSet = [...store.sisImports.values()]
    .filter((i) => i.id !== sisImport.id && i.options.diffingDataSetIdentifier === identifier)
    .sort((a, b) => a.id - b.id);
  if (consecutiveBreaches(sameDataSet) >= MAX_CONSECUTIVE_DIFF_THRESHOLD_BREACHES) {
    ctx.fail(
      null,
      `Diffing was skipped for ${MAX_CONSECUTIVE_DIFF_THRESHOLD_BREACHES} consecutive imports of data set ${identifier} because the change_threshold was exceeded; send diffing_remaster_data_set=true to continue`,
    );
    return { kind: 'ready', prepared: { files: [] } };
  }
  const succeeded = sameDataSet.filter((i) => i.workflowState === 'imported' || i.workflowState === 'imported_with_messages');
  const base = [...succeeded].reverse().find((i) => i.usableAsDiffBase) ?? succeeded[0];
  if (!base) return { kind: 'ready', prepared: { files } };

  const threshold = sisImport.options.changeThreshold;
  const previousSize = base.attachment.bytes.length;
  const currentSize = sisImport.attachment.bytes.length;
  if (threshold !== null && Math.abs(1 - previousSize / currentSize) > threshold / 100) {
    sisImport.diffingThresholdExceeded = true;
    ctx.warn(null, 'Diffing not performed because file size difference exceeded threshold');
    return { kind: 'ready', prepared: { files } };
  }
  const previousFiles = await readFiles(new ImportContext(store, { ...base, errors: [] }), base.attachment);
  if ('fatal' in previousFiles) return { kind: 'ready', prepared: { files } };
  const diff = diffAgainstPrevious(previousFiles, files, sisImport.options, (file, message) => ctx.warn(file, message));
  const rowLimit = sisImport.options.diffRowCountThreshold;
  if (rowLimit !== null && diff.rowCount > rowLimit) {
    ctx.warn(null, 'Diffing not performed because difference row count exceeded threshold');
    return { kind: 'ready', prepared: { files } };
  }
  sisImport.diffedAgainstImportId = base.id;
  sisImport.usableAsDiffBase = true;
  if (diff.rowCount === 0) return { kind: 'empty_diff' };
  return { kind: 'ready', prepared: { files: diff.files } };
}

function consecutiveBreaches(imports: readonly SisImport[]): number {
  let count = 0;
  for (const previous of [...imports].reverse()) {
    if (previous.options.diffingRemaster || !previous.diffingThresholdExceeded) break;
    count++;
  }
  return count;
}

async function readFiles(
  ctx: ImportContext,
  attachment: SisImport['attachment'],
  keep: (name: string, bytes: Buffer) => void = () => undefined,
): Promise<CsvFile[] | { fatal: string }> {
  const contents = await readAttachment(attachment.fileName, attachment.bytes);
  if (!contents.ok) return { fatal: contents.message };
  for (const name of contents.skipped) ctx.warn(name, 'Skipping unknown file type');
  const files: CsvFile[] = [];
  for (const entry of contents.entries) {
    keep(entry.name, entry.bytes);
    const result = readCsvFile(entry.name, entry.bytes);
    if (!result.ok) {
      ctx.fail(entry.name, result.message);
      continue;
    }
    if (!IMPORTED_KINDS.has(result.file.kind)) {
      ctx.warn(entry.name, `${countKey(result.file.kind)} files are not imported by the Canvas simulator; the file was skipped`);
      continue;
    }
    files.push(result.file);
  }
  return files;
}

/** Keeps an uploaded CSV as a file, as Canvas lists them in `csv_attachments`. */
function storeCsvFile(store: CanvasStore, name: string, bytes: Buffer): number {
  const id = store.nextId();
  store.files.set(id, { id, displayName: name.split('/').pop() ?? name, contentType: 'text/csv', bytes, createdAt: store.now() });
  return id;
}

/**
 * Runs the importers in Canvas's fixed order and counts the rows each applied. With `crashAfter`
 * (fault injection), the import dies once that kind is applied, the way a Canvas job does when a
 * worker fails mid-import: what was applied stays applied, and the import ends failed.
 */
export function applyRows(ctx: ImportContext, prepared: PreparedImport, crashAfter?: SisFileKind): void {
  const { sisImport } = ctx;
  for (const kind of SIS_FILE_KINDS) sisImport.counts[countKey(kind)] = 0;
  sisImport.suppliedBatches = SIS_FILE_KINDS.filter((kind) => prepared.files.some((f) => f.kind === kind));
  for (const kind of SIS_FILE_KINDS) {
    const importer = IMPORTERS[kind];
    if (!importer) continue;
    for (const file of prepared.files.filter((f) => f.kind === kind)) {
      sisImport.counts[countKey(kind)] = (sisImport.counts[countKey(kind)] ?? 0) + importer(ctx, file);
    }
    if (kind === crashAfter) {
      const next = prepared.files.find((f) => SIS_FILE_KINDS.indexOf(f.kind) > SIS_FILE_KINDS.indexOf(kind));
      ctx.fail(next?.name ?? null, 'Error while importing CSV. Please contact support.');
      return;
    }
  }
}

/**
 * Ends the import as Canvas's `finish` does: `failed_with_messages` if any error is a failure,
 * `imported_with_messages` if there is any message, `imported` otherwise; an aborted import stays
 * aborted. `fatal` (the upload could not be opened at all) is `failed` with the reason in
 * `data.error_message`, as Canvas records a crashed import.
 */
export function finishImport(store: CanvasStore, sisImport: SisImport, fatal?: string): void {
  const now = store.now();
  if (fatal !== undefined) {
    sisImport.workflowState = 'failed';
    sisImport.fatalError = fatal;
  } else if (sisImport.workflowState !== 'aborted') {
    const hasMessages = sisImport.errors.length > 0;
    const failed = sisImport.errors.some((e) => e.failure);
    sisImport.workflowState = failed ? 'failed_with_messages' : hasMessages ? 'imported_with_messages' : 'imported';
  }
  sisImport.counts['error_count'] = sisImport.errors.filter((e) => e.failure).length;
  sisImport.counts['warning_count'] = sisImport.errors.filter((e) => !e.failure).length;
  if (sisImport.errors.length > 0) sisImport.errorsFileId = buildErrorsFile(store, sisImport);
  sisImport.statistics = buildStatistics(sisImport);
  if (sisImport.workflowState !== 'failed' && sisImport.workflowState !== 'failed_with_messages') sisImport.progress = 100;
  sisImport.endedAt = now;
  sisImport.updatedAt = now;
}
