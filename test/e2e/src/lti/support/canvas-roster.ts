import { zipCsvs, type CanvasSimulator } from '@sisbridge/canvas-simulator';

export interface RosterCourse {
  sisId: string;
  title: string;
  /** `grade_passback_setting` nightly_sync. */
  nightly?: boolean;
  teachers: string[];
  tas?: string[];
  students: string[];
}

export interface RosterPerson {
  sisId: string;
  firstName: string;
  lastName: string;
}

export interface ImportedRoster {
  courseId(sisId: string): number;
  userId(sisId: string): number;
}

/**
 * Puts courses, people and enrollments into the Canvas simulator the way provisioning does: one
 * SIS import, then their Canvas ids read back through the API.
 */
export async function importRoster(
  canvas: CanvasSimulator,
  courses: readonly RosterCourse[],
  people: readonly RosterPerson[],
): Promise<ImportedRoster> {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const files = {
    'accounts.csv': ['account_id,parent_account_id,name,status', 'SCH1,,Springfield High,active'].join('\n'),
    'terms.csv': [
      'term_id,name,status,start_date,end_date',
      `TRM1,Fall,active,${iso(now - 60 * 86_400_000)},${iso(now + 60 * 86_400_000)}`,
    ].join('\n'),
    'courses.csv': [
      'course_id,short_name,long_name,account_id,term_id,status,grade_passback_setting',
      ...courses.map((c) => `${c.sisId},${c.sisId},${c.title},SCH1,TRM1,published,${c.nightly ? 'nightly_sync' : 'not_set'}`),
    ].join('\n'),
    'sections.csv': ['section_id,course_id,name,status', ...courses.map((c) => `${c.sisId}-S1,${c.sisId},${c.title} Period 1,active`)].join(
      '\n',
    ),
    'users.csv': [
      'user_id,login_id,first_name,last_name,email,status',
      ...people.map((p) => `${p.sisId},${p.sisId.toLowerCase()},${p.firstName},${p.lastName},,active`),
    ].join('\n'),
    'enrollments.csv': [
      'course_id,section_id,user_id,role,status',
      ...courses.flatMap((c) => [
        ...c.teachers.map((t) => `${c.sisId},${c.sisId}-S1,${t},teacher,active`),
        ...(c.tas ?? []).map((t) => `${c.sisId},${c.sisId}-S1,${t},ta,active`),
        ...c.students.map((s) => `${c.sisId},${c.sisId}-S1,${s},student,active`),
      ]),
    ].join('\n'),
  };
  const headers = { Authorization: `Bearer ${canvas.token}` };
  const created = await fetch(`${canvas.url}/api/v1/accounts/self/sis_imports?import_type=instructure_csv&extension=zip`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/zip' },
    body: new Uint8Array(await zipCsvs(files)),
  });
  const { id } = (await created.json()) as { id: number };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = (await (await fetch(`${canvas.url}/api/v1/accounts/self/sis_imports/${id}`, { headers })).json()) as {
      workflow_state: string;
      processing_errors?: unknown;
    };
    if (status.workflow_state === 'imported') break;
    if (status.workflow_state !== 'created' && status.workflow_state !== 'importing' && status.workflow_state !== 'initializing') {
      throw new Error(`the roster import ended ${status.workflow_state}: ${JSON.stringify(status.processing_errors ?? [])}`);
    }
    if (Date.now() > deadline) throw new Error('the roster import did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const lookup = async (path: string) => ((await (await fetch(`${canvas.url}${path}`, { headers })).json()) as { id: number }).id;
  const courseIds = new Map<string, number>();
  const userIds = new Map<string, number>();
  for (const course of courses)
    courseIds.set(course.sisId, await lookup(`/api/v1/courses/sis_course_id:${encodeURIComponent(course.sisId)}`));
  for (const person of people) userIds.set(person.sisId, await lookup(`/api/v1/users/sis_user_id:${encodeURIComponent(person.sisId)}`));
  return {
    courseId: (sisId) => required(courseIds.get(sisId), `course ${sisId}`),
    userId: (sisId) => required(userIds.get(sisId), `user ${sisId}`),
  };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not in the roster`);
  return value;
}
