import { contextWith, staffPerson, studentPerson } from '../testing/roster-build.test-helper';
import { buildUser } from './user.builder';

describe('buildUser', () => {
  it('gives a person their schools in SIS id order', () => {
    const { context } = contextWith();
    expect(buildUser(staffPerson('PA', 41), new Set(['SCH2', 'SCH10', 'SCH1']), [], context)?.schoolSisIds).toEqual([
      'SCH1',
      'SCH10',
      'SCH2',
    ]);
  });

  it('leaves out staff without a school (district-level) and students without an enrollment, and counts them', () => {
    const { context } = contextWith();
    expect(buildUser(staffPerson('PA', 41), undefined, [], context)).toBeUndefined();
    expect(buildUser(studentPerson('RA', 51), undefined, [], context)).toBeUndefined();
    expect(context.skipped).toMatchObject({ districtLevelStaff: 1, studentsWithoutEnrollment: 1 });
  });

  it('takes the grade of the Home school enrollment, then any other by school, then MostRecent', () => {
    const { context } = contextWith();
    const student = studentPerson('RA', 51, '09');
    const schools = new Set(['SCH1', 'SCH2']);
    expect(
      buildUser(
        student,
        schools,
        [
          { home: false, schoolSisId: 'SCH1', gradeLevel: '08' },
          { home: true, schoolSisId: 'SCH2', gradeLevel: '07' },
        ],
        context,
      )?.gradeLevel,
    ).toBe('07');
    expect(
      buildUser(
        student,
        schools,
        [
          { home: true, schoolSisId: 'SCH2' },
          { home: false, schoolSisId: 'SCH1', gradeLevel: '08' },
        ],
        context,
      )?.gradeLevel,
    ).toBe('08');
    expect(buildUser(student, schools, [], context)?.gradeLevel).toBe('09');
    expect(buildUser(staffPerson('PA', 41), schools, [], context)).not.toHaveProperty('gradeLevel');
  });

  it('leaves the person it was given as it was', () => {
    const { context } = contextWith();
    const person = studentPerson('RA', 51, '09');
    buildUser(person, new Set(['SCH1']), [], context);
    expect(person.user.schoolSisIds).toEqual([]);
  });
});
