import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** The token the request carries: `Authorization: Bearer …` or (discouraged) `?access_token=`. */
export function accessTokenOf(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (match) return match[1];
  const fromQuery = new URLSearchParams(req.originalUrl.split('?', 2)[1] ?? '').get('access_token');
  return fromQuery ?? undefined;
}

/**
 * Canvas's answers for API calls without a usable token: no token at all is "user authorization
 * required"; a wrong (or deleted, or expired) one is "Invalid access token." with a
 * `WWW-Authenticate` header, which is how clients tell the two apart (canvas.md §6.3).
 */
export function bearerAuth(isValid: (token: string) => boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = accessTokenOf(req);
    if (token === undefined) {
      res.status(401).json({ status: 'unauthenticated', errors: [{ message: 'user authorization required' }] });
      return;
    }
    if (!isValid(token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="canvas-lms"');
      res.status(401).json({ errors: [{ message: 'Invalid access token.' }] });
      return;
    }
    next();
  };
}
