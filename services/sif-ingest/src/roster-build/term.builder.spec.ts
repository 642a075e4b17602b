import { contextWith, dcid, SCHOOL_A } from '../testing/roster-build.test-helper';
import { buildTerm } from './term.builder';

describe('buildTerm', () => {
  const record = {
    objectName: 'TermInfo' as const,
    refId: 'TA',
    schoolInfoRefId: 'SA',
    schoolYear: 2026,
    startDate: '2025-08-20',
    endDate: '2026-01-10',
    description: 'Semester 1',
    termCode: 'S1',
    ...dcid(11),
  };

  it('makes a term of its school for the school year', () => {
    const { context } = contextWith({ schools: [SCHOOL_A] });
    expect(buildTerm(record, context)).toEqual({
      kind: 'term',
      sisId: 'TRM11',
      refId: 'TA',
      dcid: 11,
      schoolSisId: 'SCH1',
      name: 'Semester 1',
      startDate: '2025-08-20',
      endDate: '2026-01-10',
      termCode: 'S1',
      schoolYear: 2026,
    });
  });

  it('names a term by its code when it has no description', () => {
    const { context } = contextWith({ schools: [SCHOOL_A] });
    expect(buildTerm({ ...record, description: undefined }, context)?.name).toBe('S1');
  });

  it('skips a term of another school year, and counts it', () => {
    const { context, rejections } = contextWith({ schools: [SCHOOL_A] });
    expect(buildTerm({ ...record, schoolYear: 2025 }, context)).toBeUndefined();
    expect(rejections).toEqual([]);
    expect(context.skipped.otherSchoolYear).toBe(1);
  });

  it('rejects a term whose school is not in the roster', () => {
    const { context, rejections } = contextWith();
    expect(buildTerm(record, context)).toBeUndefined();
    expect(rejections).toEqual([
      {
        objectName: 'TermInfo',
        refId: 'TA',
        problem:
          'TermInfo/@SchoolInfoRefId SA names no SchoolInfo in the roster (missing from the feed, of another school year, or rejected)',
      },
    ]);
  });
});
