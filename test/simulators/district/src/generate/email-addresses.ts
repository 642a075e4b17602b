/**
 * Login names and e-mail addresses made from people's names: folded to ASCII letters, as
 * district account tools do. Names with no Latin letters at all fall back to a number.
 */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/ı/g, 'i')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** Hands out addresses and login names, numbering repeats ("jsmith", "jsmith2", …). */
export class UniqueNames {
  private readonly seen = new Map<string, number>();

  take(base: string): string {
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    return count === 1 ? base : `${base}${count}`;
  }
}

/** The ASCII form of a name part up to any suffix or nickname, or the fallback. */
export function loginPart(text: string, fallback: string): string {
  const folded = asciiFold(text.split(/[,"]/)[0] ?? '');
  return folded.length > 0 ? folded : fallback;
}
