import type { Assignment, Submission } from '../model/entities';
import { submissionStatus } from './submission-status';

const due = new Date('2025-10-01T23:59:00Z');
const now = new Date('2025-10-10T00:00:00Z');
const online = { submissionTypes: ['online_text_entry'] } as Assignment;
const paper = { submissionTypes: ['on_paper'] } as Assignment;
const submission = (changes: Partial<Submission>): Submission =>
  ({ excused: false, latePolicyStatus: null, submittedAt: null, score: null, secondsLateOverride: null, ...changes }) as Submission;

describe('late and missing', () => {
  it('follows the due date when the teacher has not set a status', () => {
    expect(submissionStatus(online, submission({ submittedAt: new Date('2025-10-02T00:59:00Z') }), due, now)).toEqual({
      late: true,
      missing: false,
      secondsLate: 3600,
    });
    expect(submissionStatus(online, submission({}), due, now)).toEqual({ late: false, missing: true, secondsLate: 0 });
    expect(submissionStatus(online, undefined, due, new Date('2025-09-01T00:00:00Z')).missing).toBe(false);
    // Nothing is expected on paper, so nothing is missing.
    expect(submissionStatus(paper, submission({}), due, now).missing).toBe(false);
    expect(submissionStatus(online, submission({}), null, now).missing).toBe(false);
  });

  it('lets the teacher’s late_policy_status decide, and excused work is neither', () => {
    expect(submissionStatus(paper, submission({ latePolicyStatus: 'missing' }), due, now)).toEqual({
      late: false,
      missing: true,
      secondsLate: 0,
    });
    expect(submissionStatus(paper, submission({ latePolicyStatus: 'late', secondsLateOverride: 120 }), due, now)).toEqual({
      late: true,
      missing: false,
      secondsLate: 120,
    });
    expect(submissionStatus(online, submission({ latePolicyStatus: 'none' }), due, now)).toEqual({
      late: false,
      missing: false,
      secondsLate: 0,
    });
    expect(submissionStatus(online, submission({ excused: true }), due, now)).toEqual({ late: false, missing: false, secondsLate: 0 });
  });
});
