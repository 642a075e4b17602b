import { DistrictRegistry, parseDistricts } from '@sisbridge/district-config';
import { hmacSignature } from '@sisbridge/service-kit';
import { PushAuthenticator } from './push-authenticator';
import { pushSignedParts } from './push-signature';

const NOW = new Date('2026-12-07T15:00:00Z');
const SECRET = 'the-springfield-push-secret';

function registry(): DistrictRegistry {
  const base = {
    name: 'D',
    timeZone: 'America/Chicago',
    canvas: { baseUrl: 'http://canvas.example', rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN' },
  };
  const districts = parseDistricts('test', 'test', {
    districts: [
      { ...base, id: 'signed', sif: { zoneUrl: 'http://zis.example/zone/A', mode: 'push', push: { secretEnv: 'PUSH_SECRET' } } },
      {
        ...base,
        id: 'mtls',
        sif: { zoneUrl: 'http://zis.example/zone/B', mode: 'push', push: { clientCertSubject: 'CN=zis.b.example, O=District B' } },
      },
      {
        ...base,
        id: 'both',
        sif: {
          zoneUrl: 'http://zis.example/zone/C',
          mode: 'push',
          push: { secretEnv: 'PUSH_SECRET', clientCertSubject: 'CN=zis.c.example' },
        },
      },
      { ...base, id: 'pulling', sif: { zoneUrl: 'http://zis.example/zone/D', mode: 'pull' } },
    ],
  });
  return new DistrictRegistry(districts, { PUSH_SECRET: SECRET });
}

function signed(body: Buffer, at: Date = NOW, secret = SECRET): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { 'x-sisbridge-timestamp': timestamp, 'x-sisbridge-signature': hmacSignature(secret, pushSignedParts(timestamp, body)) };
}

function verify(districtId: string, headers: Record<string, string>, body: Buffer) {
  const authenticator = new PushAuthenticator(registry(), () => NOW);
  const target = authenticator.pushDistrict(districtId);
  return target.ok ? authenticator.verify(target, headers, body) : target;
}

describe('who may push to a district', () => {
  const body = Buffer.from('<SIF_Message/>');

  it('accepts a body signed with the district secret within the tolerance, and refuses every other signature', () => {
    expect(verify('signed', signed(body), body)).toMatchObject({ ok: true });
    expect(verify('signed', signed(body, new Date(NOW.getTime() - 299_000)), body)).toMatchObject({ ok: true });
    expect(verify('signed', {}, body)).toMatchObject({ ok: false, reason: 'no-credentials' });
    expect(verify('signed', signed(body, NOW, 'another-secret'), body)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verify('signed', signed(Buffer.from('<SIF_Message>changed</SIF_Message>')), body)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    const old = verify('signed', signed(body, new Date(NOW.getTime() - 301_000)), body);
    expect(old).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(old.ok ? '' : old.detail).toContain('away from the service');
    expect(verify('signed', { ...signed(body), 'x-sisbridge-signature': 'v1=zz' }, body)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('accepts the client certificate subject the Ingress verified, spacing aside, and nothing else', () => {
    expect(verify('mtls', { 'ssl-client-subject-dn': 'CN=zis.b.example,O=District B' }, body)).toMatchObject({ ok: true });
    expect(verify('mtls', { 'ssl-client-subject-dn': 'CN=zis.evil.example,O=District B' }, body)).toMatchObject({
      ok: false,
      reason: 'client-certificate',
    });
    expect(verify('mtls', {}, body)).toMatchObject({ ok: false, reason: 'client-certificate' });
  });

  it('asks for both when a district names both', () => {
    const subject = { 'ssl-client-subject-dn': 'CN=zis.c.example' };
    expect(verify('both', { ...subject, ...signed(body) }, body)).toMatchObject({ ok: true });
    expect(verify('both', subject, body)).toMatchObject({ ok: false, reason: 'no-credentials' });
    expect(verify('both', signed(body), body)).toMatchObject({ ok: false, reason: 'client-certificate' });
  });

  it('takes no push for a pull-mode or unknown district, whatever it carries', () => {
    expect(verify('pulling', signed(body), body)).toMatchObject({ ok: false, reason: 'pull-mode' });
    expect(verify('atlantis', signed(body), body)).toMatchObject({ ok: false, reason: 'unknown-district' });
  });

  it('checks at start-up that every push secret is set', () => {
    const authenticator = new PushAuthenticator(new DistrictRegistry(registry().districts, {}));
    expect(() => authenticator.assertSecrets()).toThrow(
      'district signed: sif.push.secretEnv names the environment variable PUSH_SECRET, which is not set',
    );
  });
});
