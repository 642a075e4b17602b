import { CanvasHttp, type CanvasHttpOptions } from './http/canvas-http';
import { GradebookApi } from './resources/gradebook';
import { PassbackCoursesApi } from './resources/passback-courses';
import { RosterReadsApi } from './resources/roster-reads';
import { ProgressApi, SisImportsApi } from './resources/sis-imports';

export interface CanvasClientOptions extends CanvasHttpOptions {
  rootAccountId: number | string;
}

/** One district's Canvas, through one token: one module per kind of resource. */
export class CanvasClient {
  readonly http: CanvasHttp;
  readonly sisImports: SisImportsApi;
  readonly progress: ProgressApi;
  readonly roster: RosterReadsApi;
  readonly gradebook: GradebookApi;
  readonly passbackCourses: PassbackCoursesApi;

  constructor(readonly options: CanvasClientOptions) {
    this.http = new CanvasHttp(options);
    this.sisImports = new SisImportsApi(this.http, options.rootAccountId);
    this.progress = new ProgressApi(this.http);
    this.roster = new RosterReadsApi(this.http);
    this.gradebook = new GradebookApi(this.http);
    this.passbackCourses = new PassbackCoursesApi(this.http);
  }
}

/** `sis_course_id:CRS1-TRM2` — the URL form of a SIS id (canvas.md §6.4). */
export function sisRef(kind: 'account' | 'course' | 'section' | 'user' | 'term', sisId: string): string {
  return `sis_${kind}_id:${sisId}`;
}
