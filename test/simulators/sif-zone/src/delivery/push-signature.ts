import { createHmac } from 'node:crypto';

/**
 * How a push proves it comes from the district's zone: an HMAC-SHA256, with the district's
 * shared secret, over the timestamp and the exact body bytes, as sisbridge's push endpoint checks
 * it (the scheme of its passback API, with the body as the whole message):
 *
 *   X-Sisbridge-Timestamp: <Unix time, seconds>
 *   X-Sisbridge-Signature: v1=<lower-case hex HMAC-SHA256(secret, "<timestamp>.<body bytes>")>
 */
export function pushSignatureHeaders(secret: string, body: Buffer, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return { 'X-Sisbridge-Timestamp': timestamp, 'X-Sisbridge-Signature': `v1=${signature}` };
}
