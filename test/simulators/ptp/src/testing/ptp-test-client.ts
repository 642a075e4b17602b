import { generateDistrict, toPtpDistrict, type PtpDistrict, type PtpSection, type PtpTeacherCategory } from '@sisbridge/sandbox-district';

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** A thin client for the simulator's own tests: gets a token, then sends real requests. */
export class PtpTestClient {
  private token: string | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  async requestToken(credentials = `${this.clientId}:${this.clientSecret}`, body = 'grant_type=client_credentials'): Promise<TestResponse> {
    const response = await fetch(`${this.baseUrl}/oauth/access_token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
      },
      body,
    });
    return read(response);
  }

  async authenticate(): Promise<string> {
    const response = await this.requestToken();
    this.token = (response.body as { access_token: string }).access_token;
    return this.token;
  }

  async request(method: string, path: string, body?: unknown, token: string | null | undefined = this.token): Promise<TestResponse> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path.startsWith('http') ? path : `${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return read(response);
  }
}

async function read(response: Response): Promise<TestResponse> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** The tiny sandbox district of 2025-26 (year_id 35), the same on every run. */
export function tinyDistrict(): PtpDistrict {
  return toPtpDistrict(generateDistrict({ size: 'tiny', seed: 1, schoolYear: 2026 }));
}

/** What the tests act on, picked from the district so they follow it when the generator changes. */
export interface GradebookFixture {
  teacher: number;
  section: PtpSection;
  /** Another section of the same teacher, in the same term. */
  otherSection: PtpSection;
  /** A section the teacher does not teach. */
  foreignSection: PtpSection;
  students: number[];
  /** A student of the district not enrolled in `section`. */
  stranger: number;
  category: PtpTeacherCategory;
  /** A due date inside the section's term. */
  dueDate: string;
  termStart: string;
  termEnd: string;
}

export function gradebookFixture(district: PtpDistrict): GradebookFixture {
  const enrolled = (sectionsdcid: number) => [
    ...new Set(
      district.sectionEnrollments
        .filter((e) => e.sectionsdcid === sectionsdcid && (e.dateleft === null || e.dateenrolled === null || e.dateleft > e.dateenrolled))
        .map((e) => e.studentsdcid),
    ),
  ];
  const current = district.sections.filter((s) => s.yearid === district.yearid && enrolled(s.sectionsdcid).length >= 3);
  for (const section of current) {
    const teacher = section.teachers[0];
    if (teacher === undefined) continue;
    const otherSection = current.find(
      (s) => s.sectionsdcid !== section.sectionsdcid && s.teachers.includes(teacher) && s.termid === section.termid,
    );
    const foreignSection = current.find((s) => !s.teachers.includes(teacher));
    const category = district.teacherCategories.find(
      (c) =>
        c.usersdcid === teacher &&
        c.isactive &&
        !c.section_exclusions.includes(section.sectionsdcid) &&
        (!otherSection || !c.section_exclusions.includes(otherSection.sectionsdcid)),
    );
    const term = district.terms.find((t) => t.id === section.termid && t.schoolid === section.schoolid);
    const students = enrolled(section.sectionsdcid);
    const stranger = district.students.find((s) => !students.includes(s.studentsdcid))?.studentsdcid;
    if (!otherSection || !foreignSection || !category || !term || stranger === undefined) continue;
    const due = new Date(`${term.firstday}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 10);
    return {
      teacher,
      section,
      otherSection,
      foreignSection,
      students,
      stranger,
      category,
      dueDate: due.toISOString().slice(0, 10),
      termStart: term.firstday,
      termEnd: term.lastday,
    };
  }
  throw new Error('the sandbox district has no teacher with two sections in one term and an active category');
}

/** A minimal valid create body for one or more sections. */
export function assignmentBody(
  fixture: GradebookFixture,
  changes: Record<string, unknown> = {},
  sections: PtpSection[] = [fixture.section],
): Record<string, unknown> {
  return {
    standardcalcdirection: 'NONE',
    standardscoringmethod: 'GradeScale',
    yearid: fixture.section.yearid,
    _assignmentstandardassociations: [],
    _assignmentsections: sections.map((section) => ({
      sectionsdcid: section.sectionsdcid,
      yearid: section.yearid,
      name: 'Unit 3 Test',
      description: '',
      duedate: fixture.dueDate,
      scoretype: 'POINTS',
      scoreentrypoints: 40,
      totalpointvalue: 40,
      weight: 1,
      extracreditpoints: 0,
      iscountedinfinalgrade: true,
      isscoringneeded: true,
      isscorespublish: true,
      publishoption: 'Immediately',
      _assignmentcategoryassociations: [{ teachercategoryid: fixture.category.teachercategoryid, isprimary: true }],
      ...changes,
    })),
  };
}
