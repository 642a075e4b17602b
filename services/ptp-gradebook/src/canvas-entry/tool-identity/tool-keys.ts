import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { ConfigError } from '@sisbridge/config';
import { DistrictRegistry } from '@sisbridge/district-config';

interface ToolKey {
  districtId: string;
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JWK;
}

const ALGORITHM = 'RS256';

/**
 * Each district's tool key pair (`lti.toolPrivateKeyEnv`). The public half is the key set Canvas's
 * developer key points to; the private half signs what the tool hands to browsers and must get
 * back unchanged: the OIDC login state and the teacher's page session. Every replica reads the
 * same key, so any replica can verify what another signed. Two districts may share one key (one
 * tool for a group of districts): what it signs names its district inside the signature, and
 * is verified with that district's key.
 */
export class ToolKeys {
  private readonly byDistrict = new Map<string, ToolKey>();
  private readonly byKid = new Map<string, ToolKey[]>();

  private constructor(keys: ToolKey[]) {
    for (const key of keys) {
      this.byDistrict.set(key.districtId, key);
      this.byKid.set(key.kid, [...(this.byKid.get(key.kid) ?? []), key]);
    }
  }

  /** Reads and checks every district's key at start-up: a missing or unusable key stops the service with one line. */
  static async load(districts: DistrictRegistry): Promise<ToolKeys> {
    const keys: ToolKey[] = [];
    for (const district of districts.districts) {
      if (!district.lti) continue;
      const variable = district.lti.toolPrivateKeyEnv;
      const pem = districts.secret(district.id, 'lti.toolPrivateKeyEnv', variable);
      let privateKey: KeyObject;
      try {
        privateKey = createPrivateKey({ key: pem, format: 'pem' });
      } catch {
        throw badKey(variable, 'a value that is not a PEM private key');
      }
      const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
      if (privateKey.asymmetricKeyType !== 'rsa' || bits < 2048)
        throw badKey(variable, `a ${privateKey.asymmetricKeyType ?? 'unknown'} key of ${bits} bits`);
      const publicKey = createPublicKey(privateKey);
      const jwk = await exportJWK(publicKey);
      const kid = await calculateJwkThumbprint(jwk);
      keys.push({ districtId: district.id, kid, privateKey, publicKey, publicJwk: { ...jwk, kid, alg: ALGORITHM, use: 'sig' } });
    }
    return new ToolKeys(keys);
  }

  /** The district's public key set (`/lti/{district}/jwks.json`); empty when it has no LTI tool. */
  keySet(districtId: string): { keys: JWK[] } {
    const key = this.byDistrict.get(districtId);
    return { keys: key ? [key.publicJwk] : [] };
  }

  async sign(
    districtId: string,
    claims: JWTPayload,
    options: { issuer: string; audience: string; expiresInSeconds: number },
  ): Promise<string> {
    const key = this.byDistrict.get(districtId);
    if (!key) throw new Error(`district ${districtId} has no LTI tool key`);
    return new SignJWT({ ...claims, district: districtId })
      .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'JWT' })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setIssuedAt()
      .setExpirationTime(`${options.expiresInSeconds}s`)
      .sign(key.privateKey);
  }

  /**
   * Verifies a token this tool signed (the key of the district it names, found by `kid`) for `audience`, and
   * returns its district and claims. Throws jose's errors (expired, bad signature…) or an Error
   * for an unknown key; callers turn them into their own refusal.
   */
  async verify(token: string, options: { issuer: string; audience: string }): Promise<{ districtId: string; payload: JWTPayload }> {
    const { kid } = decodeProtectedHeader(token);
    // The district the token names picks the key among the districts that share one; the signature then vouches for the name.
    const named = decodeJwt(token)['district'];
    const key = (kid === undefined ? [] : (this.byKid.get(kid) ?? [])).find((candidate) => candidate.districtId === named);
    if (!key) throw new Error('signed with a key this tool does not have');
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [ALGORITHM],
      issuer: options.issuer,
      audience: options.audience,
    });
    if (payload['district'] !== key.districtId) throw new Error('the token names another district than its key');
    return { districtId: key.districtId, payload };
  }
}

function badKey(variable: string, received: string): ConfigError {
  return new ConfigError('ptp-gradebook', [
    {
      variable,
      expected: 'an RSA private key of at least 2048 bits in PEM (PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY")',
      received,
    },
  ]);
}
