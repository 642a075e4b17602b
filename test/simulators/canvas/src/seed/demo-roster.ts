import { SeededRandom } from '@sisbridge/sim-common';

const FIRST_NAMES = ['Ada', 'Bo', 'Cam', 'Dee', 'Eli', 'Fay', 'Gus', 'Hana', 'Ira', 'Jo', 'Kai', 'Lu', 'Mo', 'Nia', 'Oto', 'Pia'];
const LAST_NAMES = [
  'Abbott',
  'Baker',
  'Chen',
  'Diaz',
  'Evans',
  'Fox',
  'Garcia',
  'Hill',
  'Ito',
  'Jones',
  'Khan',
  'Lopez',
  'Moss',
  'Ng',
  'Ortiz',
  'Park',
];

export interface DemoRoster {
  sisCourseId: string;
  sisTermId: string;
  termStart: Date;
  termEnd: Date;
  files: Record<string, string>;
}

/**
 * A one-course district as SIS CSVs, for seeding a gradebook when no course is given: a school,
 * a term around today, a course with two sections, a teacher and `students` students.
 */
export function demoRoster(seed: number, now: Date, students = 8): DemoRoster {
  const random = new SeededRandom(seed).fork('demo-roster');
  const day = 86_400_000;
  const termStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 60 * day);
  const termEnd = new Date(termStart.getTime() + 120 * day);
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const suffix = String(seed);
  const sisTermId = `SIM-TERM-${suffix}`;
  const sisCourseId = `SIM-BIO-${suffix}`;
  const users = [
    'user_id,login_id,first_name,last_name,email,status',
    `SIM-T-${suffix},teacher${suffix},Dana,Ruiz,dana.ruiz${suffix}@example.test,active`,
  ];
  const enrollments = [
    'course_id,section_id,user_id,role,status',
    `${sisCourseId},${sisCourseId}-1,SIM-T-${suffix},teacher,active`,
    `${sisCourseId},${sisCourseId}-2,SIM-T-${suffix},teacher,active`,
  ];
  for (let i = 1; i <= students; i++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const userId = `SIM-S-${suffix}-${i}`;
    users.push(`${userId},student${suffix}-${i},${first},${last},,active`);
    enrollments.push(`${sisCourseId},${sisCourseId}-${i % 2 === 1 ? 1 : 2},${userId},student,active`);
  }
  return {
    sisCourseId,
    sisTermId,
    termStart,
    termEnd,
    files: {
      'accounts.csv': ['account_id,parent_account_id,name,status', `SIM-SCHOOL-${suffix},,Simulated High School,active`].join('\n'),
      'terms.csv': [
        'term_id,name,status,start_date,end_date',
        `${sisTermId},Simulated Term ${suffix},active,${iso(termStart)},${iso(termEnd)}`,
      ].join('\n'),
      'courses.csv': [
        'course_id,short_name,long_name,account_id,term_id,status',
        `${sisCourseId},BIO-${suffix},Biology ${suffix},SIM-SCHOOL-${suffix},${sisTermId},published`,
      ].join('\n'),
      'sections.csv': [
        'section_id,course_id,name,status',
        `${sisCourseId}-1,${sisCourseId},Biology Period 1,active`,
        `${sisCourseId}-2,${sisCourseId},Biology Period 2,active`,
      ].join('\n'),
      'users.csv': users.join('\n'),
      'enrollments.csv': enrollments.join('\n'),
    },
  };
}
