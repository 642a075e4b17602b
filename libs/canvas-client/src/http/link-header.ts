/**
 * Canvas paginates with RFC 5988 `Link` headers (`<url>; rel="next", …`). The URLs are opaque
 * and absolute; follow `next` until it is absent.
 */
export function nextPageUrl(linkHeader: string | undefined): string | undefined {
  if (!linkHeader) return undefined;
  for (const part of linkHeader.split(',')) {
    const match = /<([^>]+)>\s*;\s*(.*)/.exec(part.trim());
    if (!match) continue;
    const rels = (match[2] ?? '').split(';').map((attribute) => attribute.trim());
    if (rels.some((attribute) => /^rel="?([^"]*)"?$/i.exec(attribute)?.[1]?.split(/\s+/).includes('next'))) return match[1];
  }
  return undefined;
}
