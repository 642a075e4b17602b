import { createHmac } from 'node:crypto';

/**
 * Signs a passback API request as services/ptp-gradebook/README.md documents it, written here from
 * the documentation (not imported from the service), so the test checks the documented format:
 * `v1=` + hex HMAC-SHA256 of `${timestamp}\n${METHOD}\n${path}\n${body}`.
 */
export function signedHeaders(
  secret: string,
  method: string,
  path: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`${timestamp}\n${method}\n${path}\n${body}`).digest('hex');
  return { 'X-Sisbridge-Timestamp': String(timestamp), 'X-Sisbridge-Signature': `v1=${signature}` };
}
