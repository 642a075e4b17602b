import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC request signing for the passback API, for Canvas-side automation that prefers a shared
 * secret it never sends over a bearer token it sends on every call.
 *
 *   X-Sisbridge-Timestamp: <Unix time in seconds>
 *   X-Sisbridge-Signature: v1=<lower-case hex HMAC-SHA256(secret, signed string)>
 *
 * The signed string is the timestamp, the method, the path (with its query string, as sent) and
 * the exact body bytes, joined by newlines:
 *
 *   `${timestamp}\n${METHOD}\n${path}\n${body}`      e.g. "1767225600\nPOST\n/passback\n{"districtId":…}"
 *
 * A request is accepted while its timestamp is within the district's `api.hmacToleranceSeconds`
 * (default 300) of the service's clock, either way. Signing the method and path stops a captured
 * signature from being replayed against another URL; the timestamp bounds replays in time (and a
 * replayed start only joins the teacher's run, which is what a repeated click does anyway).
 */
/** Header names as Node gives them (lower case); the messages use the documented spelling. */
export const SIGNATURE_HEADER = 'x-sisbridge-signature';
export const TIMESTAMP_HEADER = 'x-sisbridge-timestamp';
const VERSION = 'v1=';

export interface SignedRequest {
  timestamp: string;
  method: string;
  /** Path and query string as sent, e.g. `/passback` or `/passback/springfield/…/runs/…`. */
  path: string;
  body: Buffer | string;
}

export function signRequest(secret: string, request: SignedRequest): string {
  return `${VERSION}${digest(secret, request).toString('hex')}`;
}

/**
 * `malformed` is about the request alone and may be told to anyone; `mismatch` depends on the
 * district's secret, so callers answer it like any other refused credential; `stale` is only
 * found once the signature matches, so only a holder of the secret learns that its clock is off.
 */
export type SignatureVerdict = { ok: true } | { ok: false; problem: 'malformed' | 'stale' | 'mismatch'; reason: string };

export function verifyRequestSignature(
  secret: string,
  request: SignedRequest,
  signature: string,
  options: { now: Date; toleranceSeconds: number },
): SignatureVerdict {
  if (!/^\d{1,12}$/.test(request.timestamp))
    return { ok: false, problem: 'malformed', reason: 'X-Sisbridge-Timestamp must be the Unix time in seconds' };
  const presented = signature.startsWith(VERSION) ? signature.slice(VERSION.length) : '';
  if (!/^[0-9a-f]{64}$/.test(presented))
    return { ok: false, problem: 'malformed', reason: 'X-Sisbridge-Signature must be "v1=" followed by 64 lower-case hex digits' };
  const expected = digest(secret, request);
  // Constant time: a comparison that stops at the first wrong byte would leak the signature byte by byte.
  if (!timingSafeEqual(Buffer.from(presented, 'hex'), expected))
    return {
      ok: false,
      problem: 'mismatch',
      reason: 'the signature does not match this request (secret, timestamp, method, path or body differ)',
    };
  const skew = Math.abs(options.now.getTime() / 1000 - Number(request.timestamp));
  if (skew > options.toleranceSeconds) {
    return {
      ok: false,
      problem: 'stale',
      reason: `X-Sisbridge-Timestamp is ${Math.floor(skew)} s away from the service's clock (at most ${options.toleranceSeconds} s): sign each request when it is sent`,
    };
  }
  return { ok: true };
}

function digest(secret: string, request: SignedRequest): Buffer {
  return createHmac('sha256', secret)
    .update(`${request.timestamp}\n${request.method.toUpperCase()}\n${request.path}\n`)
    .update(request.body)
    .digest();
}
