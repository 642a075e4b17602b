import type { Response } from 'express';

/**
 * Headers of every page and fragment the tool serves to teachers' browsers: scripts and styles
 * only from this service (no inline script can run), no caching, no Referer (the page's address
 * carries the session in its fragment, which browsers never send, but be sure). Framing stays
 * allowed: Canvas may show the tool inside its own page.
 */
export function setPageHeaders(response: Response): void {
  response.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
  );
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Content-Type-Options', 'nosniff');
}
