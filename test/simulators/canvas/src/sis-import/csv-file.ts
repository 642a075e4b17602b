import { parse } from 'csv-parse/sync';
import { recogniseKind, type SisFileKind } from './file-kinds';

/** One data row. Values are trimmed and blank means absent, as Canvas's CSV converters make them. */
export class CsvRow {
  constructor(
    /** 1-based line number counting the header row. */
    readonly line: number,
    private readonly values: ReadonlyMap<string, string>,
    /** The row as it was in the file, for `row_info`. */
    readonly raw: string,
  ) {}

  get(column: string): string | undefined {
    const value = this.values.get(column)?.trim();
    return value ? value : undefined;
  }

  /** The row's values by column, for diffing. */
  entries(): ReadonlyMap<string, string> {
    return this.values;
  }

  /** This row as line `line` of another file, with `column` set to `value` if given. */
  copy(line: number, column?: string, value?: string): CsvRow {
    if (column === undefined || value === undefined) return new CsvRow(line, this.values, this.raw);
    const values = new Map(this.values);
    values.set(column, value);
    return new CsvRow(line, values, [...values.values()].join(','));
  }
}

export interface CsvFile {
  /** The name the errors report: the path inside the zip, or the uploaded file's name. */
  name: string;
  kind: SisFileKind;
  headers: string[];
  rows: CsvRow[];
}

export type CsvReadResult = { ok: true; file: CsvFile } | { ok: false; message: string };

/**
 * Reads one CSV the way Canvas's importer does: UTF-8 is checked first ("Invalid UTF-8"), a parse
 * error is "Malformed CSV", and a header row that matches no importer is "Couldn't find Canvas CSV
 * import headers". Headers are lower-cased.
 */
export function readCsvFile(name: string, bytes: Buffer): CsvReadResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: 'Invalid UTF-8' };
  }
  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      raw: true,
      info: true,
    }) as unknown as typeof records;
  } catch {
    return { ok: false, message: 'Malformed CSV' };
  }
  const [header, ...data] = records;
  const headers = (header?.record ?? []).map((h) => h.trim().toLowerCase());
  const kind = recogniseKind(headers);
  if (!kind) return { ok: false, message: "Couldn't find Canvas CSV import headers" };
  const rows = data.map(({ record, info, raw }) => {
    const values = new Map<string, string>();
    headers.forEach((column, i) => {
      if (!values.has(column)) values.set(column, record[i] ?? '');
    });
    const innerNewlines = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    return new CsvRow(info.lines - innerNewlines, values, raw.trim());
  });
  return { ok: true, file: { name, kind, headers, rows } };
}
