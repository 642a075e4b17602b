import { Readable } from 'node:stream';
import { deflateSync, gzipSync } from 'node:zlib';
import { BodyTooLargeError, decodeBoundedBody, readBoundedBody } from './bounded-body';

describe('request bodies within limits', () => {
  it('reads a body up to its limit and stops past it', async () => {
    const chunks = [Buffer.alloc(600, 'a'), Buffer.alloc(600, 'b')];
    expect((await readBoundedBody(Readable.from(chunks), 1200)).length).toBe(1200);
    await expect(readBoundedBody(Readable.from(chunks), 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('decompresses gzip and deflate, and stops a compression bomb at the limit', async () => {
    const xml = Buffer.from('<SIF_Message>' + 'x'.repeat(5000) + '</SIF_Message>');
    expect((await decodeBoundedBody(gzipSync(xml), 'gzip', 10_000))?.equals(xml)).toBe(true);
    expect((await decodeBoundedBody(deflateSync(xml), 'deflate', 10_000))?.equals(xml)).toBe(true);
    // 64 MiB of zeros compress to about 64 KiB: decompressed only up to the limit, never whole.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expect(decodeBoundedBody(bomb, 'gzip', 1024 * 1024)).rejects.toThrow('the decompressed body is larger than 1048576 bytes');
    expect(await decodeBoundedBody(xml, 'br', 10_000)).toBeUndefined();
    expect((await decodeBoundedBody(xml, undefined, 10))?.equals(xml)).toBe(true);
  });
});
