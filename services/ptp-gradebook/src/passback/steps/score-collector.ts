import { Injectable } from '@nestjs/common';
import { DistrictCanvasClients } from '@sisbridge/canvas-client';
import { PtpClients } from '../../ptp/ptp-clients';
import { TeacherRosters } from '../../roster/teacher-rosters';
import { PassbackRefusal } from '../passback-refusal';
import { MAX_POINT_VALUE } from '../plan/passback-plan';
import { extraPointsFor, scoreValue } from '../plan/score-value';
import { PassbackRuns, type ScoreRow, type StoredSection, type UnmatchedScore } from '../store/passback-runs';

/** Assignment ids per submissions request: Canvas answers 403 for the whole list if one is wrong, so lists stay short. */
const ASSIGNMENTS_PER_REQUEST = 50;

/**
 * Reads the planned assignments' submissions from Canvas, in bulk per course, and stores the
 * scores to send, per PTP section and student DCID. Each student's score goes to the planned
 * sections of the assignment the roster enrolls them in. A gradable score that cannot go anywhere
 * (a student not from PowerSchool, or in none of the assignment's sections) is stored as failed,
 * with the reason; students of another teacher's section are that teacher's passback.
 */
@Injectable()
export class ScoreCollector {
  constructor(
    private readonly canvas: DistrictCanvasClients,
    private readonly ptp: PtpClients,
    private readonly rosters: TeacherRosters,
    private readonly runs: PassbackRuns,
  ) {}

  async collect(input: { runId: string; districtId: string }): Promise<{ scores: number }> {
    const run = await this.runs.get(input.runId);
    if (!run?.snapshotId) throw new PassbackRefusal('RunNotFound', `passback run ${input.runId} has no plan`);
    const settings = this.ptp.forDistrict(input.districtId).settings.scores;
    const planned = await this.runs.sections(input.runId);
    const assignments = (await this.runs.assignments(input.runId)).filter((a) => a.validation.valid);
    const plannedBy = new Map<number, StoredSection[]>();
    for (const section of planned)
      plannedBy.set(section.canvasAssignmentId, [...(plannedBy.get(section.canvasAssignmentId) ?? []), section]);
    const students = await this.rosters.students(run.snapshotId, [...new Set(assignments.flatMap((a) => a.rosterSectionSisIds))]);

    const rows: ScoreRow[] = [];
    const unmatched: UnmatchedScore[] = [];
    const highest = new Map<string, number>();
    const canvas = this.canvas.forDistrict(input.districtId);
    const byCourse = new Map<number, typeof assignments>();
    for (const assignment of assignments)
      byCourse.set(assignment.validation.canvasCourseId, [...(byCourse.get(assignment.validation.canvasCourseId) ?? []), assignment]);

    for (const [courseId, ofCourse] of byCourse) {
      const byId = new Map(ofCourse.map((a) => [a.validation.canvasAssignmentId, a]));
      for (let i = 0; i < ofCourse.length; i += ASSIGNMENTS_PER_REQUEST) {
        const ids = ofCourse.slice(i, i + ASSIGNMENTS_PER_REQUEST).map((a) => a.validation.canvasAssignmentId);
        for (const entry of await canvas.gradebook.groupedSubmissions(courseId, ids)) {
          const student = entry.sis_user_id ? students.get(entry.sis_user_id) : undefined;
          for (const submission of entry.submissions) {
            const assignment = byId.get(submission.assignment_id);
            const sections = plannedBy.get(submission.assignment_id) ?? [];
            const points = sections[0]?.definition.points;
            if (!assignment || points === undefined) continue;
            const value = scoreValue(submission, points, settings);
            if (!value) continue;
            if (!student) {
              unmatched.push({
                canvasAssignmentId: submission.assignment_id,
                canvasUserId: entry.user_id,
                reason: entry.sis_user_id
                  ? 'the student is in none of this assignment’s PowerSchool sections (enrolled in Canvas only?)'
                  : 'the student has no SIS id: not provisioned from PowerSchool',
              });
              continue;
            }
            const targets = sections.filter((section) => student.sectionSisIds.has(section.sectionSisId));
            if (targets.length === 0) {
              // In a section of this assignment that is not sent (invalid, reported) or is another teacher's: not a lost score.
              if (!assignment.rosterSectionSisIds.some((sisId) => student.sectionSisIds.has(sisId))) {
                unmatched.push({
                  canvasAssignmentId: submission.assignment_id,
                  canvasUserId: entry.user_id,
                  reason: 'the student is in none of this assignment’s PowerSchool sections',
                });
              }
              continue;
            }
            for (const section of targets) {
              rows.push({
                canvasAssignmentId: section.canvasAssignmentId,
                sectionsDcid: section.sectionsDcid,
                studentDcid: student.dcid,
                ...value,
              });
              const entered = value.entered === null ? Number.NaN : Number(value.entered);
              const key = `${section.canvasAssignmentId}:${section.sectionsDcid}`;
              if (Number.isFinite(entered)) highest.set(key, Math.max(highest.get(key) ?? entered, entered));
            }
          }
        }
      }
    }

    if (settings.aboveMaximum === 'extra-points') {
      // PTP refuses a score above points + extra points: make room for the highest one.
      const changed = planned
        .map((section) => {
          const extra = extraPointsFor(
            section.definition.points,
            highest.get(`${section.canvasAssignmentId}:${section.sectionsDcid}`),
            MAX_POINT_VALUE,
          );
          return extra === section.definition.extraCreditPoints
            ? undefined
            : {
                canvasAssignmentId: section.canvasAssignmentId,
                sectionsDcid: section.sectionsDcid,
                definition: { ...section.definition, extraCreditPoints: extra },
              };
        })
        .filter((change) => change !== undefined);
      await this.runs.setDefinitions(input.runId, changed);
    }
    await this.runs.saveScores(input.runId, dedupe(rows), unmatched);
    return { scores: rows.length };
  }
}

/** One score per student and section of an assignment (a student listed twice by Canvas counts once). */
function dedupe(rows: ScoreRow[]): ScoreRow[] {
  const seen = new Map<string, ScoreRow>();
  for (const row of rows) seen.set(`${row.canvasAssignmentId}:${row.sectionsDcid}:${row.studentDcid}`, row);
  return [...seen.values()];
}
