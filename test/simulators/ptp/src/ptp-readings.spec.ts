import { checkReadings, DEFAULT_READINGS, parseReadings } from './ptp-readings';

describe('the [U] readings', () => {
  it('parses --reading into the defaults, any subset', () => {
    expect(parseReadings(undefined)).toEqual(DEFAULT_READINGS);
    expect(parseReadings('scoreBatchConflicts=per-row, yearIdZero=empty')).toEqual({
      ...DEFAULT_READINGS,
      scoreBatchConflicts: 'per-row',
      yearIdZero: 'empty',
    });
  });

  it('refuses unknown readings and values, saying what is allowed', () => {
    expect(() => parseReadings('guess=yes')).toThrow('unknown reading "guess"');
    expect(() => parseReadings('yearIdZero=everything')).toThrow('yearIdZero must be one of all, empty, error');
    expect(() => checkReadings({ ...DEFAULT_READINGS, conflictBody: 'xml' as never })).toThrow(
      'conflictBody must be one of errors-array, message-only',
    );
  });
});
