import { contextWith, dcid, testRules } from '../testing/roster-build.test-helper';
import { buildStaff } from './staff.builder';

describe('buildStaff', () => {
  it('makes a staff member with names, username and the Primary e-mail when it is one address', () => {
    const { context } = contextWith({}, testRules({ usernameElement: 'USERNAME' }));
    const person = buildStaff(
      {
        objectName: 'StaffPersonal',
        refId: 'PA',
        localId: 'T1',
        name: { firstName: 'Ada', lastName: 'Byron', middleName: 'K' },
        emails: [{ type: 'Primary', address: 'ada@example.org' }],
        extendedElements: { DCID: '41', USERNAME: 'abyron' },
      },
      context,
    );
    expect(person).toEqual({
      sisId: 'T41',
      user: {
        kind: 'user',
        sisId: 'T41',
        refId: 'PA',
        dcid: 41,
        personType: 'staff',
        localId: 'T1',
        firstName: 'Ada',
        lastName: 'Byron',
        middleName: 'K',
        username: 'abyron',
        email: 'ada@example.org',
        schoolSisIds: [],
      },
    });
  });

  it('gives no e-mail when the Primary one holds several addresses', () => {
    const { context } = contextWith();
    const person = buildStaff(
      { objectName: 'StaffPersonal', refId: 'PA', emails: [{ type: 'Primary', address: 'a@example.org, b@example.org' }], ...dcid(41) },
      context,
    );
    expect(person?.user).not.toHaveProperty('email');
  });

  it('rejects a DCID that is not a whole number', () => {
    const { context, rejections } = contextWith();
    expect(buildStaff({ objectName: 'StaffPersonal', refId: 'PA', extendedElements: { DCID: '4x' } }, context)).toBeUndefined();
    expect(rejections[0]?.problem).toBe("StaffPersonal/SIF_ExtendedElement[@Name='DCID'] must be a whole number (the PowerSchool DCID)");
  });
});
