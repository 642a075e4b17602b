import { contextWith, dcid } from '../testing/roster-build.test-helper';
import { buildStudent } from './student.builder';

describe('buildStudent', () => {
  it('makes a student, keeping MostRecent/GradeLevel for when no school enrollment gives a grade', () => {
    const { context } = contextWith();
    expect(
      buildStudent(
        {
          objectName: 'StudentPersonal',
          refId: 'RA',
          localId: '1001',
          name: { firstName: 'Sam', lastName: 'Lee' },
          gradeLevel: '07',
          ...dcid(51),
        },
        context,
      ),
    ).toEqual({
      sisId: 'S51',
      mostRecentGradeLevel: '07',
      user: {
        kind: 'user',
        sisId: 'S51',
        refId: 'RA',
        dcid: 51,
        personType: 'student',
        localId: '1001',
        firstName: 'Sam',
        lastName: 'Lee',
        schoolSisIds: [],
      },
    });
  });

  it('rejects a student whose SIS id another student has', () => {
    const { context, rejections } = contextWith();
    buildStudent({ objectName: 'StudentPersonal', refId: 'RA', ...dcid(51) }, context);
    expect(buildStudent({ objectName: 'StudentPersonal', refId: 'RB', ...dcid(51) }, context)).toBeUndefined();
    expect(rejections).toEqual([
      {
        objectName: 'StudentPersonal',
        refId: 'RB',
        problem: 'StudentPersonal would have SIS id S51, which StudentPersonal RA already has',
      },
    ]);
  });
});
