import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { CanvasApiError, type CanvasClient, type CanvasEnrollment, DistrictCanvasClients } from '@sisbridge/canvas-client';
import { failureReference } from '../failure-reference';

/** A Canvas lookup that could not give an answer; `kind` says whose side the problem is on. */
export class CanvasLookupError extends Error {
  constructor(
    readonly kind: 'not-found' | 'no-sis-id' | 'canvas-unavailable' | 'canvas-refused',
    message: string,
  ) {
    super(message);
    this.name = 'CanvasLookupError';
  }
}

/**
 * The few Canvas reads the passback API and the LTI tool make before starting a passback: a
 * teacher's or a course's SIS id from its Canvas id, and whether someone teaches a course. Calls
 * share the district's pacer with passback's own.
 */
@Injectable()
export class CanvasLookups {
  constructor(
    private readonly clients: DistrictCanvasClients,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(CanvasLookups.name);
  }

  /** A teacher is waiting on these reads: a throttled call is retried once, not four times. */
  private client(districtId: string): CanvasClient {
    return this.clients.forDistrict(districtId, 'interactive');
  }

  async teacherSisId(districtId: string, canvasUserId: number | string): Promise<string> {
    const user = await this.call(() => this.client(districtId).roster.user(canvasUserId), `Canvas user ${canvasUserId}`);
    if (!user.sis_user_id)
      throw new CanvasLookupError('no-sis-id', `Canvas user ${canvasUserId} has no SIS id: they were not provisioned from PowerSchool`);
    return user.sis_user_id;
  }

  async courseSisId(districtId: string, canvasCourseId: number | string): Promise<string> {
    const course = await this.call(() => this.client(districtId).roster.course(canvasCourseId), `Canvas course ${canvasCourseId}`);
    if (!course.sis_course_id)
      throw new CanvasLookupError('no-sis-id', `Canvas course ${canvasCourseId} has no SIS id: it was not provisioned from PowerSchool`);
    return course.sis_course_id;
  }

  /** The user's active teacher enrollments in the course (empty when they do not teach it). */
  async teacherEnrollments(districtId: string, course: number | string, user: number | string): Promise<CanvasEnrollment[]> {
    return this.call(
      () => this.client(districtId).passbackCourses.teacherEnrollments(course, user),
      `the teachers of Canvas course ${course}`,
    );
  }

  private async call<T>(read: () => Promise<T>, what: string): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof CanvasApiError)) throw error;
      if (error.kind === 'not-found') throw new CanvasLookupError('not-found', `${what} does not exist in Canvas`);
      // Canvas's own words (and addresses) go to the log; the caller gets plain words and the log line's reference.
      const reference = failureReference();
      this.logger.warn(
        { reference, request: error.request, status: error.status, kind: error.kind, error: error.message },
        'Canvas lookup failed',
      );
      if (error.retryable)
        throw new CanvasLookupError(
          'canvas-unavailable',
          `Canvas did not answer for ${what}; try again in a few minutes (reference ${reference})`,
        );
      throw new CanvasLookupError('canvas-refused', `Canvas refused to show ${what} (reference ${reference})`);
    }
  }
}
