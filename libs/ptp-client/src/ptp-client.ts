import { PtpHttp, type PtpHttpOptions } from './http/ptp-http';
import { AssignmentScoresApi } from './resources/assignment-scores';
import { SectionAssignmentsApi } from './resources/section-assignments';
import { TeacherCategoriesApi } from './resources/teacher-categories';

export type PtpClientOptions = PtpHttpOptions;

/** One district's PowerTeacher Pro, through one plugin: one module per kind of resource. */
export class PtpClient {
  readonly http: PtpHttp;
  readonly categories: TeacherCategoriesApi;
  readonly assignments: SectionAssignmentsApi;
  readonly scores: AssignmentScoresApi;

  constructor(options: PtpClientOptions) {
    this.http = new PtpHttp(options);
    this.categories = new TeacherCategoriesApi(this.http);
    this.assignments = new SectionAssignmentsApi(this.http);
    this.scores = new AssignmentScoresApi(this.http);
  }
}
