import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 request signatures, the scheme sisbridge's endpoints share:
 *
 *   X-Sisbridge-Timestamp: <Unix time in seconds>
 *   X-Sisbridge-Signature: v1=<lower-case hex HMAC-SHA256(secret, signed text)>
 *
 * Each endpoint says what its signed text is (always starting with the timestamp, always ending
 * with the exact body bytes). A request is accepted while its timestamp is within the tolerance of
 * the service's clock, either way; the comparison takes constant time.
 */
export const SIGNATURE_HEADER = 'x-sisbridge-signature';
export const TIMESTAMP_HEADER = 'x-sisbridge-timestamp';
const VERSION = 'v1=';

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

/** `v1=<hex>` for the signed parts (text and bytes, hashed in order). */
export function hmacSignature(secret: string, parts: ReadonlyArray<string | Buffer>): string {
  return `${VERSION}${digest(secret, parts).toString('hex')}`;
}

export function verifyHmacSignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  signedParts: (timestamp: string) => ReadonlyArray<string | Buffer>,
  options: { now: Date; toleranceSeconds: number },
): SignatureVerdict {
  if (timestamp === undefined || signature === undefined)
    return { ok: false, reason: 'no X-Sisbridge-Timestamp and X-Sisbridge-Signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Sisbridge-Timestamp must be the Unix time in seconds' };
  const skew = Math.abs(options.now.getTime() / 1000 - Number(timestamp));
  if (skew > options.toleranceSeconds) {
    return {
      ok: false,
      reason: `X-Sisbridge-Timestamp is ${Math.floor(skew)} s away from the service's clock (at most ${options.toleranceSeconds} s)`,
    };
  }
  const presented = signature.startsWith(VERSION) ? signature.slice(VERSION.length) : '';
  if (!/^[0-9a-f]{64}$/.test(presented))
    return { ok: false, reason: 'X-Sisbridge-Signature must be "v1=" followed by 64 lower-case hex digits' };
  // Constant time: a comparison that stops at the first wrong byte would leak the signature byte by byte.
  if (!timingSafeEqual(Buffer.from(presented, 'hex'), digest(secret, signedParts(timestamp)))) {
    return { ok: false, reason: 'the signature does not match (secret, timestamp or body differ)' };
  }
  return { ok: true };
}

function digest(secret: string, parts: ReadonlyArray<string | Buffer>): Buffer {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}
