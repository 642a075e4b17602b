import { parseSisDate } from './sis-dates';

describe('SIS CSV dates', () => {
  const at = (text: string) => {
    const parsed = parseSisDate(text);
    return parsed.kind === 'date' ? parsed.value.toISOString() : parsed.kind;
  };

  it('reads ISO 8601 and the looser forms of the samples, UTC unless a zone is given', () => {
    expect(at('2013-01-03T00:00:00Z')).toBe('2013-01-03T00:00:00.000Z');
    expect(at('2013-1-03 00:00:00')).toBe('2013-01-03T00:00:00.000Z');
    expect(at('2013-05-03 00:00:00-06:00')).toBe('2013-05-03T06:00:00.000Z');
    expect(at('2025-08-20')).toBe('2025-08-20T00:00:00.000Z');
  });

  it('tells blank, <delete> and nonsense apart', () => {
    expect(at('')).toBe('blank');
    expect(at('<delete>')).toBe('delete');
    expect(at('next tuesday')).toBe('invalid');
    expect(at('2025-13-01')).toBe('invalid');
  });
});
