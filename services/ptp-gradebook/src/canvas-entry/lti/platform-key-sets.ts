import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet } from 'jose';

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Canvas's public keys per district (its `lti.jwksUrl`), fetched on first use and cached by jose:
 * a token signed with a key not in the cache makes it fetch again (Canvas rotates keys), at most
 * once every 30 seconds, so forged tokens cannot make the tool hammer Canvas.
 */
@Injectable()
export class PlatformKeySets {
  private readonly sets = new Map<string, RemoteKeySet>();

  forUrl(jwksUrl: string): RemoteKeySet {
    let set = this.sets.get(jwksUrl);
    if (!set) {
      set = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
      this.sets.set(jwksUrl, set);
    }
    return set;
  }
}
