import { randomUUID } from 'node:crypto';

export type TokenCheck = 'valid' | 'expired' | 'unknown';

interface IssuedToken {
  token: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * The plugin's client-credentials tokens (§1.2): one live token per plugin, handed out again on
 * every token request until it expires (with a smaller `expires_in` each time), then replaced.
 * Expired tokens are remembered so that using one is told apart from using a made-up one.
 */
export class OAuthTokens {
  private current: IssuedToken | undefined;
  private readonly expired = new Set<string>();

  constructor(
    private readonly lifetimeSeconds: number,
    private readonly now: () => number,
  ) {}

  issue(): { token: string; expiresInSeconds: number } {
    const now = this.now();
    if (!this.current || this.current.expiresAt <= now) {
      if (this.current) this.expired.add(this.current.token);
      this.current = { token: randomUUID(), issuedAt: now, expiresAt: now + this.lifetimeSeconds * 1000 };
    }
    return { token: this.current.token, expiresInSeconds: Math.max(0, Math.floor((this.current.expiresAt - now) / 1000)) };
  }

  check(token: string): TokenCheck {
    if (this.current?.token === token) {
      if (this.current.expiresAt > this.now()) return 'valid';
      this.expired.add(token);
      return 'expired';
    }
    return this.expired.has(token) ? 'expired' : 'unknown';
  }

  /** Ends the live token now (the admin endpoint, so clients' re-authentication can be tested). */
  expireNow(): void {
    if (!this.current) return;
    this.expired.add(this.current.token);
    this.current = undefined;
  }
}
