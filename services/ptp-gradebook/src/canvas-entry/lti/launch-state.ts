import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LaunchRefusal } from './launch-refusal';
import { ToolKeys } from '../tool-identity/tool-keys';
import { ToolUrls } from '../tool-identity/tool-urls';

/** How long a teacher's browser has between Canvas's login request and the launch (it takes a second or two). */
const STATE_LIFETIME_SECONDS = 600;

/**
 * The OIDC `state` and `nonce` of a login. The state is a token the tool signs (district, nonce,
 * ten minutes), so no cookie and no server-side session is needed across Canvas's iframe, and any
 * replica can check it; the nonce must come back inside Canvas's signed id token and is then
 * accepted once (used-nonces.ts).
 */
@Injectable()
export class LaunchStates {
  constructor(
    private readonly keys: ToolKeys,
    private readonly urls: ToolUrls,
  ) {}

  async issue(districtId: string): Promise<{ state: string; nonce: string }> {
    const nonce = randomBytes(32).toString('base64url');
    const state = await this.keys.sign(
      districtId,
      { nonce, purpose: 'lti-state' },
      { issuer: this.urls.issuer, audience: this.urls.launch(districtId), expiresInSeconds: STATE_LIFETIME_SECONDS },
    );
    return { state, nonce };
  }

  /** The nonce the login issued, if `state` is one this tool signed for this district's launch URL in the last ten minutes. */
  async check(districtId: string, state: string | undefined): Promise<string> {
    if (!state)
      throw new LaunchRefusal('bad-state', 'The launch came without the login state sisbridge gave it. Click Sync Grades again in Canvas.');
    try {
      const { districtId: signedFor, payload } = await this.keys.verify(state, {
        issuer: this.urls.issuer,
        audience: this.urls.launch(districtId),
      });
      if (signedFor !== districtId || payload['purpose'] !== 'lti-state' || typeof payload['nonce'] !== 'string')
        throw new Error('not a login state');
      return payload['nonce'];
    } catch {
      throw new LaunchRefusal(
        'bad-state',
        'This launch does not match a login sisbridge started in the last ten minutes (it may have taken too long, or come from somewhere else). Click Sync Grades again in Canvas.',
      );
    }
  }
}
