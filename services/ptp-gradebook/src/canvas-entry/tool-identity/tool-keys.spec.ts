import { generateKeyPairSync } from 'node:crypto';
import { errors } from 'jose';
import { ConfigError } from '@sisbridge/config';
import { DistrictRegistry, MissingSecretError, parseDistricts } from '@sisbridge/district-config';
import { ToolKeys } from './tool-keys';

const district = (id: string) => ({
  id,
  name: id,
  timeZone: 'America/Chicago',
  sif: { zoneUrl: 'http://127.0.0.1:1/zone' },
  canvas: { baseUrl: 'http://127.0.0.1:2', rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN' },
  lti: {
    issuer: 'https://canvas.instructure.com',
    clientId: '1',
    deploymentIds: ['d'],
    jwksUrl: 'http://127.0.0.1:3/jwks',
    authorizationEndpoint: 'http://127.0.0.1:3/auth',
    toolPrivateKeyEnv: `KEY_${id.toUpperCase()}`,
  },
});
const pem = (bits = 2048) =>
  generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const registry = (env: Record<string, string>) =>
  new DistrictRegistry(parseDistricts('t', 'f', { districts: [district('north'), district('south')] }), env);

describe("the tool's keys", () => {
  it('publishes each district’s public key with a kid, and verifies only what it signed for that audience', async () => {
    const keys = await ToolKeys.load(registry({ KEY_NORTH: pem(), KEY_SOUTH: pem() }));
    const [north] = keys.keySet('north').keys;
    expect(north).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), e: 'AQAB' });
    expect(north).not.toHaveProperty('d');
    expect(keys.keySet('elsewhere')).toEqual({ keys: [] });

    const token = await keys.sign('south', { purpose: 'test' }, { issuer: 'https://tool', audience: 'page', expiresInSeconds: 60 });
    await expect(keys.verify(token, { issuer: 'https://tool', audience: 'page' })).resolves.toMatchObject({
      districtId: 'south',
      payload: { purpose: 'test', district: 'south' },
    });
    await expect(keys.verify(token, { issuer: 'https://tool', audience: 'state' })).rejects.toThrow(errors.JWTClaimValidationFailed);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), district: 'north' })).toString('base64url')}.${signature}`;
    await expect(keys.verify(forged, { issuer: 'https://tool', audience: 'page' })).rejects.toThrow(
      'signed with a key this tool does not have',
    );
  });

  it('serves two districts that share one key: each token is its own district’s, and naming the other breaks the signature', async () => {
    const shared = pem();
    const keys = await ToolKeys.load(registry({ KEY_NORTH: shared, KEY_SOUTH: shared }));
    expect(keys.keySet('north')).toEqual(keys.keySet('south'));
    for (const districtId of ['north', 'south']) {
      const token = await keys.sign(districtId, { purpose: 'test' }, { issuer: 'https://tool', audience: 'page', expiresInSeconds: 60 });
      await expect(keys.verify(token, { issuer: 'https://tool', audience: 'page' })).resolves.toMatchObject({
        districtId,
        payload: { district: districtId },
      });
    }
    const token = await keys.sign('south', { purpose: 'test' }, { issuer: 'https://tool', audience: 'page', expiresInSeconds: 60 });
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), district: 'north' })).toString('base64url')}.${signature}`;
    await expect(keys.verify(forged, { issuer: 'https://tool', audience: 'page' })).rejects.toThrow(errors.JWSSignatureVerificationFailed);
  });

  it('refuses expired tokens', async () => {
    const keys = await ToolKeys.load(registry({ KEY_NORTH: pem(), KEY_SOUTH: pem() }));
    const token = await keys.sign('north', {}, { issuer: 'i', audience: 'a', expiresInSeconds: -10 });
    await expect(keys.verify(token, { issuer: 'i', audience: 'a' })).rejects.toThrow(errors.JWTExpired);
  });

  it('stops start-up naming the variable when a key is missing, not a key, or too weak', async () => {
    await expect(ToolKeys.load(registry({ KEY_NORTH: pem() }))).rejects.toThrow(
      new MissingSecretError('south', 'lti.toolPrivateKeyEnv', 'KEY_SOUTH'),
    );
    await expect(ToolKeys.load(registry({ KEY_NORTH: pem(), KEY_SOUTH: 'hunter2' }))).rejects.toThrow(ConfigError);
    await expect(ToolKeys.load(registry({ KEY_NORTH: pem(), KEY_SOUTH: 'hunter2' }))).rejects.toThrow(
      'ptp-gradebook: invalid configuration: KEY_SOUTH must be an RSA private key of at least 2048 bits in PEM (PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY") (got a value that is not a PEM private key)',
    );
    await expect(ToolKeys.load(registry({ KEY_NORTH: pem(), KEY_SOUTH: pem(1024) }))).rejects.toThrow('(got a rsa key of 1024 bits)');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(ToolKeys.load(registry({ KEY_NORTH: pem(), KEY_SOUTH: ec }))).rejects.toThrow('(got a ec key of 0 bits)');
  });
});
