import { ZipFile } from 'yazl';

/** Zips the CSV files (deflated) into one buffer for the SIS Imports API. */
export function zipFiles(files: ReadonlyArray<{ name: string; content: Buffer }>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new ZipFile();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    // A fixed timestamp keeps the same rows byte-for-byte the same zip.
    for (const file of files) zip.addBuffer(file.content, file.name, { mtime: new Date(Date.UTC(2000, 0, 1)) });
    zip.end();
  });
}
