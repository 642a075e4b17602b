import { fromBuffer, type Entry, type ZipFile } from 'yauzl';

export interface AttachmentEntry {
  name: string;
  bytes: Buffer;
}

export type AttachmentContents = { ok: true; entries: AttachmentEntry[]; skipped: string[] } | { ok: false; message: string };

/** Zip entries Canvas ignores: macOS resource forks, Windows thumbnails, dot files (canvas.md §1.1). */
const IGNORE_FILES = /__macosx|desktop d[bf]|(^|\/)\..*/i;

/** Canvas refuses a zip whose contents are this many times its own size (a zip bomb). */
const MAX_EXPANSION_RATIO = 100;

/**
 * The files of an upload: the entries of a zip, or the CSV itself. Entries that are not `.csv`
 * come back in `skipped` (Canvas warns "Skipping unknown file type"); empty files are dropped.
 */
export async function readAttachment(fileName: string, bytes: Buffer): Promise<AttachmentContents> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return { ok: true, entries: bytes.length > 0 ? [{ name: fileName, bytes }] : [], skipped: [] };
  if (!lower.endsWith('.zip')) return { ok: true, entries: [], skipped: [fileName] };
  try {
    return await readZip(bytes);
  } catch (error) {
    return {
      ok: false,
      message: `Error while importing CSV. Please contact support. (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

function readZip(bytes: Buffer): Promise<AttachmentContents> {
  return new Promise((resolve, reject) => {
    fromBuffer(bytes, { lazyEntries: true }, (openError, zip?: ZipFile) => {
      if (openError || !zip) return reject(openError ?? new Error('unreadable zip'));
      const entries: AttachmentEntry[] = [];
      const skipped: string[] = [];
      let expanded = 0;
      zip.on('error', reject);
      zip.on('end', () => resolve({ ok: true, entries, skipped }));
      zip.on('entry', (entry: Entry) => {
        const name = entry.fileName;
        if (name.endsWith('/') || IGNORE_FILES.test(name)) return zip.readEntry();
        expanded += entry.uncompressedSize;
        if (expanded >= MAX_EXPANSION_RATIO * bytes.length) {
          zip.close();
          return resolve({ ok: false, message: 'Zip file is too large to extract: its contents are 100 times its size' });
        }
        if (!name.toLowerCase().endsWith('.csv')) {
          skipped.push(name);
          return zip.readEntry();
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error(`cannot read ${name}`));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            const content = Buffer.concat(chunks);
            if (content.length > 0) entries.push({ name, bytes: content });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
