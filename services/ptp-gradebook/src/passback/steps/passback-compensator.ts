import { Injectable } from '@nestjs/common';
import type { PassbackCompensation } from '@sisbridge/contracts';
import { PtpApiError, type PtpClient, type ScoreWrite } from '@sisbridge/ptp-client';
import { withHeartbeats } from '@sisbridge/temporal';
import { PtpClients } from '../../ptp/ptp-clients';
import { PassbackRefusal } from '../passback-refusal';
import { AssignmentLinks } from '../stores/assignment-links';
import { PassbackPlanStore } from '../stores/passback-plan-store';
import { PassbackRunStore } from '../stores/passback-run-store';
import { ScoreLedger, type LedgerEntry } from '../stores/score-ledger';

/** Refusals that retrying will not change: told in the result instead of blocking the undo. */
const LASTING = new Set(['validation', 'not-found', 'invalid-request', 'precondition']);

/**
 * Undoes what a failed run did in PTP, from what it stored before each change:
 * 1. assignments it changed get their earlier definition back;
 * 2. scores it overwrote on assignments it did not create get PTP's earlier value back (a
 *    student who had no score gets an empty one: XTE has no call that removes one score);
 * 3. assignments it created are deleted with their scores (`force`).
 * Idempotent: what is put back is crossed off, so a retry goes on where it stopped.
 */
@Injectable()
export class PassbackCompensator {
  constructor(
    private readonly ptp: PtpClients,
    private readonly runs: PassbackRunStore,
    private readonly plans: PassbackPlanStore,
    private readonly links: AssignmentLinks,
    private readonly ledger: ScoreLedger,
  ) {}

  async compensate(input: { runId: string; districtId: string }): Promise<PassbackCompensation> {
    const run = await this.runs.get(input.runId);
    if (!run) throw new PassbackRefusal('RunNotFound', `no passback run ${input.runId}`);
    const result: PassbackCompensation = { assignmentsDeleted: 0, assignmentsRestored: 0, scoresRestored: 0, failures: [] };
    if (run.usersDcid === undefined) return result;
    const usersDcid = run.usersDcid;
    const { client, settings } = this.ptp.forDistrict(input.districtId);
    await withHeartbeats(
      () => result,
      async () => {
        const created = await this.links.createdBy(input.districtId, input.runId);
        const createdSections = new Set(created.map((link) => link.assignmentSectionId).filter((id) => id !== undefined));

        for (const section of await this.plans.sections(input.runId, { withPrior: true })) {
          if (
            section.assignmentSectionId === undefined ||
            section.ptpAssignmentId === undefined ||
            !section.priorAssignment ||
            createdSections.has(section.assignmentSectionId)
          )
            continue;
          try {
            await client.assignments.replace(usersDcid, section.ptpAssignmentId, section.priorAssignment, { updateScores: true });
            await this.links.setFingerprint(input.districtId, section, section.priorFingerprint ?? null);
            result.assignmentsRestored++;
          } catch (error) {
            if (!(error instanceof PtpApiError && LASTING.has(error.kind))) throw error;
            result.failures.push(`assignment ${section.ptpAssignmentId} could not be put back: ${error.message}`);
          }
        }

        const overwritten = (await this.ledger.writtenBy(input.districtId, input.runId)).filter(
          (entry) => !createdSections.has(entry.assignmentSectionId),
        );
        for (let i = 0; i < overwritten.length; i += settings.scores.batchSize) {
          const batch = overwritten.slice(i, i + settings.scores.batchSize);
          const outcomes = await client.scores.write(usersDcid, batch.map(restoringWrite), settings.scores.writeQuery);
          const refused = new Map<number, { count: number; reason: string }>();
          for (const [index, entry] of batch.entries()) {
            const outcome = outcomes[index];
            if (outcome?.ok) {
              await this.ledger.restored(input.districtId, entry, entry.priorSent ?? null, outcome.assignmentScoreId);
              result.scoresRestored++;
            } else {
              const seen = refused.get(entry.assignmentSectionId) ?? { count: 0, reason: outcome?.reason ?? 'no answer' };
              refused.set(entry.assignmentSectionId, { ...seen, count: seen.count + 1 });
            }
          }
          // Counts per assignment section: the result travels through Temporal, so no student ids.
          for (const [assignmentSectionId, { count, reason }] of refused)
            result.failures.push(`${count} score(s) in assignment section ${assignmentSectionId} could not be put back: ${reason}`);
        }

        for (const link of created) {
          const deleted = await this.deleteCreated(client, usersDcid, input, link);
          if (deleted) result.assignmentsDeleted++;
          if (link.assignmentSectionId !== undefined) await this.ledger.forget(input.districtId, [link.assignmentSectionId]);
          await this.links.remove(input.districtId, link);
        }
      },
    );
    return result;
  }

  /** Deletes a PTP assignment the run created; a create whose answer was lost is looked for first. */
  private async deleteCreated(
    client: PtpClient,
    usersDcid: number,
    input: { runId: string; districtId: string },
    link: Awaited<ReturnType<AssignmentLinks['createdBy']>>[number],
  ): Promise<boolean> {
    let assignmentId = link.ptpAssignmentId;
    if (assignmentId === undefined) {
      const section = (await this.plans.sections(input.runId)).find(
        (s) => s.canvasAssignmentId === link.canvasAssignmentId && s.sectionsDcid === link.sectionsDcid,
      );
      if (!section) return false;
      const listed = await client.assignments.list(usersDcid, [link.sectionsDcid]);
      const taken = await this.links.linkedPtpAssignments(
        input.districtId,
        listed.map((a) => a.assignmentId),
      );
      assignmentId = listed
        .filter((a) => !taken.has(a.assignmentId) && Boolean(a.createdByPlugin))
        .find((a) =>
          a.sections.some(
            (s) => s.sectionsDcid === link.sectionsDcid && s.name === section.definition.name && s.dueDate === section.definition.dueDate,
          ),
        )?.assignmentId;
      if (assignmentId === undefined) return false;
    }
    return (await client.assignments.delete(usersDcid, assignmentId, { force: true })) === 'deleted';
  }
}

/** PTP's earlier value, as it was entered and flagged; an empty score where there was none. */
function restoringWrite(entry: LedgerEntry): ScoreWrite {
  const prior = entry.prior;
  if (!prior || prior.absent) {
    return {
      assignmentSectionId: entry.assignmentSectionId,
      studentsDcid: entry.studentsDcid,
      entered: null,
      isExempt: false,
      isLate: false,
      isMissing: false,
      ...(entry.assignmentScoreId === undefined ? {} : { assignmentScoreId: entry.assignmentScoreId }),
    };
  }
  return {
    assignmentSectionId: entry.assignmentSectionId,
    studentsDcid: entry.studentsDcid,
    entered: prior.entered,
    kind: prior.kind,
    isExempt: prior.isExempt,
    isLate: prior.isLate,
    isMissing: prior.isMissing,
    isAbsent: prior.isAbsent,
    isIncomplete: prior.isIncomplete,
    isCollected: prior.isCollected,
    ...(prior.assignmentScoreId === null ? {} : { assignmentScoreId: prior.assignmentScoreId }),
  };
}
