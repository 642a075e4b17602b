import { Injectable } from '@nestjs/common';
import { CanvasApiError, CanvasClient, type CanvasEnrollment } from '@sisbridge/canvas-client';
import { DistrictRegistry } from '@sisbridge/district-config';

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
 * teacher's or a course's SIS id from its Canvas id, and whether someone teaches a course. One
 * client per district (its own token and pacing).
 */
@Injectable()
export class CanvasLookups {
  private readonly clients = new Map<string, CanvasClient>();

  constructor(private readonly districts: DistrictRegistry) {
    // The districts that take passback requests need their Canvas token: say so at start-up.
    districts.assertSecrets((district) => (district.api || district.lti ? [['canvas.tokenEnv', district.canvas.tokenEnv]] : []));
  }

  client(districtId: string): CanvasClient {
    let client = this.clients.get(districtId);
    if (!client) {
      const canvas = this.districts.get(districtId).canvas;
      client = new CanvasClient({
        baseUrl: canvas.baseUrl,
        rootAccountId: canvas.rootAccountId,
        token: this.districts.secret(districtId, 'canvas.tokenEnv', canvas.tokenEnv),
        // A teacher is waiting: a throttled call is retried once, not four times.
        maxThrottleRetries: 1,
        timeoutMs: 20_000,
      });
      this.clients.set(districtId, client);
    }
    return client;
  }

  async teacherSisId(districtId: string, canvasUserId: number | string): Promise<string> {
    const user = await this.call(() => this.client(districtId).roster.user(canvasUserId), `Canvas user ${canvasUserId}`);
    if (!user.sis_user_id) throw new CanvasLookupError('no-sis-id', `Canvas user ${canvasUserId} has no SIS id: they were not provisioned from PowerSchool`);
    return user.sis_user_id;
  }

  async courseSisId(districtId: string, canvasCourseId: number | string): Promise<string> {
    const course = await this.call(() => this.client(districtId).roster.course(canvasCourseId), `Canvas course ${canvasCourseId}`);
    if (!course.sis_course_id) throw new CanvasLookupError('no-sis-id', `Canvas course ${canvasCourseId} has no SIS id: it was not provisioned from PowerSchool`);
    return course.sis_course_id;
  }

  /** The user's active teacher enrollments in the course (empty when they do not teach it). */
  async teacherEnrollments(districtId: string, course: number | string, user: number | string): Promise<CanvasEnrollment[]> {
    return this.call(() => this.client(districtId).passbackCourses.teacherEnrollments(course, user), `the teachers of Canvas course ${course}`);
  }

  private async call<T>(read: () => Promise<T>, what: string): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof CanvasApiError)) throw error;
      if (error.kind === 'not-found') throw new CanvasLookupError('not-found', `${what} does not exist in Canvas`);
      if (error.retryable) throw new CanvasLookupError('canvas-unavailable', `Canvas did not answer for ${what}: ${error.message}`);
      throw new CanvasLookupError('canvas-refused', `Canvas refused to show ${what}: ${error.message}`);
    }
  }
}
