import type { Request, Response } from 'express';
import { STATE_LIFETIME_SECONDS } from './launch-state';

/**
 * The login's binding as a cookie: `SameSite=None; Secure` so the browser sends it back with
 * Canvas's cross-site form post of the launch, `Partitioned` (CHIPS) so a browser that blocks
 * third-party cookies may still keep it for this tool inside Canvas, `HttpOnly`, only for the
 * district's launch paths, and only for as long as the login's state lives.
 */
export function setBindingCookie(response: Response, options: { name: string; value: string; path: string }): void {
  response.cookie(options.name, options.value, {
    httpOnly: true,
    secure: true,
    sameSite: 'none',
    partitioned: true,
    path: options.path,
    maxAge: STATE_LIFETIME_SECONDS * 1000,
  });
}

/** The binding the browser sent back under `name`, if it did (no cookie parser: one name is all the tool reads). */
export function bindingCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}
