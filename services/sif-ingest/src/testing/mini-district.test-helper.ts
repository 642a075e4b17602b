import type { DistrictConfig } from '@sisbridge/district-config';
import { parseDistricts } from '@sisbridge/district-config';
import type { RosterEntity } from '@sisbridge/roster';

/**
 * A hand-written district for the agent's tests: every rule of the mission appears once
 * (two schools, a previous-year term and section, a co-taught two-term section, district-level
 * staff, a teacher without a school assignment, exited enrollments, a student with none).
 */
const year = 2026;

export const AS_OF = '2025-10-15';
export const NOW = new Date('2025-10-15T15:00:00Z');

const ext = (dcid: number | undefined, extra = '') =>
  dcid === undefined && !extra
    ? ''
    : `<SIF_ExtendedElements>${dcid === undefined ? '' : `<SIF_ExtendedElement Name="DCID">${dcid}</SIF_ExtendedElement>`}${extra}</SIF_ExtendedElements>`;

export function ref(label: string): string {
  return Buffer.from(label).toString('hex').toUpperCase().padEnd(32, '0').slice(0, 32);
}

export interface MiniOptions {
  /** Leave the DCID extended elements out (the agent then falls back to RefIds). */
  withoutDcid?: boolean;
}

export function miniDistrictObjects(options: MiniOptions = {}): Record<string, string[]> {
  const d = (n: number) => (options.withoutDcid ? undefined : n);
  const school = (id: string, dcid: number, name: string, number: string) =>
    `<SchoolInfo RefId="${ref(id)}"><LocalId>${number}</LocalId><SchoolName>${name}</SchoolName><LEAInfoRefId>${ref('lea')}</LEAInfoRefId>${ext(d(dcid))}</SchoolInfo>`;
  const term = (id: string, dcid: number, schoolId: string, y: number, start: string, end: string, name: string) =>
    `<TermInfo RefId="${ref(id)}" SchoolInfoRefId="${ref(schoolId)}" SchoolYear="${y}"><StartDate>${start}</StartDate><EndDate>${end}</EndDate><Description>${name}</Description><TermCode>${name}</TermCode>${ext(d(dcid))}</TermInfo>`;
  const course = (id: string, dcid: number, schoolId: string, y: number, code: string, title?: string) =>
    `<SchoolCourseInfo RefId="${ref(id)}" SchoolInfoRefId="${ref(schoolId)}" SchoolYear="${y}"><CourseCode>${code}</CourseCode>${title ? `<CourseTitle>${title}</CourseTitle>` : ''}${ext(d(dcid))}</SchoolCourseInfo>`;
  const section = (id: string, dcid: number, courseId: string, y: number, schedule: Array<[string, string[]]>) =>
    `<SectionInfo RefId="${ref(id)}" SchoolCourseInfoRefId="${ref(courseId)}" SchoolYear="${y}"><LocalId>${id}</LocalId><ScheduleInfoList>${schedule
      .map(
        ([t, teachers]) =>
          `<ScheduleInfo TermInfoRefId="${ref(t)}"><TeacherList>${teachers.map((p) => `<StaffPersonalRefId>${ref(p)}</StaffPersonalRefId>`).join('')}</TeacherList></ScheduleInfo>`,
      )
      .join('')}</ScheduleInfoList>${ext(d(dcid))}</SectionInfo>`;
  const person = (objectName: string, id: string, dcid: number, localId: string, email?: string, extra = '') =>
    `<${objectName} RefId="${ref(id)}"><LocalId>${localId}</LocalId><Name Type="04"><LastName>Last${localId}</LastName><FirstName>First${localId}</FirstName></Name>${
      email ? `<EmailList><Email Type="Primary">${email}</Email></EmailList>` : ''
    }${extra}${ext(d(dcid))}</${objectName}>`;
  const assignment = (id: string, schoolId: string, staffId: string, y: number) =>
    `<StaffAssignment RefId="${ref(id)}" SchoolInfoRefId="${ref(schoolId)}" SchoolYear="${y}" StaffPersonalRefId="${ref(staffId)}"><PrimaryAssignment>Yes</PrimaryAssignment>${ext(d(900))}</StaffAssignment>`;
  const schoolEnrollment = (id: string, studentId: string, schoolId: string, exit?: string, grade = '07') =>
    `<StudentSchoolEnrollment RefId="${ref(id)}" StudentPersonalRefId="${ref(studentId)}" SchoolInfoRefId="${ref(schoolId)}" MembershipType="Home" TimeFrame="Current" SchoolYear="${year}"><EntryDate>2025-08-20</EntryDate><GradeLevel><Code>${grade}</Code></GradeLevel>${exit ? `<ExitDate>${exit}</ExitDate>` : ''}</StudentSchoolEnrollment>`;
  const sectionEnrollment = (id: string, studentId: string, sectionId: string, exit?: string) =>
    `<StudentSectionEnrollment RefId="${ref(id)}" StudentPersonalRefId="${ref(studentId)}" SectionInfoRefId="${ref(sectionId)}" SchoolYear="${year}"><EntryDate>2025-08-20</EntryDate>${exit ? `<ExitDate>${exit}</ExitDate>` : ''}${ext(d(800))}</StudentSectionEnrollment>`;
  return {
    LEAInfo: [`<LEAInfo RefId="${ref('lea')}"><LocalId>77</LocalId><LEAName>Mini District</LEAName></LEAInfo>`],
    SchoolInfo: [school('sa', 1, 'Alpha Middle', '100'), school('sb', 2, 'Beta High', '200')],
    TermInfo: [
      term('t1', 11, 'sa', year, '2025-08-20', '2026-01-10', 'S1'),
      term('t2', 12, 'sa', year, '2026-01-12', '2026-06-01', 'S2'),
      term('t3', 13, 'sb', year, '2025-08-20', '2026-06-01', 'YR'),
      term('t0', 10, 'sa', year - 1, '2024-08-20', '2025-06-01', 'OLD'),
    ],
    SchoolCourseInfo: [
      course('c1', 21, 'sa', year, 'MATH7', 'Math 7'),
      course('c2', 22, 'sb', year, 'BIO'),
      course('c0', 20, 'sa', year - 1, 'OLD'),
    ],
    SectionInfo: [
      section('x1', 31, 'c1', year, [
        ['t1', ['p1', 'p2']],
        ['t2', ['p1']],
      ]),
      section('x2', 32, 'c2', year, [['t3', ['p3']]]),
      section('x0', 30, 'c0', year - 1, [['t0', ['p1']]]),
    ],
    StaffPersonal: [
      person('StaffPersonal', 'p1', 41, 'T1', 'p1@example.org'),
      person('StaffPersonal', 'p2', 42, 'T2'),
      person('StaffPersonal', 'p3', 43, 'T3', 'p3@example.org'),
      person('StaffPersonal', 'p4', 44, 'T4'),
      person('StaffPersonal', 'p5', 45, 'T5'),
    ],
    StaffAssignment: [assignment('a1', 'sa', 'p1', year), assignment('a3', 'sb', 'p3', year), assignment('a5', 'sa', 'p5', year - 1)],
    StudentPersonal: [
      person('StudentPersonal', 's1', 51, '1001', 'mom@example.org, dad@example.org'),
      person('StudentPersonal', 's2', 52, '1002'),
      person('StudentPersonal', 's3', 53, '1003', 's3@example.org'),
      person('StudentPersonal', 's4', 54, '1004'),
    ],
    StudentSchoolEnrollment: [
      schoolEnrollment('e1', 's1', 'sa'),
      schoolEnrollment('e2', 's2', 'sa', '2025-09-30'),
      schoolEnrollment('e3', 's3', 'sb', undefined, '10'),
    ],
    StudentSectionEnrollment: [
      sectionEnrollment('r1', 's1', 'x1'),
      sectionEnrollment('r2', 's2', 'x1', '2025-09-30'),
      sectionEnrollment('r3', 's3', 'x2'),
      sectionEnrollment('r4', 's1', 'x2', AS_OF),
    ],
  };
}

/** The roster the mini district must give, written out by hand (sis ids with DCIDs, or RefIds without). */
export function expectedMiniRoster(options: MiniOptions & { exitDateMeaning: 'day-after-last' | 'last-day' }): RosterEntity[] {
  const id = (prefix: string, label: string, dcid: number) => `${prefix}${options.withoutDcid ? ref(label) : dcid}`;
  const dcid = (n: number) => (options.withoutDcid ? {} : { dcid: n });
  const SA = id('SCH', 'sa', 1);
  const SB = id('SCH', 'sb', 2);
  const T1 = id('TRM', 't1', 11);
  const T2 = id('TRM', 't2', 12);
  const T3 = id('TRM', 't3', 13);
  const C1 = id('CRS', 'c1', 21);
  const C2 = id('CRS', 'c2', 22);
  const X1 = id('SEC', 'x1', 31);
  const X2 = id('SEC', 'x2', 32);
  const P1 = id('T', 'p1', 41);
  const P2 = id('T', 'p2', 42);
  const P3 = id('T', 'p3', 43);
  const S1 = id('S', 's1', 51);
  const S3 = id('S', 's3', 53);
  const r4Kept = options.exitDateMeaning === 'last-day';
  const staff = (sisId: string, label: string, n: number, local: string, schools: string[], email?: string): RosterEntity => ({
    kind: 'user',
    sisId,
    refId: ref(label),
    ...dcid(n),
    personType: 'staff',
    localId: local,
    firstName: `First${local}`,
    lastName: `Last${local}`,
    schoolSisIds: schools,
    ...(email ? { email } : {}),
  });
  const student = (
    sisId: string,
    label: string,
    n: number,
    local: string,
    schools: string[],
    grade: string,
    email?: string,
  ): RosterEntity => ({
    kind: 'user',
    sisId,
    refId: ref(label),
    ...dcid(n),
    personType: 'student',
    localId: local,
    firstName: `First${local}`,
    lastName: `Last${local}`,
    schoolSisIds: schools,
    gradeLevel: grade,
    ...(email ? { email } : {}),
  });
  const sort = (ids: string[]) => [...ids].sort();
  return [
    { kind: 'school', sisId: SA, refId: ref('sa'), ...dcid(1), name: 'Alpha Middle', schoolNumber: '100' },
    { kind: 'school', sisId: SB, refId: ref('sb'), ...dcid(2), name: 'Beta High', schoolNumber: '200' },
    {
      kind: 'term',
      sisId: T1,
      refId: ref('t1'),
      ...dcid(11),
      schoolSisId: SA,
      name: 'S1',
      startDate: '2025-08-20',
      endDate: '2026-01-10',
      termCode: 'S1',
      schoolYear: year,
    },
    {
      kind: 'term',
      sisId: T2,
      refId: ref('t2'),
      ...dcid(12),
      schoolSisId: SA,
      name: 'S2',
      startDate: '2026-01-12',
      endDate: '2026-06-01',
      termCode: 'S2',
      schoolYear: year,
    },
    {
      kind: 'term',
      sisId: T3,
      refId: ref('t3'),
      ...dcid(13),
      schoolSisId: SB,
      name: 'YR',
      startDate: '2025-08-20',
      endDate: '2026-06-01',
      termCode: 'YR',
      schoolYear: year,
    },
    { kind: 'course', sisId: C1, refId: ref('c1'), ...dcid(21), schoolSisId: SA, courseCode: 'MATH7', title: 'Math 7' },
    { kind: 'course', sisId: C2, refId: ref('c2'), ...dcid(22), schoolSisId: SB, courseCode: 'BIO', title: 'BIO' },
    {
      kind: 'section',
      sisId: X1,
      refId: ref('x1'),
      ...dcid(31),
      courseSisId: C1,
      schoolSisId: SA,
      sectionCode: 'x1',
      termSisIds: [T1, T2],
      teacherSisIds: [P1, P2],
    },
    {
      kind: 'section',
      sisId: X2,
      refId: ref('x2'),
      ...dcid(32),
      courseSisId: C2,
      schoolSisId: SB,
      sectionCode: 'x2',
      termSisIds: [T3],
      teacherSisIds: [P3],
    },
    { kind: 'enrollment', sisId: `${X1}|${P1}|teacher`, sectionSisId: X1, userSisId: P1, role: 'teacher' },
    { kind: 'enrollment', sisId: `${X1}|${P2}|teacher`, sectionSisId: X1, userSisId: P2, role: 'teacher' },
    { kind: 'enrollment', sisId: `${X2}|${P3}|teacher`, sectionSisId: X2, userSisId: P3, role: 'teacher' },
    {
      kind: 'enrollment',
      sisId: `${X1}|${S1}|student`,
      sectionSisId: X1,
      userSisId: S1,
      role: 'student',
      refId: ref('r1'),
      entryDate: '2025-08-20',
    },
    {
      kind: 'enrollment',
      sisId: `${X2}|${S3}|student`,
      sectionSisId: X2,
      userSisId: S3,
      role: 'student',
      refId: ref('r3'),
      entryDate: '2025-08-20',
    },
    ...(r4Kept
      ? [
          {
            kind: 'enrollment',
            sisId: `${X2}|${S1}|student`,
            sectionSisId: X2,
            userSisId: S1,
            role: 'student',
            refId: ref('r4'),
            entryDate: '2025-08-20',
            exitDate: AS_OF,
          } as RosterEntity,
        ]
      : []),
    staff(P1, 'p1', 41, 'T1', [SA], 'p1@example.org'),
    staff(P2, 'p2', 42, 'T2', [SA]),
    staff(P3, 'p3', 43, 'T3', [SB], 'p3@example.org'),
    // Two guardian addresses in one Primary e-mail: no e-mail at all (never a parent's address).
    student(S1, 's1', 51, '1001', sort(r4Kept ? [SA, SB] : [SA]), '07'),
    student(S3, 's3', 53, '1003', [SB], '10', 's3@example.org'),
  ];
}

export function miniDistrictConfig(zoneUrl: string, sif: Record<string, unknown> = {}): DistrictConfig {
  const [district] = parseDistricts('test', 'test', {
    districts: [
      {
        id: 'mini',
        name: 'Mini District',
        timeZone: 'America/Chicago',
        schoolYear: year,
        sif: { zoneUrl, sourceId: 'sisbridge-test', pollIntervalSeconds: 0.05, missingPacketTimeoutSeconds: 1, ...sif },
        canvas: { baseUrl: 'http://127.0.0.1:1', rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN_MINI' },
      },
    ],
  });
  if (!district) throw new Error('no district');
  return district;
}
