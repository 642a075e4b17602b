import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { LtiRoles, type TestLtiPlatform } from './test-lti-platform';

/** A course a teacher teaches, as Canvas knows them: what a launch from its gradebook carries. */
export interface SyncGradesCourse {
  teacher: { canvasUserId: number; sisId?: string; name: string };
  course: { canvasId: number; sisId?: string; title: string };
}

/** One district's LTI tool, as the platform reaches it (the URLs a developer key holds). */
export interface SyncGradesTool {
  districtId: string;
  districtName: string;
  loginUrl: string;
  launchUrl: string;
  /** The tool's configuration JSON: read once, before the first launch, as an administrator pastes it into the developer key. */
  configurationUrl: string;
  /** The courses to offer, read at every visit (Canvas changes as provisioning runs). */
  courses: () => Promise<SyncGradesCourse[]> | SyncGradesCourse[];
}

export interface SyncGradesPageOptions {
  platform: TestLtiPlatform;
  tools: SyncGradesTool[];
  /** A fixed port, so the address can be printed and bookmarked; 0 picks a free one. */
  port: number;
  host?: string;
}

/**
 * The gradebook side of Canvas for a person trying sisbridge on one machine: a page listing each
 * teacher's courses with a "Sync Grades" button, as a teacher finds it in a Canvas course's
 * gradebook. A click makes the test platform launch the district's LTI tool for that teacher and
 * course (the OIDC login initiation, the authorization redirect and the signed id token, all
 * through the browser as with Canvas), and the browser ends on the tool's teacher's page.
 */
export class SyncGradesPage {
  private readonly installed = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly options: SyncGradesPageOptions,
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(options: SyncGradesPageOptions): Promise<SyncGradesPage> {
    const holder: { page?: SyncGradesPage } = {};
    const server = createServer((request, response) => {
      void holder.page?.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) html(response, 500, page('Something went wrong', `<p>${escape(describe(error))}</p>`));
        else response.end();
      });
    });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, resolve);
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('the Sync Grades page has no port');
    holder.page = new SyncGradesPage(options, server, `http://${host}:${address.port}`);
    return holder.page;
  }

  /** The address of the button for one teacher's course: opening it launches the tool, as the click does. */
  launchUrl(districtId: string, course: SyncGradesCourse): string {
    const query = new URLSearchParams({
      district: districtId,
      teacher: String(course.teacher.canvasUserId),
      course: String(course.course.canvasId),
    });
    return `${this.url}/launch?${query.toString()}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    if (url.pathname === '/') return html(response, 200, await this.renderIndex());
    if (url.pathname === '/launch') return this.launch(url, response);
    if (url.pathname === '/favicon.ico') {
      response.statusCode = 204;
      return void response.end();
    }
    return html(response, 404, page('Not found', `<p><a href="/">Back to the courses</a></p>`));
  }

  private async launch(url: URL, response: ServerResponse): Promise<void> {
    const tool = this.options.tools.find((candidate) => candidate.districtId === url.searchParams.get('district'));
    if (!tool) return html(response, 404, page('No such district', `<p><a href="/">Back to the courses</a></p>`));
    const teacherId = Number(url.searchParams.get('teacher'));
    const courseId = Number(url.searchParams.get('course'));
    const chosen = (await tool.courses()).find((entry) => entry.teacher.canvasUserId === teacherId && entry.course.canvasId === courseId);
    if (!chosen) return html(response, 404, page('That teacher does not teach that course', `<p><a href="/">Back to the courses</a></p>`));
    await this.install(tool);
    const location = this.options.platform.syncGradesUrl(tool.loginUrl, tool.launchUrl, {
      user: {
        canvasId: chosen.teacher.canvasUserId,
        ...(chosen.teacher.sisId ? { sisId: chosen.teacher.sisId } : {}),
        roles: [LtiRoles.instructor, LtiRoles.institutionInstructor],
        enrollmentTypes: ['TeacherEnrollment'],
      },
      course: {
        canvasId: chosen.course.canvasId,
        ...(chosen.course.sisId ? { sisId: chosen.course.sisId } : {}),
        title: chosen.course.title,
      },
    });
    response.statusCode = 303;
    response.setHeader('Location', location);
    response.end();
  }

  /** The tool's configuration is read once per district; a failure is tried again at the next click. */
  private async install(tool: SyncGradesTool): Promise<void> {
    let installing = this.installed.get(tool.districtId);
    if (!installing) {
      installing = this.options.platform.install(tool.configurationUrl);
      this.installed.set(tool.districtId, installing);
    }
    try {
      await installing;
    } catch (error) {
      this.installed.delete(tool.districtId);
      throw new Error(`the tool's configuration at ${tool.configurationUrl} could not be read: ${describe(error)}`, { cause: error });
    }
  }

  private async renderIndex(): Promise<string> {
    const sections: string[] = [];
    for (const tool of this.options.tools) {
      const byTeacher = new Map<number, SyncGradesCourse[]>();
      for (const entry of await tool.courses())
        byTeacher.set(entry.teacher.canvasUserId, [...(byTeacher.get(entry.teacher.canvasUserId) ?? []), entry]);
      const teachers = [...byTeacher.values()].sort((a, b) => (a[0]?.teacher.name ?? '').localeCompare(b[0]?.teacher.name ?? ''));
      const items = teachers.map((courses) => {
        const teacher = courses[0]?.teacher;
        const rows = courses
          .sort((a, b) => a.course.title.localeCompare(b.course.title))
          .map(
            (entry) =>
              `<li class="course" data-course-id="${entry.course.canvasId}"><span class="title">${escape(entry.course.title)}</span> <span class="sis">${escape(entry.course.sisId ?? 'no SIS id')}</span> ` +
              `<a class="sync-grades" href="${escape(this.launchUrl(tool.districtId, entry))}">Sync Grades</a></li>`,
          )
          .join('');
        return `<li class="teacher" data-teacher-sis-id="${escape(teacher?.sisId ?? '')}"><h3>${escape(teacher?.name ?? '')} <span class="sis">${escape(teacher?.sisId ?? 'no SIS id')}</span></h3><ul>${rows}</ul></li>`;
      });
      sections.push(
        `<section class="district" data-district="${escape(tool.districtId)}"><h2>${escape(tool.districtName)} <span class="sis">${escape(tool.districtId)}</span></h2>` +
          (items.length > 0
            ? `<ul class="teachers">${items.join('')}</ul>`
            : '<p class="empty">No teacher has a course in Canvas yet: provisioning has not put any there. Reload once it has.</p>') +
          '</section>',
      );
    }
    return page(
      'Sync Grades, as Canvas offers it',
      '<p>This page plays Canvas for a teacher: each button is the <em>Sync Grades</em> entry of a course’s gradebook. ' +
        'A click launches sisbridge’s LTI 1.3 tool as that teacher (login, Canvas’s signed id token, launch) and opens the teacher’s page.</p>' +
        sections.join(''),
    );
  }
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}' +
    '.sis{color:#777;font-size:.85em;font-weight:normal}ul{list-style:none;padding-left:0}.teacher{margin:1rem 0}' +
    '.course{margin:.3rem 0 .3rem 1rem}.sync-grades{margin-left:.5rem;padding:.15rem .6rem;background:#0374b5;color:#fff;border-radius:3px;text-decoration:none}</style>' +
    `</head><body><h1>${escape(title)}</h1>${body}</body></html>`
  );
}

function html(response: ServerResponse, status: number, body: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.end(body);
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
