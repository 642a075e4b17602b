import type { Request, Response } from 'express';
import { requestParams, paramNumber } from './param-readers';

export const DEFAULT_PER_PAGE = 10;
export const MAX_PER_PAGE = 100;

export interface PaginateOptions {
  /** Endpoints that do not count their rows (the SIS imports list) leave out `rel="last"`. */
  withoutLast?: boolean;
}

/**
 * Canvas pagination (canvas.md §6.1): `per_page` (default 10, at most 100) and `page`, with a
 * `Link` header carrying absolute `current`, `next`, `prev`, `first` and `last` URLs. The
 * `access_token` parameter is not copied into the links, as in Canvas.
 */
export function paginate<T>(req: Request, res: Response, items: readonly T[], options: PaginateOptions = {}): T[] {
  const params = requestParams(req);
  const requested = paramNumber(params['per_page']);
  const perPage = requested !== undefined && requested >= 1 ? Math.min(Math.floor(requested), MAX_PER_PAGE) : DEFAULT_PER_PAGE;
  const pageParam = paramNumber(params['page']);
  const page = pageParam !== undefined && pageParam >= 1 ? Math.floor(pageParam) : 1;
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));

  const links = [`<${pageUrl(req, page, perPage)}>; rel="current"`];
  if (page < lastPage) links.push(`<${pageUrl(req, page + 1, perPage)}>; rel="next"`);
  if (page > 1) links.push(`<${pageUrl(req, Math.min(page - 1, lastPage), perPage)}>; rel="prev"`);
  links.push(`<${pageUrl(req, 1, perPage)}>; rel="first"`);
  if (!options.withoutLast) links.push(`<${pageUrl(req, lastPage, perPage)}>; rel="last"`);
  res.setHeader('Link', links.join(','));
  return items.slice((page - 1) * perPage, page * perPage);
}

function pageUrl(req: Request, page: number, perPage: number): string {
  const [path = '', query = ''] = req.originalUrl.split('?', 2);
  // Keep the caller's own parameters byte for byte (bracketed arrays included).
  const kept = query.split('&').filter((pair) => pair !== '' && !/^(page|per_page|access_token)=/.test(pair));
  kept.push(`page=${page}`, `per_page=${perPage}`);
  return `${baseUrl(req)}${path}?${kept.join('&')}`;
}

/** `http://127.0.0.1:<port>` as the client addressed us. */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}
