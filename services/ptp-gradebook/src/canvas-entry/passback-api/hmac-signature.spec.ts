import { createHmac } from 'node:crypto';
import { signRequest, verifyRequestSignature, type SignedRequest } from './hmac-signature';

describe('HMAC request signatures', () => {
  const secret = 'district-secret';
  const now = new Date('2026-11-29T12:00:00Z');
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const request: SignedRequest = {
    timestamp,
    method: 'POST',
    path: '/passback',
    body: '{"districtId":"springfield","teacherSisId":"T4711"}',
  };
  const verify = (signature: string, changes: Partial<SignedRequest> = {}, toleranceSeconds = 300) =>
    verifyRequestSignature(secret, { ...request, ...changes }, signature, { now, toleranceSeconds });

  it('signs the documented string: timestamp, method, path and body, joined by newlines', () => {
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}\nPOST\n/passback\n${String(request.body)}`)
      .digest('hex');
    expect(signRequest(secret, request)).toBe(`v1=${expected}`);
    expect(verify(`v1=${expected}`)).toEqual({ ok: true });
  });

  it('takes the body as bytes, exactly as sent', () => {
    const bytes = Buffer.from(String(request.body), 'utf8');
    expect(verify(signRequest(secret, { ...request, body: bytes }), { body: bytes })).toEqual({ ok: true });
    expect(verify(signRequest(secret, request), { body: `${String(request.body)} ` })).toMatchObject({
      ok: false,
      problem: 'mismatch',
      reason: expect.stringContaining('does not match'),
    });
  });

  it('refuses another method, path, body or secret', () => {
    const signature = signRequest(secret, request);
    expect(verify(signature, { method: 'GET' }).ok).toBe(false);
    expect(verify(signature, { path: '/passback?x=1' }).ok).toBe(false);
    expect(verify(signature, { body: '{}' }).ok).toBe(false);
    expect(verifyRequestSignature('other', request, signature, { now, toleranceSeconds: 300 }).ok).toBe(false);
  });

  it('accepts a timestamp within the tolerance either way, and refuses one outside it', () => {
    const at = (offset: number) => ({ ...request, timestamp: String(Number(timestamp) + offset) });
    expect(verify(signRequest(secret, at(-300)), at(-300))).toEqual({ ok: true });
    expect(verify(signRequest(secret, at(299)), at(299))).toEqual({ ok: true });
    expect(verify(signRequest(secret, at(-301)), at(-301))).toEqual({
      ok: false,
      problem: 'stale',
      reason: "X-Sisbridge-Timestamp is 301 s away from the service's clock (at most 300 s): sign each request when it is sent",
    });
    expect(verify(signRequest(secret, at(3600)), at(3600)).ok).toBe(false);
  });

  it('explains a malformed timestamp or signature', () => {
    expect(verify(signRequest(secret, request), { timestamp: '2026-11-29T12:00:00Z' })).toEqual({
      ok: false,
      problem: 'malformed',
      reason: 'X-Sisbridge-Timestamp must be the Unix time in seconds',
    });
    expect(verify('sha256=abc')).toEqual({
      ok: false,
      problem: 'malformed',
      reason: 'X-Sisbridge-Signature must be "v1=" followed by 64 lower-case hex digits',
    });
    expect(verify(`v1=${'A'.repeat(64)}`).ok).toBe(false);
  });
});
