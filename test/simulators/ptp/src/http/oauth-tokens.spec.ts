import { OAuthTokens } from './oauth-tokens';

describe('plugin access tokens', () => {
  it('hands out the same token until it expires, with less time left each time, then a new one', () => {
    let now = 0;
    const tokens = new OAuthTokens(100, () => now);
    const first = tokens.issue();
    expect(first.expiresInSeconds).toBe(100);
    now = 40_000;
    expect(tokens.issue()).toEqual({ token: first.token, expiresInSeconds: 60 });
    expect(tokens.check(first.token)).toBe('valid');
    now = 100_000;
    expect(tokens.check(first.token)).toBe('expired');
    const second = tokens.issue();
    expect(second.token).not.toBe(first.token);
    expect(tokens.check(first.token)).toBe('expired');
    expect(tokens.check('made-up')).toBe('unknown');
  });

  it('can be expired on demand', () => {
    const tokens = new OAuthTokens(3600, () => 0);
    const { token } = tokens.issue();
    tokens.expireNow();
    expect(tokens.check(token)).toBe('expired');
  });
});
