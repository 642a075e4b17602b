import { contextWith, dcid, testRules } from '../testing/roster-build.test-helper';
import { buildSchool } from './school.builder';

describe('buildSchool', () => {
  it('makes a school from SchoolInfo, with its DCID, number and state id', () => {
    const { context } = contextWith();
    expect(
      buildSchool(
        { objectName: 'SchoolInfo', refId: 'SA', schoolName: 'Alpha', localId: '100', stateProvinceId: 'ST-1', ...dcid(1) },
        context,
      ),
    ).toEqual({ kind: 'school', sisId: 'SCH1', refId: 'SA', dcid: 1, name: 'Alpha', schoolNumber: '100', stateId: 'ST-1' });
  });

  it('names a school without a name by its SIS id, and uses the RefId when there is no DCID', () => {
    const { context } = contextWith();
    expect(buildSchool({ objectName: 'SchoolInfo', refId: 'SA' }, context)).toEqual({
      kind: 'school',
      sisId: 'SCHSA',
      refId: 'SA',
      name: 'SCHSA',
    });
  });

  it('rejects a second school with the same SIS id, naming the first', () => {
    const { context, rejections } = contextWith();
    expect(buildSchool({ objectName: 'SchoolInfo', refId: 'SA', schoolName: 'A', ...dcid(1) }, context)).toBeDefined();
    expect(buildSchool({ objectName: 'SchoolInfo', refId: 'SZ', schoolName: 'Z', ...dcid(1) }, context)).toBeUndefined();
    expect(rejections).toEqual([
      { objectName: 'SchoolInfo', refId: 'SZ', problem: 'SchoolInfo would have SIS id SCH1, which SchoolInfo SA already has' },
    ]);
  });

  it('rejects a school without a DCID when sif.sisIdSource is "dcid"', () => {
    const { context, rejections } = contextWith({}, testRules({ sisIdSource: 'dcid' }));
    expect(buildSchool({ objectName: 'SchoolInfo', refId: 'SA', schoolName: 'A' }, context)).toBeUndefined();
    expect(rejections[0]?.problem).toBe('SchoolInfo has no SIF_ExtendedElement named DCID (the DCID), and sif.sisIdSource is "dcid"');
  });
});
