import { Injectable } from '@nestjs/common';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { RegisteredTool } from './lti-districts';
import { Claims } from './lti-claims';
import { LaunchRefusal } from './launch-refusal';
import { PlatformKeySets } from './platform-key-sets';
import { UsedNonces } from './used-nonces';

const NOTHING_STARTED = 'Nothing was started.';
const AGAIN = 'Click Sync Grades again in Canvas.';

/**
 * Checks Canvas's id token the way LTI 1.3 (IMS Security Framework §5.1.3) asks: the signature
 * against the platform's key set, the issuer, the audience (this district's developer key) and
 * `azp`, the expiry, the deployment, the message type and version, and a nonce this tool issued
 * that has not been used before. Every failure is a LaunchRefusal naming what did not match.
 */
@Injectable()
export class IdTokenVerifier {
  constructor(
    private readonly keySets: PlatformKeySets,
    private readonly nonces: UsedNonces,
  ) {}

  async verify(districtId: string, lti: RegisteredTool, idToken: string | undefined, expectedNonce: string): Promise<JWTPayload> {
    if (!idToken) throw new LaunchRefusal('malformed-token', `The launch came without Canvas's id token. ${AGAIN}`);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, this.keySets.forUrl(lti.jwksUrl), {
        issuer: lti.issuer,
        audience: lti.clientId,
        algorithms: ['RS256'],
        // Clocks drift a little; Canvas's tokens live an hour.
        clockTolerance: 60,
        requiredClaims: ['exp', 'iat', 'nonce', 'sub'],
      }));
    } catch (error) {
      throw refusalFor(error, lti);
    }

    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    const azp = payload['azp'];
    if ((audiences.length > 1 || azp !== undefined) && azp !== lti.clientId) {
      throw new LaunchRefusal(
        'wrong-audience',
        `This launch was issued to another tool, not this district's Sync Grades. ${NOTHING_STARTED}`,
        {
          azp,
        },
      );
    }
    const deploymentId = payload[Claims.deploymentId];
    if (typeof deploymentId !== 'string' || !lti.deploymentIds.includes(deploymentId)) {
      throw new LaunchRefusal(
        'unknown-deployment',
        `This launch comes from an installation of Sync Grades that sisbridge does not know for this district: an administrator adds its deployment id to the district's settings. ${NOTHING_STARTED}`,
        { deploymentId },
      );
    }
    if (payload[Claims.messageType] !== 'LtiResourceLinkRequest' || payload[Claims.version] !== '1.3.0') {
      throw new LaunchRefusal('wrong-message-type', `This is not a Sync Grades launch sisbridge can take. ${NOTHING_STARTED}`, {
        messageType: payload[Claims.messageType],
        version: payload[Claims.version],
      });
    }
    if (payload['nonce'] !== expectedNonce) {
      throw new LaunchRefusal(
        'nonce-mismatch',
        `This launch's token was not issued for the login sisbridge started. ${AGAIN} ${NOTHING_STARTED}`,
      );
    }
    // Last, once the token is known to be Canvas's: a forged token cannot use up a nonce.
    const expiresAt = new Date((payload.exp ?? 0) * 1000);
    if (!(await this.nonces.take(districtId, expectedNonce, expiresAt))) {
      throw new LaunchRefusal(
        'nonce-reused',
        `This launch has already been used once, and a launch cannot be replayed. ${AGAIN} ${NOTHING_STARTED}`,
      );
    }
    return payload;
  }
}

function refusalFor(error: unknown, lti: RegisteredTool): LaunchRefusal {
  if (error instanceof errors.JWTExpired) {
    return new LaunchRefusal(
      'expired',
      `This launch has expired (Canvas's launch token is valid for an hour, and the clocks may disagree). ${AGAIN} ${NOTHING_STARTED}`,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') {
      return new LaunchRefusal(
        'wrong-audience',
        `This launch was issued for another tool, not this district's Sync Grades. ${NOTHING_STARTED}`,
        {
          aud: error.payload.aud,
        },
      );
    }
    if (error.claim === 'iss') {
      return new LaunchRefusal('wrong-issuer', `This launch does not come from this district's Canvas. ${NOTHING_STARTED}`, {
        iss: error.payload.iss,
      });
    }
    if (error.claim === 'iat' || error.claim === 'nbf') {
      return new LaunchRefusal(
        'expired',
        `This launch's token is dated in the future: the clocks of Canvas and sisbridge disagree. ${NOTHING_STARTED}`,
      );
    }
    return new LaunchRefusal('malformed-token', `Canvas's id token lacks a claim a launch needs, or garbles it. ${NOTHING_STARTED}`, {
      claim: error.claim,
    });
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return new LaunchRefusal(
      'bad-signature',
      `This launch is not signed by your Canvas: its signature does not match the keys Canvas publishes for this district. ${NOTHING_STARTED}`,
    );
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return new LaunchRefusal('malformed-token', `Canvas's id token is not a well-formed signed token. ${NOTHING_STARTED}`);
  }
  // The key set could not be fetched (timeout, refused, not JSON): nothing is wrong with the launch itself.
  return new LaunchRefusal(
    'canvas-unavailable',
    `sisbridge could not read Canvas's keys to check this launch; try again in a minute. ${NOTHING_STARTED}`,
    {
      jwksUrl: lti.jwksUrl,
      error: error instanceof Error ? error.message : String(error),
    },
  );
}
