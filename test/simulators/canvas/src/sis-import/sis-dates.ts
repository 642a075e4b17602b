/**
 * SIS CSV dates (canvas.md §1.1): ISO 8601, UTC unless a zone is given, and the looser forms the
 * samples use (`2013-1-03 00:00:00`, `2013-05-03 00:00:00-06:00`, a bare date).
 */
export type SisDate = { kind: 'blank' } | { kind: 'delete' } | { kind: 'date'; value: Date } | { kind: 'invalid' };

const SIS_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function parseSisDate(text: string | undefined): SisDate {
  if (text === undefined || text.trim() === '') return { kind: 'blank' };
  if (text.trim() === '<delete>') return { kind: 'delete' };
  const match = SIS_DATE.exec(text.trim());
  if (!match) return { kind: 'invalid' };
  const [, year, month, day, hour = '0', minute = '0', second = '0', zone = 'Z'] = match;
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const date = new Date(utc - zoneOffsetMinutes(zone) * 60_000);
  if (Number.isNaN(date.getTime()) || Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31)
    return { kind: 'invalid' };
  return { kind: 'date', value: date };
}

function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}
