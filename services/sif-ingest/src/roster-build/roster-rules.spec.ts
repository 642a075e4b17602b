import { isStillEnrolled, primaryEmail } from './roster-rules';

describe('roster rules', () => {
  it('takes the Primary e-mail only when it is one address', () => {
    expect(primaryEmail([{ type: 'Primary', address: ' sam@students.example.org ' }])).toBe('sam@students.example.org');
    expect(primaryEmail([{ type: 'Primary', address: 'mom@example.org, dad@example.org' }])).toBeUndefined();
    expect(primaryEmail([{ type: 'Primary', address: 'mom@example.org;dad@example.org' }])).toBeUndefined();
    expect(primaryEmail([{ type: 'Alternate1', address: 'alt@example.org' }])).toBeUndefined();
    expect(primaryEmail(undefined)).toBeUndefined();
  });

  it('[U] reads ExitDate either as the first day gone or as the last day attended', () => {
    expect(isStillEnrolled(undefined, '2026-01-10', 'day-after-last')).toBe(true);
    expect(isStillEnrolled('2026-01-10', '2026-01-10', 'day-after-last')).toBe(false);
    expect(isStillEnrolled('2026-01-10', '2026-01-10', 'last-day')).toBe(true);
    expect(isStillEnrolled('2026-01-09', '2026-01-10', 'last-day')).toBe(false);
    expect(isStillEnrolled('2026-01-11', '2026-01-10', 'day-after-last')).toBe(true);
  });
});
