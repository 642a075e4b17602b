import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    what: string,
  ) {
    super(`${what} is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body into memory, stopping as soon as it passes `limit` bytes. */
export async function readBoundedBody(body: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit, 'the body');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, size);
}

/**
 * The body as the sender meant it: gzip and deflate are decompressed, stopping at `limit` bytes
 * of output (zlib's `maxOutputLength`), so a compression bomb costs at most that much memory.
 * Undefined for an encoding this endpoint does not take.
 */
export async function decodeBoundedBody(body: Buffer, contentEncoding: string | undefined, limit: number): Promise<Buffer | undefined> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  try {
    if (encoding === '' || encoding === 'identity') return body;
    if (encoding === 'gzip' || encoding === 'x-gzip') return await gunzipAsync(body, { maxOutputLength: limit });
    if (encoding === 'deflate') return await inflateAsync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLargeError(limit, 'the decompressed body');
    throw error;
  }
  return undefined;
}
