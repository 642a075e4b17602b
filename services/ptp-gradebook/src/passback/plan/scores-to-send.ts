import type { GroupedSubmissions } from '@sisbridge/canvas-client';
import type { PtpScoreSettings } from '@sisbridge/district-config';
import type { ScoreToSend, UnmatchedScore } from '../stores/stored-rows';
import { scoreValue } from './score-value';

/** A planned assignment section, as far as matching scores to it goes. */
export interface ScoreTarget {
  canvasAssignmentId: number;
  sectionsDcid: number;
  sectionSisId: string;
  points: number;
}

/** A student of the roster: their DCID and the PowerSchool sections they are enrolled in. */
export interface RosterStudent {
  dcid: number;
  sectionSisIds: ReadonlySet<string>;
}

export interface ScoreMatchingInput {
  /** Canvas's submissions of one course's planned assignments, grouped by student. */
  submissions: readonly GroupedSubmissions[];
  /** Students of the assignments' PowerSchool sections, by SIS id. */
  students: ReadonlyMap<string, RosterStudent>;
  /** Planned sections by Canvas assignment id (only valid assignments have any). */
  targets: ReadonlyMap<number, readonly ScoreTarget[]>;
  /** Every PowerSchool section each valid assignment is assigned to (any teacher's), by Canvas assignment id. */
  rosterSections: ReadonlyMap<number, readonly string[]>;
  settings: PtpScoreSettings;
}

/**
 * Which Canvas scores go where in PTP: each gradable score goes to the planned sections of its
 * assignment that the roster enrolls the student in. A gradable score that cannot go anywhere (a
 * student not from PowerSchool, or in none of the assignment's PowerSchool sections) is unmatched,
 * with the reason; a student only in sections that are not sent (invalid there, or another
 * teacher's) is someone else's to send, not a lost score. Pure: no I/O.
 */
export function scoresToSend(input: ScoreMatchingInput): { scores: ScoreToSend[]; unmatched: UnmatchedScore[] } {
  const scores = new Map<string, ScoreToSend>();
  const unmatched: UnmatchedScore[] = [];
  for (const entry of input.submissions) {
    const student = entry.sis_user_id ? input.students.get(entry.sis_user_id) : undefined;
    for (const submission of entry.submissions) {
      const targets = input.targets.get(submission.assignment_id) ?? [];
      const points = targets[0]?.points;
      if (points === undefined) continue;
      const value = scoreValue(submission, points, input.settings);
      if (!value) continue;
      const lost = (reason: string) =>
        unmatched.push({ canvasAssignmentId: submission.assignment_id, canvasUserId: entry.user_id, reason });
      if (!student) {
        lost(
          entry.sis_user_id
            ? 'the student is in none of this assignment’s PowerSchool sections (enrolled in Canvas only?)'
            : 'the student has no SIS id: not provisioned from PowerSchool',
        );
        continue;
      }
      const enrolled = targets.filter((target) => student.sectionSisIds.has(target.sectionSisId));
      if (enrolled.length === 0) {
        const inAnySection = (input.rosterSections.get(submission.assignment_id) ?? []).some((sisId) => student.sectionSisIds.has(sisId));
        if (!inAnySection) lost('the student is in none of this assignment’s PowerSchool sections');
        continue;
      }
      // A student Canvas lists twice counts once per section.
      for (const target of enrolled)
        scores.set(`${target.canvasAssignmentId}:${target.sectionsDcid}:${student.dcid}`, {
          canvasAssignmentId: target.canvasAssignmentId,
          sectionsDcid: target.sectionsDcid,
          studentsDcid: student.dcid,
          ...value,
        });
    }
  }
  return { scores: [...scores.values()], unmatched };
}
