import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ToolKeys } from '../tool-identity/tool-keys';
import { ToolUrls } from '../tool-identity/tool-urls';
import { LaunchRefusal } from './launch-refusal';

/** How long a teacher's browser has between Canvas's login request and the launch (it takes a second or two). */
export const STATE_LIFETIME_SECONDS = 600;

/** A login the tool started: what goes to Canvas (state, nonce) and what stays with the browser (the binding). */
export interface IssuedLogin {
  state: string;
  nonce: string;
  /** A secret the browser that started the login keeps (a cookie, or the platform's storage); the state carries its hash. */
  binding: string;
  /** The cookie (and platform storage key) the binding is kept under: one per login, so two tabs do not overwrite each other. */
  bindingName: string;
}

/** A launch's state, checked: the nonce Canvas must echo, and how to tell that the posting browser is the one that logged in. */
export interface CheckedState {
  nonce: string;
  bindingName: string;
  bindingHash: string;
  /** The platform's storage target the login named (`lti_storage_target`): the binding may be there instead of in a cookie. */
  platformStorage?: string;
}

/**
 * The OIDC `state` and `nonce` of a login, bound to the browser that started it. The state is a
 * token the tool signs (district, nonce, the hash of a browser secret, ten minutes), so any
 * replica can check it; the browser keeps the secret itself, as Canvas documents for LTI 1.3 login
 * CSRF: in a cookie (`SameSite=None; Secure; Partitioned`) where the browser keeps third-party
 * cookies, and in Canvas's LTI Platform Storage (`lti.put_data`) where the platform offers it. A
 * launch posted by a browser that cannot show the secret is refused: someone else's login does
 * not become this teacher's launch. The nonce must come back inside Canvas's signed id token and
 * is then accepted once (used-nonces.ts).
 */
@Injectable()
export class LaunchStates {
  constructor(
    private readonly keys: ToolKeys,
    private readonly urls: ToolUrls,
  ) {}

  /** `platformStorage`: the `lti_storage_target` the login named, when the platform offers its storage. */
  async issue(districtId: string, options: { platformStorage?: string }): Promise<IssuedLogin> {
    const nonce = randomBytes(32).toString('base64url');
    const binding = randomBytes(32).toString('base64url');
    const state = await this.keys.sign(
      districtId,
      { nonce, purpose: 'lti-state', bh: hashOf(binding), ...(options.platformStorage ? { ps: options.platformStorage } : {}) },
      { issuer: this.urls.issuer, audience: this.urls.launch(districtId), expiresInSeconds: STATE_LIFETIME_SECONDS },
    );
    return { state, nonce, binding, bindingName: bindingNameOf(nonce) };
  }

  /** The login behind `state`, if it is one this tool signed for this district's launch URL in the last ten minutes. */
  async check(districtId: string, state: string | undefined): Promise<CheckedState> {
    if (!state)
      throw new LaunchRefusal('bad-state', 'The launch came without the login state sisbridge gave it. Click Sync Grades again in Canvas.');
    try {
      const { districtId: signedFor, payload } = await this.keys.verify(state, {
        issuer: this.urls.issuer,
        audience: this.urls.launch(districtId),
      });
      const { nonce, purpose, bh, ps } = payload;
      if (signedFor !== districtId || purpose !== 'lti-state' || typeof nonce !== 'string' || typeof bh !== 'string')
        throw new Error('not a login state');
      return { nonce, bindingName: bindingNameOf(nonce), bindingHash: bh, ...(typeof ps === 'string' ? { platformStorage: ps } : {}) };
    } catch {
      throw new LaunchRefusal(
        'bad-state',
        'This launch does not match a login sisbridge started in the last ten minutes (it may have taken too long, or come from somewhere else). Click Sync Grades again in Canvas.',
      );
    }
  }
}

/** Whether `binding` is the secret the login gave its browser. */
export function isBound(state: Pick<CheckedState, 'bindingHash'>, binding: string | undefined): boolean {
  if (!binding) return false;
  const presented = Buffer.from(hashOf(binding));
  const expected = Buffer.from(state.bindingHash);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function hashOf(binding: string): string {
  return createHash('sha256').update(binding).digest('base64url');
}

function bindingNameOf(nonce: string): string {
  return `sisbridge-lti-${nonce.slice(0, 16)}`;
}
