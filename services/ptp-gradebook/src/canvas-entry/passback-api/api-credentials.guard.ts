import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiAuthFailures } from '../rate-limits/api-auth-failures';
import { ApiCredentials } from './api-credentials';
import { bearerToken, bearerTokenMatches } from './bearer-token';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequestSignature } from './hmac-signature';

/** Express's request with the body bytes Nest keeps when the app is created with `rawBody: true`. */
type RequestWithRawBody = Request & { rawBody?: Buffer };

/**
 * The one answer to credentials that are not a district's: the same words and headers whether the
 * district does not exist, has no API, does not take that kind of credential, or the token or
 * signature is wrong, so an answer never tells which districts exist or how they are set up.
 */
export const NOT_ACCEPTED = 'these credentials are not accepted for this district';

/** What both schemes look like, named on every refusal (whichever the district takes). */
const SCHEMES = 'Bearer realm="sisbridge", Sisbridge-HMAC-SHA256 realm="sisbridge"';

/** Compared against when the district has no secret of that kind: the same work, the same time, a certain refusal. */
const NO_SECRET = 'no-secret-'.padEnd(64, '0');

/**
 * Lets a passback API call through only with the district's credentials: its bearer token, or an
 * HMAC signature made with its secret (see hmac-signature.ts). The district is the `districtId`
 * of the route or of the JSON body. What is wrong with the request alone (no credentials, a
 * malformed signature) is named, and so is a stale timestamp on a signature that matches;
 * anything else that depends on the district is NOT_ACCEPTED.
 * Failures count against the client (ApiAuthFailures): too many, and it is refused for a while.
 */
@Injectable()
export class ApiCredentialsGuard implements CanActivate {
  constructor(
    private readonly credentials: ApiCredentials,
    private readonly failures: ApiAuthFailures,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithRawBody>();
    const response = context.switchToHttp().getResponse<Response>();
    this.failures.assertAllowed(request, response);
    try {
      this.authenticate(request);
      return true;
    } catch (error) {
      if (!(error instanceof UnauthorizedException)) throw error;
      response.setHeader('WWW-Authenticate', SCHEMES);
      return this.failures.recordFailure(request, response, error);
    }
  }

  private authenticate(request: RequestWithRawBody): void {
    const districtId = districtOf(request);
    if (!districtId) throw new UnauthorizedException('name the district: districtId in the JSON body');
    const token = bearerToken(request.headers.authorization);
    const signature = header(request, SIGNATURE_HEADER);
    if (token === undefined && signature === undefined)
      throw new UnauthorizedException(
        'credentials are missing: send Authorization: Bearer <token>, or sign the request (X-Sisbridge-Timestamp, X-Sisbridge-Signature)',
      );
    const credentials = this.credentials.of(districtId);
    if (token !== undefined) {
      const expected = credentials?.bearerToken;
      if (bearerTokenMatches(token, expected ?? NO_SECRET) && expected !== undefined) return;
      throw new UnauthorizedException(NOT_ACCEPTED);
    }
    const secret = credentials?.hmacSecret;
    const verdict = verifyRequestSignature(
      secret ?? NO_SECRET,
      {
        timestamp: header(request, TIMESTAMP_HEADER) ?? '',
        method: request.method,
        path: request.originalUrl,
        body: request.rawBody ?? Buffer.alloc(0),
      },
      signature ?? '',
      { now: new Date(), toleranceSeconds: credentials?.hmacToleranceSeconds ?? 300 },
    );
    if (!verdict.ok && verdict.problem === 'malformed') throw new UnauthorizedException(verdict.reason);
    if (secret === undefined) throw new UnauthorizedException(NOT_ACCEPTED);
    if (verdict.ok) return;
    if (verdict.problem === 'stale') throw new UnauthorizedException(verdict.reason);
    throw new UnauthorizedException(NOT_ACCEPTED);
  }
}

function districtOf(request: Request): string | undefined {
  const fromRoute = request.params['districtId'];
  if (typeof fromRoute === 'string' && fromRoute.length > 0) return fromRoute;
  const body: unknown = request.body;
  if (
    body !== null &&
    typeof body === 'object' &&
    'districtId' in body &&
    typeof body.districtId === 'string' &&
    body.districtId.length > 0
  )
    return body.districtId;
  return undefined;
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
