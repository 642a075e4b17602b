/**
 * The order snapshots are stored and diffed in: by Unicode code point, which is also the byte
 * order of UTF-8 and of Postgres's `COLLATE "C"`, so rows streamed from the database and entities
 * sorted here agree. (JavaScript's `<` compares UTF-16 code units, which differs above U+FFFF.)
 */
export function compareSisIds(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
