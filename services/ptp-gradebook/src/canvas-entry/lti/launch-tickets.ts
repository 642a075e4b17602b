import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ToolKeys } from '../tool-identity/tool-keys';
import { ToolUrls } from '../tool-identity/tool-urls';
import { LaunchRefusal } from './launch-refusal';
import type { LaunchIdentity } from './lti-claims';
import { isBound, type CheckedState } from './launch-state';
import { UsedNonces } from './used-nonces';

/** How long the browser has to show its binding from the platform's storage after the launch. */
const TICKET_LIFETIME_SECONDS = 120;

/**
 * A verified launch waiting for its browser to show the login's binding from the platform's
 * storage (the browser kept no cookie). Signed by the tool, for this district, used once: the
 * launch is only carried out by `/lti/{district}/launch/confirm` with the binding.
 */
@Injectable()
export class LaunchTickets {
  constructor(
    private readonly keys: ToolKeys,
    private readonly urls: ToolUrls,
    private readonly nonces: UsedNonces,
  ) {}

  issue(districtId: string, identity: LaunchIdentity, state: CheckedState): Promise<string> {
    return this.keys.sign(
      districtId,
      { purpose: 'lti-launch-ticket', jti: randomUUID(), identity, bh: state.bindingHash, bn: state.bindingName },
      { issuer: this.urls.issuer, audience: this.audience(districtId), expiresInSeconds: TICKET_LIFETIME_SECONDS },
    );
  }

  /** The launch a ticket holds, once, when `binding` is the login's. */
  async redeem(districtId: string, ticket: string | undefined, binding: string | undefined): Promise<LaunchIdentity> {
    let claims: { jti: string; identity: LaunchIdentity; bh: string; exp: number };
    try {
      const { districtId: signedFor, payload } = await this.keys.verify(ticket ?? '', {
        issuer: this.urls.issuer,
        audience: this.audience(districtId),
      });
      const { purpose, jti, identity, bh, exp } = payload;
      if (signedFor !== districtId || purpose !== 'lti-launch-ticket' || typeof jti !== 'string' || typeof bh !== 'string' || !identity)
        throw new Error('not a launch ticket');
      claims = { jti, identity: identity as LaunchIdentity, bh, exp: exp ?? 0 };
    } catch {
      throw new LaunchRefusal('bad-state', 'This launch has expired or did not come from sisbridge. Click Sync Grades again in Canvas.');
    }
    if (!isBound({ bindingHash: claims.bh }, binding)) throw unbound();
    if (!(await this.nonces.take(districtId, `ticket:${claims.jti}`, new Date(claims.exp * 1000))))
      throw new LaunchRefusal(
        'nonce-reused',
        'This launch has already been used once, and a launch cannot be replayed. Click Sync Grades again in Canvas.',
      );
    return claims.identity;
  }

  private audience(districtId: string): string {
    return `${this.urls.launch(districtId)}/confirm`;
  }
}

/** A launch posted by a browser that cannot show the login's binding: not the browser that logged in. */
export function unbound(): LaunchRefusal {
  return new LaunchRefusal(
    'unbound-state',
    'This launch did not come from the browser that started it, so it was not taken. Click Sync Grades again in Canvas. Nothing was started.',
  );
}
