import { Injectable } from '@nestjs/common';
import { DistrictCanvasClients, type GroupedSubmissions } from '@sisbridge/canvas-client';
import { PtpClients } from '../../ptp/ptp-clients';
import { TeacherRosters } from '../../teacher-rosters/teacher-rosters';
import { PassbackRefusal } from '../passback-refusal';
import { scoresToSend, type ScoreTarget } from '../plan/scores-to-send';
import { PassbackPlanStore } from '../stores/passback-plan-store';
import { PassbackRunStore } from '../stores/passback-run-store';
import { RunScores } from '../stores/run-scores';

/** Assignment ids per submissions request: Canvas answers 403 for the whole list if one is wrong, so lists stay short. */
const ASSIGNMENTS_PER_REQUEST = 50;

/**
 * Reads the planned assignments' submissions from Canvas, in bulk per course, and stores the
 * scores to send, per PTP section and student DCID (which score goes where: `scoresToSend`).
 * Nothing here changes the plan.
 */
@Injectable()
export class ScoreCollector {
  constructor(
    private readonly canvas: DistrictCanvasClients,
    private readonly ptp: PtpClients,
    private readonly rosters: TeacherRosters,
    private readonly runs: PassbackRunStore,
    private readonly plans: PassbackPlanStore,
    private readonly scores: RunScores,
  ) {}

  async collect(input: { runId: string; districtId: string }): Promise<{ scores: number }> {
    const run = await this.runs.get(input.runId);
    if (!run?.snapshotId) throw new PassbackRefusal('RunNotFound', `passback run ${input.runId} has no plan`);
    const assignments = (await this.plans.assignments(input.runId)).filter((a) => a.validation.valid);
    const targets = new Map<number, ScoreTarget[]>();
    for (const section of await this.plans.sections(input.runId)) {
      const target: ScoreTarget = {
        canvasAssignmentId: section.canvasAssignmentId,
        sectionsDcid: section.sectionsDcid,
        sectionSisId: section.sectionSisId,
        points: section.definition.points,
      };
      targets.set(section.canvasAssignmentId, [...(targets.get(section.canvasAssignmentId) ?? []), target]);
    }
    const students = await this.rosters.students(run.snapshotId, [...new Set(assignments.flatMap((a) => a.rosterSectionSisIds))]);

    const canvas = this.canvas.forDistrict(input.districtId);
    const byCourse = new Map<number, number[]>();
    for (const { validation } of assignments)
      byCourse.set(validation.canvasCourseId, [...(byCourse.get(validation.canvasCourseId) ?? []), validation.canvasAssignmentId]);
    const submissions: GroupedSubmissions[] = [];
    for (const [courseId, assignmentIds] of byCourse) {
      for (let i = 0; i < assignmentIds.length; i += ASSIGNMENTS_PER_REQUEST)
        submissions.push(...(await canvas.gradebook.groupedSubmissions(courseId, assignmentIds.slice(i, i + ASSIGNMENTS_PER_REQUEST))));
    }

    const matched = scoresToSend({
      submissions,
      students,
      targets,
      rosterSections: new Map(assignments.map((a) => [a.validation.canvasAssignmentId, a.rosterSectionSisIds])),
      settings: this.ptp.forDistrict(input.districtId).settings.scores,
    });
    await this.scores.save(input.runId, matched.scores, matched.unmatched);
    return { scores: matched.scores.length };
  }
}
