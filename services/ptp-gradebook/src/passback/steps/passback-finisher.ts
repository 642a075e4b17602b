import { Injectable } from '@nestjs/common';
import type { AssignmentOutcome, FinishPassbackInput, PassbackResult } from '@sisbridge/contracts';
import { withoutStudentIds } from '@sisbridge/activity-failures';
import { describeUnreadCourses } from '../plan/unread-courses';
import { PassbackRunStore } from '../stores/passback-run-store';
import { RunOutcomes } from '../stores/run-outcomes';

/**
 * Records how a run ended and builds its result from the stored per-item outcomes: per Canvas
 * assignment its status (sent, unchanged, invalid, failed) with the reason or the rules it broke,
 * its PTP assignment (created, updated, unchanged) and its scores by outcome; and the totals. A run
 * that could not read a course's grades is never `completed`: its reason names each course and fix.
 */
@Injectable()
export class PassbackFinisher {
  constructor(
    private readonly runs: PassbackRunStore,
    private readonly outcomes: RunOutcomes,
  ) {}

  async finish(input: FinishPassbackInput): Promise<PassbackResult> {
    const stored = await this.outcomes.of(input.runId);
    const unreadCourses = (await this.runs.get(input.runId))?.report?.unreadCourses ?? [];
    const sectionTotals = { created: 0, updated: 0, unchanged: 0, failed: 0 };
    const assignments: AssignmentOutcome[] = stored.map(({ validation, sections, scores, scoreReasons }) => {
      for (const section of sections) if (section.status !== 'planned') sectionTotals[section.status]++;
      const failedSections = sections.filter((section) => section.status === 'failed');
      const ptpAssignment: AssignmentOutcome['ptpAssignment'] = sections.some((s) => s.status === 'created')
        ? 'created'
        : sections.some((s) => s.status === 'updated')
          ? 'updated'
          : sections.some((s) => s.status === 'unchanged')
            ? 'unchanged'
            : undefined;
      const counts = {
        written: scores.written,
        unchanged: scores.unchanged,
        failed: scores.failed + (input.failed ? scores.pending : 0),
        ...(scores.replacedHandEdits > 0 ? { replacedHandEdits: scores.replacedHandEdits } : {}),
      };
      const base = {
        canvasAssignmentId: validation.canvasAssignmentId,
        name: validation.name,
        scores: counts,
        ...(validation.problems.length > 0 ? { problems: validation.problems } : {}),
      };
      if (!validation.valid) return { ...base, status: 'invalid', reason: validation.problems.map((p) => `${p.rule}: ${p.fix}`).join(' ') };
      const withPtp = ptpAssignment ? { ptpAssignment } : {};
      if (input.failed)
        return {
          ...base,
          ...withPtp,
          status: 'failed',
          reason: `the run failed and what it did in PowerTeacher Pro was undone: ${input.reason ?? 'unknown reason'}`,
        };
      if (failedSections.length > 0)
        return { ...base, ...withPtp, status: 'failed', reason: [...new Set(failedSections.map((s) => s.reason ?? 'refused'))].join('; ') };
      const status = ptpAssignment === 'created' || ptpAssignment === 'updated' || counts.written > 0 ? 'sent' : 'unchanged';
      // What is worth knowing of a sent assignment: made again after a delete in PTP, hand changes replaced, scores not sent.
      const notes = [
        ...new Set(sections.filter((s) => s.status !== 'failed' && s.reason).map((s) => s.reason as string)),
        ...(scores.replacedHandEdits > 0
          ? [`${scores.replacedHandEdits} score(s) replaced a change made by hand in PowerTeacher Pro, because their Canvas grade changed`]
          : []),
        ...(counts.failed > 0 ? [withoutStudentIds(`${counts.failed} score(s) not sent: ${scoreReasons.join('; ')}`)] : []),
      ];
      return { ...base, ...withPtp, status, ...(notes.length > 0 ? { reason: notes.join('; ') } : {}) };
    });
    const totals = {
      assignmentsCreated: assignments.filter((a) => a.status !== 'invalid' && a.ptpAssignment === 'created').length,
      assignmentsUpdated: assignments.filter((a) => a.status !== 'invalid' && a.ptpAssignment === 'updated').length,
      assignmentsUnchanged: assignments.filter((a) => a.status !== 'invalid' && a.status !== 'failed' && a.ptpAssignment === 'unchanged')
        .length,
      assignmentsInvalid: assignments.filter((a) => a.status === 'invalid').length,
      assignmentsFailed: assignments.filter((a) => a.status === 'failed').length,
      scoresWritten: sum(assignments, (a) => a.scores.written),
      scoresUnchanged: sum(assignments, (a) => a.scores.unchanged),
      scoresFailed: sum(assignments, (a) => a.scores.failed),
      scoresReplacingHandEdits: sum(assignments, (a) => a.scores.replacedHandEdits ?? 0),
    };
    const outcome: PassbackResult['outcome'] = input.failed
      ? 'failed'
      : totals.assignmentsInvalid + totals.assignmentsFailed + totals.scoresFailed + unreadCourses.length > 0
        ? 'completed-with-errors'
        : 'completed';
    const reason = input.reason ?? (unreadCourses.length > 0 ? describeUnreadCourses(unreadCourses) : undefined);
    await this.runs.finish(input.runId, outcome, reason, input.compensation);
    return {
      runId: input.runId,
      outcome,
      assignments,
      totals,
      ptpAssignmentSections: sectionTotals,
      ...(unreadCourses.length > 0 ? { unreadCourses } : {}),
      ...(input.compensation ? { compensation: { ...input.compensation } } : {}),
      ...(reason ? { reason } : {}),
    };
  }
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
