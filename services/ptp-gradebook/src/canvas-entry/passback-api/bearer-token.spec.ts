import { bearerToken, bearerTokenMatches } from './bearer-token';

describe('bearer tokens', () => {
  it('reads the token of an Authorization header, and nothing else', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   abc')).toBe('abc');
    expect(bearerToken('Basic YWxhZGRpbjpvcGVu')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('matches only the same token, whatever the lengths', () => {
    expect(bearerTokenMatches('s3cret-token', 's3cret-token')).toBe(true);
    expect(bearerTokenMatches('s3cret-toke', 's3cret-token')).toBe(false);
    expect(bearerTokenMatches('', 's3cret-token')).toBe(false);
    expect(bearerTokenMatches('S3cret-token', 's3cret-token')).toBe(false);
  });
});
