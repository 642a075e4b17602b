import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { OAuthTokens } from './oauth-tokens';

/**
 * Bearer tokens on `/ws/…` (§1.2): no token, an unknown one, or an expired one is a 401 with an
 * empty body and a `WWW-Authenticate` header; for an expired token the header says `expired`,
 * which is what clients look for before they fetch a new token and retry.
 */
export function pluginAuth(tokens: OAuthTokens): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const token = match?.[1];
    if (!token) return deny(res, 'Bearer realm="PowerSchool"');
    const check = tokens.check(token);
    if (check === 'expired')
      return deny(res, 'Bearer realm="PowerSchool", error="invalid_token", error_description="The access token expired"');
    if (check === 'unknown')
      return deny(res, 'Bearer realm="PowerSchool", error="invalid_token", error_description="Invalid access token"');
    next();
  };
}

function deny(res: Response, challenge: string): void {
  res.setHeader('WWW-Authenticate', challenge);
  res.status(401).end();
}
