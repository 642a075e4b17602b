import type { RosterCourse, RosterPerson } from './canvas-roster';

/**
 * The classes of the LTI suites: a teacher with a course, a TA in it, students whose names must
 * never appear on the teacher's page, and a second teacher's course.
 */
export const TEACHER = 'T4711';
export const TA = 'T5150';
export const STUDENT = 'S9001';
export const COURSE = 'CRS1203-TRM1';
export const OTHER_TEACHER = 'T4800';
export const OTHER_COURSE = 'CRS1300-TRM1';

export const PEOPLE: RosterPerson[] = [
  { sisId: TEACHER, firstName: 'Dana', lastName: 'Ruiz' },
  { sisId: TA, firstName: 'Theo', lastName: 'Assistant' },
  { sisId: OTHER_TEACHER, firstName: 'Omar', lastName: 'Khan' },
  { sisId: STUDENT, firstName: 'Zelda', lastName: 'Quarrington' },
  { sisId: 'S9002', firstName: 'Yusuf', lastName: 'Ballantyne' },
  { sisId: 'S9003', firstName: 'Xenia', lastName: 'Cartwright' },
];

export const STUDENT_NAMES = PEOPLE.filter((person) => person.sisId.startsWith('S')).flatMap((person) => [
  person.firstName,
  person.lastName,
]);

export const COURSES: RosterCourse[] = [
  { sisId: COURSE, title: 'Biology 1', teachers: [TEACHER], tas: [TA], students: [STUDENT, 'S9002', 'S9003'] },
  { sisId: OTHER_COURSE, title: 'Chemistry 1', teachers: [OTHER_TEACHER], students: ['S9002'] },
];
