import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a presented bearer token is the district's, in constant time. Both are hashed first so
 * the comparison takes the same time whatever their lengths (timingSafeEqual needs equal lengths,
 * and an early length check would leak the token's length).
 */
export function bearerTokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(sha256(presented), sha256(expected));
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it is. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
