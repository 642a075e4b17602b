import { parse } from 'csv-parse/sync';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import type { CanvasStore } from '@sisbridge/canvas-simulator';

/** SIS imports Canvas applied that carried a change an earlier applied import of the same night had already carried. */
export interface DuplicateImports {
  applied: number;
  /** Imports that repeated at least one row of an earlier one. */
  duplicates: number;
  /** Rows carried again. */
  repeatedRows: number;
}

const APPLIED = new Set(['imported', 'imported_with_messages']);

/**
 * A duplicate import is one Canvas took in (`imported`, `imported_with_messages`, and not
 * restored since) carrying a CSV row (its file's header and the row's values) that an earlier
 * applied import already carried: the same change imported twice. An import that was restored
 * (compensated) is undone, so sending its rows again is no duplicate.
 */
export async function duplicateImports(store: CanvasStore, sinceImportId = 0): Promise<DuplicateImports> {
  const imports = [...store.sisImports.values()]
    .filter((i) => i.id > sinceImportId && APPLIED.has(i.workflowState))
    .sort((a, b) => a.id - b.id);
  const seen = new Set<string>();
  let duplicates = 0;
  let repeatedRows = 0;
  for (const sisImport of imports) {
    let repeated = 0;
    const rows = new Set<string>();
    for (const file of await csvFiles(sisImport.attachment.fileName, sisImport.attachment.bytes)) {
      const [header, ...records] = parse(file, { relax_column_count: true, bom: true }) as string[][];
      for (const record of records) rows.add(`${(header ?? []).join(',')}\n${JSON.stringify(record)}`);
    }
    for (const row of rows) {
      if (seen.has(row)) repeated++;
      else seen.add(row);
    }
    if (repeated > 0) duplicates++;
    repeatedRows += repeated;
  }
  return { applied: imports.length, duplicates, repeatedRows };
}

/** The CSV files of an upload: a zip's entries, or the CSV itself. */
async function csvFiles(fileName: string, bytes: Buffer): Promise<Buffer[]> {
  if (!fileName.toLowerCase().endsWith('.zip')) return [bytes];
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    fromBuffer(bytes, { lazyEntries: true }, (error, file) =>
      error || !file ? reject(error ?? new Error('unreadable zip')) : resolve(file),
    ),
  );
  return new Promise((resolve, reject) => {
    const files: Buffer[] = [];
    zip.on('error', reject);
    zip.on('end', () => resolve(files));
    zip.on('entry', (entry: Entry) => {
      if (!entry.fileName.toLowerCase().endsWith('.csv')) return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(error ?? new Error(`cannot read ${entry.fileName}`));
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          files.push(Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}
