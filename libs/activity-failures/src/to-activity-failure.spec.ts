import { ApplicationFailure } from '@temporalio/common';
import { PtpApiError } from '@sisbridge/ptp-client';
import { CanvasApiError } from '@sisbridge/canvas-client';
import { UnknownDistrictError } from '@sisbridge/district-config';
import { DomainRefusal } from './domain-refusal';
import { toActivityFailure } from './to-activity-failure';
import { withoutStudentIds } from './without-student-ids';

describe('activity failures as Temporal sees them', () => {
  it('keeps student DCIDs out of what travels through Temporal', () => {
    expect(withoutStudentIds('studentsdcid: Student 90211 is not enrolled in section 44123')).toBe(
      'studentsdcid: Student … is not enrolled in section 44123',
    );
    expect(withoutStudentIds('Scores for students 12 and 13')).toBe('Scores for students …');
  });

  it('retries what is worth retrying until the run has been failing too long, and never what is not', () => {
    const server = new PtpApiError('server', 'PUT /ws/xte/score', 503, 'down');
    expect((toActivityFailure(server, { giveUpAfterMs: 60_000, failingForMs: 1_000 }) as ApplicationFailure).nonRetryable).toBe(false);
    const gaveUp = toActivityFailure(server, { giveUpAfterMs: 60_000, failingForMs: 61_000 }) as ApplicationFailure;
    expect(gaveUp.nonRetryable).toBe(true);
    expect(gaveUp.message).toContain('giving up');
    const throttled = toActivityFailure(
      new PtpApiError('throttled', 'GET /ws/xte/teacher_category', 429, 'Wait 3 seconds', [], 3_000),
    ) as ApplicationFailure;
    expect([throttled.nonRetryable, throttled.nextRetryDelay]).toEqual([false, 3_000]);
    const refused = toActivityFailure(new PtpApiError('unauthorized', 'POST /oauth/access_token', 401, 'refused')) as ApplicationFailure;
    expect([refused.nonRetryable, refused.type]).toEqual([true, 'Ptp.unauthorized']);
  });

  it('waits 30 s after Canvas throttling, and stops on a token Canvas refuses with what to do', () => {
    const throttled = toActivityFailure(
      new CanvasApiError('throttled', 'GET /api/v1/courses/1', 403, '403 Forbidden (Rate Limit Exceeded)'),
    ) as ApplicationFailure;
    expect([throttled.type, throttled.nonRetryable, throttled.nextRetryDelay]).toEqual(['Canvas.throttled', false, 30_000]);
    const revoked = toActivityFailure(
      new CanvasApiError('unauthorized', 'GET /api/v1/courses/1', 401, 'Invalid access token'),
    ) as ApplicationFailure;
    expect([revoked.type, revoked.nonRetryable]).toEqual(['Canvas.unauthorized', true]);
    expect(revoked.message).toContain('rotate it');
  });

  it('stops on a district the districts file does not describe, and maps a domain refusal by its own type', () => {
    const unknown = toActivityFailure(new UnknownDistrictError('atlantis', ['springfield'])) as ApplicationFailure;
    expect([unknown.type, unknown.nonRetryable]).toEqual(['Configuration', true]);
    const refused = toActivityFailure(new DomainRefusal('TeacherNotFound', 'no teacher T1 in district d')) as ApplicationFailure;
    expect([refused.type, refused.nonRetryable, refused.message]).toEqual(['TeacherNotFound', true, 'no teacher T1 in district d']);
    const later = toActivityFailure(new DomainRefusal('ZoneDown', 'the zone is down', true)) as ApplicationFailure;
    expect(later.nonRetryable).toBe(false);
  });

  it('carries no PowerSchool or Canvas answer into Temporal, only what the clients say in their own words', () => {
    const ptp = toActivityFailure(
      new PtpApiError('invalid-request', 'PUT /ws/xte/score', 400, '', [], undefined, '<html>internal stack at 10.1.2.3</html>'),
    ) as ApplicationFailure;
    expect(ptp.message).toBe('PowerTeacher Pro PUT /ws/xte/score failed (400 invalid-request)');
    const canvas = toActivityFailure(
      new CanvasApiError(
        'invalid-request',
        'GET /api/sis/courses/5/assignments',
        400,
        '',
        'not_enabled',
        '{"error":"A SIS integration is not configured"}',
      ),
    ) as ApplicationFailure;
    expect(canvas.message).toBe('Canvas GET /api/sis/courses/5/assignments failed (400 invalid-request not_enabled)');
  });

  it('leaves any other error to the activity retry policy', () => {
    const bug = new TypeError('x is undefined');
    expect(toActivityFailure(bug)).toBe(bug);
  });
});
