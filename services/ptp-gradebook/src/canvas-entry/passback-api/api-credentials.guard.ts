import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiCredentials } from './api-credentials';
import { bearerToken, bearerTokenMatches } from './bearer-token';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequestSignature } from './hmac-signature';

/** Express's request with the body bytes Nest keeps when the app is created with `rawBody: true`. */
type RequestWithRawBody = Request & { rawBody?: Buffer };

/**
 * Lets a passback API call through only with the district's credentials: its bearer token, or an
 * HMAC signature made with its secret (see hmac-signature.ts). The district is the `districtId`
 * of the route or of the JSON body. Anything else is a 401 that says what was wrong, before any
 * work is done; the `WWW-Authenticate` header names the schemes the district accepts.
 */
@Injectable()
export class ApiCredentialsGuard implements CanActivate {
  constructor(private readonly credentials: ApiCredentials) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithRawBody>();
    const response = context.switchToHttp().getResponse<Response>();
    const districtId = districtOf(request);
    if (!districtId) throw new UnauthorizedException('name the district: districtId in the JSON body');
    const credentials = this.credentials.of(districtId);
    if (!credentials)
      throw new UnauthorizedException(
        `the passback API is not enabled for district "${districtId}" (no api settings in the districts file)`,
      );
    const refuse = (message: string) => {
      const schemes = [
        credentials.bearerToken !== undefined ? 'Bearer realm="sisbridge"' : '',
        credentials.hmacSecret !== undefined ? 'Sisbridge-HMAC-SHA256 realm="sisbridge"' : '',
      ];
      response.setHeader('WWW-Authenticate', schemes.filter(Boolean).join(', '));
      return new UnauthorizedException(message);
    };

    const token = bearerToken(request.headers.authorization);
    const signature = header(request, SIGNATURE_HEADER);
    if (token !== undefined) {
      if (credentials.bearerToken !== undefined && bearerTokenMatches(token, credentials.bearerToken)) return true;
      throw refuse(
        credentials.bearerToken === undefined
          ? `district "${districtId}" does not accept bearer tokens: sign the request`
          : "the bearer token is not this district's",
      );
    }
    if (signature !== undefined) {
      if (credentials.hmacSecret === undefined)
        throw refuse(`district "${districtId}" does not accept signed requests: send its bearer token`);
      const verdict = verifyRequestSignature(
        credentials.hmacSecret,
        {
          timestamp: header(request, TIMESTAMP_HEADER) ?? '',
          method: request.method,
          path: request.originalUrl,
          body: request.rawBody ?? Buffer.alloc(0),
        },
        signature,
        { now: new Date(), toleranceSeconds: credentials.hmacToleranceSeconds },
      );
      if (verdict.ok) return true;
      throw refuse(verdict.reason);
    }
    throw refuse(
      'credentials are missing: send Authorization: Bearer <token>, or sign the request (X-Sisbridge-Timestamp, X-Sisbridge-Signature)',
    );
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
