import LinkHeader from 'http-link-header';

/**
 * Canvas paginates with RFC 8288 `Link` headers (`<url>; rel="next", …`). The URLs are opaque and
 * absolute, and may hold commas (`include[]=email,avatar_url`), so the header is read by a real
 * parser, never split on `,`. Follow `next` until it is absent.
 *
 * A header that cannot be parsed throws rather than ending pagination: stopping there would report
 * a partial listing as the whole one. The message leaves the header out (its URLs may carry a
 * search term).
 */
export function nextPageUrl(linkHeader: string | undefined): string | undefined {
  if (!linkHeader) return undefined;
  let links: LinkHeader;
  try {
    links = LinkHeader.parse(linkHeader);
  } catch (error) {
    throw new Error(`Canvas sent a Link header that cannot be parsed (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  return links.rel('next')[0]?.uri;
}
