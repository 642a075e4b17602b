import type { CanvasHttp } from '../http/canvas-http';
import type { CanvasAccount, CanvasCourse, CanvasEnrollment, CanvasSection, CanvasTerm, CanvasUser } from '../types/canvas-types';

/** Reading what provisioning produced: accounts, terms, courses, sections, users, enrollments. */
export class RosterReadsApi {
  constructor(private readonly http: CanvasHttp) {}

  subAccounts(accountId: number | string): AsyncGenerator<CanvasAccount> {
    return this.http.paginate<CanvasAccount>(`/api/v1/accounts/${encodeURIComponent(String(accountId))}/sub_accounts`, { recursive: true });
  }

  terms(accountId: number | string): AsyncGenerator<CanvasTerm> {
    return this.http.paginate<CanvasTerm>(`/api/v1/accounts/${encodeURIComponent(String(accountId))}/terms`, {}, 'enrollment_terms');
  }

  courses(accountId: number | string): AsyncGenerator<CanvasCourse> {
    return this.http.paginate<CanvasCourse>(`/api/v1/accounts/${encodeURIComponent(String(accountId))}/courses`);
  }

  course(courseId: number | string): Promise<CanvasCourse> {
    return this.http.get<CanvasCourse>(`/api/v1/courses/${encodeURIComponent(String(courseId))}`);
  }

  sections(courseId: number | string): AsyncGenerator<CanvasSection> {
    return this.http.paginate<CanvasSection>(`/api/v1/courses/${encodeURIComponent(String(courseId))}/sections`);
  }

  users(accountId: number | string): AsyncGenerator<CanvasUser> {
    return this.http.paginate<CanvasUser>(`/api/v1/accounts/${encodeURIComponent(String(accountId))}/users`);
  }

  user(userId: number | string): Promise<CanvasUser> {
    return this.http.get<CanvasUser>(`/api/v1/users/${encodeURIComponent(String(userId))}`);
  }

  courseEnrollments(
    courseId: number | string,
    state: string[] = ['active', 'invited', 'completed', 'inactive'],
  ): AsyncGenerator<CanvasEnrollment> {
    return this.http.paginate<CanvasEnrollment>(`/api/v1/courses/${encodeURIComponent(String(courseId))}/enrollments`, { state });
  }

  userEnrollments(userId: number | string): AsyncGenerator<CanvasEnrollment> {
    return this.http.paginate<CanvasEnrollment>(`/api/v1/users/${encodeURIComponent(String(userId))}/enrollments`);
  }
}
