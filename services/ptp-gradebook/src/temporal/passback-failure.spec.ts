import { ApplicationFailure } from '@temporalio/common';
import { PtpApiError } from '@sisbridge/ptp-client';
import { toActivityFailure, withoutStudentIds } from './passback-failure';

describe('passback failures as Temporal sees them', () => {
  it('keeps student DCIDs out of what travels through Temporal', () => {
    expect(withoutStudentIds('studentsdcid: Student 90211 is not enrolled in section 44123')).toBe('studentsdcid: Student … is not enrolled in section 44123');
    expect(withoutStudentIds('Scores for students 12 and 13')).toBe('Scores for students …');
  });

  it('retries what is worth retrying until the run has been failing too long, and never what is not', () => {
    const server = new PtpApiError('server', 'PUT /ws/xte/score', 503, 'down');
    expect((toActivityFailure(server, { giveUpAfterMs: 60_000, failingForMs: 1_000 }) as ApplicationFailure).nonRetryable).toBe(false);
    const gaveUp = toActivityFailure(server, { giveUpAfterMs: 60_000, failingForMs: 61_000 }) as ApplicationFailure;
    expect(gaveUp.nonRetryable).toBe(true);
    expect(gaveUp.message).toContain('giving up');
    const throttled = toActivityFailure(new PtpApiError('throttled', 'GET /ws/xte/teacher_category', 429, 'Wait 3 seconds', [], 3_000)) as ApplicationFailure;
    expect([throttled.nonRetryable, throttled.nextRetryDelay]).toEqual([false, 3_000]);
    const refused = toActivityFailure(new PtpApiError('unauthorized', 'POST /oauth/access_token', 401, 'refused')) as ApplicationFailure;
    expect([refused.nonRetryable, refused.type]).toEqual([true, 'Ptp.unauthorized']);
  });
});
