import { parse } from 'csv-parse/sync';
import type { RosterChange, RosterCourse, RosterEnrollment, RosterSchool, RosterSection, RosterTerm, RosterUser } from '@sisbridge/roster';
import { emptySnapshotIndex, type BuildContext, type SnapshotIndex } from './builders/build-context';
import { planSisImport, totalRows, type SisImportPlan } from './sis-import-plan';

const school: RosterSchool = { kind: 'school', sisId: 'SCH1', refId: 'R1', dcid: 1, name: 'Lincoln High' };
const term: RosterTerm = {
  kind: 'term',
  sisId: 'TRM10',
  refId: 'R10',
  dcid: 10,
  schoolSisId: 'SCH1',
  name: 'Semester 1',
  startDate: '2025-08-20',
  endDate: '2026-01-16',
  schoolYear: 2026,
};
const course: RosterCourse = {
  kind: 'course',
  sisId: 'CRS5',
  refId: 'R5',
  dcid: 5,
  schoolSisId: 'SCH1',
  courseCode: 'ALG1',
  title: 'Algebra I',
};
const section = (n: number, overrides: Partial<RosterSection> = {}): RosterSection => ({
  kind: 'section',
  sisId: `SEC${n}`,
  refId: `RS${n}`,
  dcid: n,
  courseSisId: 'CRS5',
  schoolSisId: 'SCH1',
  sectionCode: `ALG1-${n}`,
  termSisIds: ['TRM10'],
  teacherSisIds: ['T7'],
  ...overrides,
});
const user = (sisId: string, overrides: Partial<RosterUser> = {}): RosterUser => ({
  kind: 'user',
  sisId,
  refId: `R${sisId}`,
  personType: 'student',
  localId: `10${sisId}`,
  firstName: 'Zoë',
  lastName: 'O\'Neil, "Jr"',
  schoolSisIds: ['SCH1'],
  ...overrides,
});
const enrollment = (sectionSisId: string, userSisId: string, role: 'student' | 'teacher' = 'student'): RosterEnrollment => ({
  kind: 'enrollment',
  sisId: `${sectionSisId}|${userSisId}|${role}`,
  sectionSisId,
  userSisId,
  role,
});

function lookups(sections: RosterSection[], extra: Partial<SnapshotIndex> = {}): SnapshotIndex {
  return {
    schools: new Map([[school.sisId, school]]),
    terms: new Map([[term.sisId, term]]),
    courses: new Map([[course.sisId, course]]),
    sections: new Map(sections.map((s) => [s.sisId, s])),
    ...extra,
  };
}

function context(before: SnapshotIndex, after: SnapshotIndex, canvas: Partial<BuildContext['canvas']> = {}): BuildContext {
  return {
    canvas: {
      courseMode: 'course-per-section',
      loginIdSource: 'local-id',
      enrollmentDropStatus: 'completed',
      userRemoveStatus: 'suspended',
      ...canvas,
    },
    before,
    after,
  };
}

async function* stream<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

function csv(plan: SisImportPlan, name: string): Array<Record<string, string>> {
  const file = plan.files.find((f) => f.name === name);
  return file ? (parse(file.content, { columns: true }) as Array<Record<string, string>>) : [];
}

describe('SIS import plan', () => {
  it('provisions a first run completely, one course per section', async () => {
    const plan = await planSisImport({
      context: context(emptySnapshotIndex(), lookups([section(1), section(2)])),
      userChanges: stream<RosterChange<RosterUser>>([
        { op: 'add', kind: 'user', sisId: 'S1', after: user('S1', { email: 'zoe@example.org' }) },
      ]),
      enrollmentChanges: stream<RosterChange<RosterEnrollment>>([
        { op: 'add', kind: 'enrollment', sisId: 'x', after: enrollment('SEC1', 'S1') },
      ]),
      smallKindChanges: 5,
    });
    expect(plan.files.map((f) => f.name)).toEqual([
      'accounts.csv',
      'terms.csv',
      'courses.csv',
      'sections.csv',
      'users.csv',
      'enrollments.csv',
    ]);
    expect(csv(plan, 'accounts.csv')).toEqual([{ account_id: 'SCH1', parent_account_id: '', name: 'Lincoln High', status: 'active' }]);
    expect(csv(plan, 'terms.csv')).toEqual([
      { term_id: 'TRM10', name: 'Semester 1 (Lincoln High)', status: 'active', start_date: '2025-08-20', end_date: '2026-01-16' },
    ]);
    expect(csv(plan, 'courses.csv')).toEqual([
      { course_id: 'SEC1', short_name: 'ALG1-1', long_name: 'Algebra I (ALG1-1)', account_id: 'SCH1', term_id: 'TRM10', status: 'active' },
      { course_id: 'SEC2', short_name: 'ALG1-2', long_name: 'Algebra I (ALG1-2)', account_id: 'SCH1', term_id: 'TRM10', status: 'active' },
    ]);
    expect(csv(plan, 'sections.csv')).toEqual([
      { section_id: 'SEC1', course_id: 'SEC1', name: 'ALG1-1', status: 'active' },
      { section_id: 'SEC2', course_id: 'SEC2', name: 'ALG1-2', status: 'active' },
    ]);
    expect(csv(plan, 'users.csv')).toEqual([
      {
        user_id: 'S1',
        login_id: '10S1',
        authentication_provider_id: '',
        first_name: 'Zoë',
        last_name: 'O\'Neil, "Jr"',
        email: 'zoe@example.org',
        status: 'active',
      },
    ]);
    expect(csv(plan, 'enrollments.csv')).toEqual([
      { course_id: 'SEC1', section_id: 'SEC1', user_id: 'S1', role: 'student', status: 'active' },
    ]);
    expect(plan.counts.courses).toEqual({ rows: 2, created: 2, updated: 0, deleted: 0 });
  });

  it('puts sections of one course and term into one Canvas course per offering', async () => {
    const plan = await planSisImport({
      context: context(emptySnapshotIndex(), lookups([section(1), section(2)]), { courseMode: 'course-per-offering' }),
      userChanges: stream([]),
      enrollmentChanges: stream<RosterChange<RosterEnrollment>>([
        { op: 'add', kind: 'enrollment', sisId: 'x', after: enrollment('SEC2', 'T7', 'teacher') },
      ]),
      smallKindChanges: 0,
    });
    expect(csv(plan, 'courses.csv')).toEqual([
      { course_id: 'CRS5-TRM10', short_name: 'ALG1', long_name: 'Algebra I', account_id: 'SCH1', term_id: 'TRM10', status: 'active' },
    ]);
    expect(csv(plan, 'sections.csv').map((row) => [row['section_id'], row['course_id']])).toEqual([
      ['SEC1', 'CRS5-TRM10'],
      ['SEC2', 'CRS5-TRM10'],
    ]);
    expect(csv(plan, 'enrollments.csv')).toEqual([
      { course_id: 'CRS5-TRM10', section_id: 'SEC2', user_id: 'T7', role: 'teacher', status: 'active' },
    ]);
  });

  it('sends only what changed: a renamed course, a removed section, a dropped enrollment, a departed user', async () => {
    const renamed = { ...course, title: 'Algebra 1 Honors' };
    const before = lookups([section(1), section(2)]);
    const after = lookups([section(1)], { courses: new Map([[renamed.sisId, renamed]]) });
    const plan = await planSisImport({
      context: context(before, after),
      userChanges: stream<RosterChange<RosterUser>>([
        { op: 'remove', kind: 'user', sisId: 'S2', before: user('S2') },
        {
          op: 'change',
          kind: 'user',
          sisId: 'S3',
          before: user('S3'),
          after: user('S3', { schoolSisIds: ['SCH2'] }),
          fields: ['schoolSisIds'],
        },
      ]),
      enrollmentChanges: stream<RosterChange<RosterEnrollment>>([
        { op: 'remove', kind: 'enrollment', sisId: 'x', before: enrollment('SEC2', 'S2') },
      ]),
      smallKindChanges: 2,
    });
    expect(csv(plan, 'accounts.csv')).toEqual([]);
    expect(csv(plan, 'courses.csv')).toEqual([
      expect.objectContaining({ course_id: 'SEC1', long_name: 'Algebra 1 Honors (ALG1-1)', status: 'active' }),
      expect.objectContaining({ course_id: 'SEC2', status: 'deleted' }),
    ]);
    expect(csv(plan, 'sections.csv')).toEqual([{ section_id: 'SEC2', course_id: 'SEC2', name: 'ALG1-2', status: 'deleted' }]);
    expect(csv(plan, 'users.csv')).toEqual([expect.objectContaining({ user_id: 'S2', status: 'suspended' })]);
    expect(csv(plan, 'enrollments.csv')).toEqual([
      { course_id: 'SEC2', section_id: 'SEC2', user_id: 'S2', role: 'student', status: 'completed' },
    ]);
    expect(totalRows(plan.counts)).toBe(5);
  });

  it('keeps schools and terms that vanished from PowerSchool, and says so', async () => {
    const plan = await planSisImport({
      context: context(lookups([]), emptySnapshotIndex()),
      userChanges: stream([]),
      enrollmentChanges: stream([]),
      smallKindChanges: 2,
    });
    expect(plan.files).toEqual([]);
    expect(plan.kept).toEqual({ accounts: ['SCH1'], terms: ['TRM10'] });
  });

  it('sends an e-mail only when it is one address, and reports users without the chosen login source', async () => {
    const plan = await planSisImport({
      context: context(emptySnapshotIndex(), emptySnapshotIndex(), {
        loginIdSource: 'username',
        userRemoveStatus: 'deleted',
        authenticationProviderId: 'saml',
      }),
      userChanges: stream<RosterChange<RosterUser>>([
        { op: 'add', kind: 'user', sisId: 'S1', after: user('S1', { username: 'zoneil', email: 'mom@example.org, dad@example.org' }) },
        { op: 'add', kind: 'user', sisId: 'S2', after: user('S2', { email: 'pat@example.org' }) },
        { op: 'remove', kind: 'user', sisId: 'S3', before: user('S3', { username: 'gone' }) },
      ]),
      enrollmentChanges: stream([]),
      smallKindChanges: 0,
    });
    expect(csv(plan, 'users.csv')).toEqual([
      expect.objectContaining({ user_id: 'S1', login_id: 'zoneil', email: '', authentication_provider_id: 'saml', status: 'active' }),
      expect.objectContaining({ user_id: 'S3', login_id: 'gone', status: 'deleted' }),
    ]);
    expect(plan.problems).toEqual([
      {
        kind: 'user',
        sisId: 'S2',
        problem: 'has no PowerSchool username, which this district uses as the Canvas login id; fix it in PowerSchool',
      },
    ]);
  });
});
