import { stringify } from 'csv-stringify/sync';
import { SIS_CSV_FILES, type SisCsvKind, type SisCsvRows } from './sis-csv-rows';

/**
 * Writes one SIS CSV file: the header row, then rows in batches, quoted as Canvas expects
 * (fields with commas or quotes quoted, inner quotes doubled). UTF-8, LF line ends.
 */
export class CsvFileWriter<K extends SisCsvKind> {
  private readonly chunks: string[] = [];
  private pending: Array<SisCsvRows[K][number]> = [];
  rowCount = 0;

  constructor(readonly kind: K) {
    this.chunks.push(stringify([SIS_CSV_FILES[kind].columns as unknown as string[]]));
  }

  get fileName(): string {
    return SIS_CSV_FILES[this.kind].file;
  }

  add(row: SisCsvRows[K][number]): void {
    this.pending.push(row);
    this.rowCount++;
    if (this.pending.length >= 2_000) this.flush();
  }

  /** The whole file, or undefined when it has no rows (an empty file is simply not uploaded). */
  finish(): Buffer | undefined {
    this.flush();
    if (this.rowCount === 0) return undefined;
    return Buffer.from(this.chunks.join(''), 'utf8');
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const columns = SIS_CSV_FILES[this.kind].columns as unknown as string[];
    this.chunks.push(
      stringify(this.pending.map((row) => columns.map((column) => String((row as unknown as Record<string, unknown>)[column] ?? '')))),
    );
    this.pending = [];
  }
}
