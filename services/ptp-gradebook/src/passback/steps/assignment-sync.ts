import { Injectable } from '@nestjs/common';
import type { AssignmentSyncProgress } from '@sisbridge/contracts';
import { describeProblems, PtpApiError, type AssignmentInput, type PtpAssignment, type PtpClient } from '@sisbridge/ptp-client';
import { withHeartbeats } from '@sisbridge/temporal';
import { PtpClients } from '../../ptp/ptp-clients';
import { PassbackRefusal } from '../passback-refusal';
import { definitionToSend } from '../plan/definition-to-send';
import { fingerprint, scoringChanged, type SectionDefinition } from '../plan/section-definition';
import { AssignmentLinks, type AssignmentLink } from '../stores/assignment-links';
import { PassbackPlanStore } from '../stores/passback-plan-store';
import { PassbackRunStore } from '../stores/passback-run-store';
import { RunScores, sectionKey } from '../stores/run-scores';
import { ScoreLedger } from '../stores/score-ledger';
import type { StoredSection } from '../stores/stored-rows';
import { eachConcurrently } from './each-concurrently';

/** Creates sent for one assignment section in one attempt, each after making sure the one before did not land. */
const CREATE_ATTEMPTS = 4;

/** Why a section's assignment was created although it had been linked: the report says so. */
export const MADE_AGAIN = 'made again: it had been deleted in PowerTeacher Pro';

/** What PTP refused about one assignment section: not retried, stored with it (and its scores are not sent). */
const ITEM_FAILURES = new Set(['validation', 'forbidden', 'not-found', 'invalid-request', 'precondition']);

interface RunContext {
  runId: string;
  districtId: string;
  usersDcid: number;
  ptp: PtpClient;
}

/**
 * Creates or updates the PTP assignment of each planned assignment section, one PTP assignment per
 * Canvas assignment and section, linked by id (never by name), with the definition to send (the
 * planned one, with the extra points its scores need: `definitionToSend`). An unchanged definition makes no
 * call; a changed one is read, kept (to put back if the run fails) and replaced; a new one is
 * created with its intent stored first, so a retry after a lost answer finds the assignment it
 * made instead of making another.
 */
@Injectable()
export class AssignmentSync {
  constructor(
    private readonly ptp: PtpClients,
    private readonly runs: PassbackRunStore,
    private readonly plans: PassbackPlanStore,
    private readonly scores: RunScores,
    private readonly links: AssignmentLinks,
    private readonly ledger: ScoreLedger,
  ) {}

  async sync(input: { runId: string; districtId: string; limit: number }): Promise<AssignmentSyncProgress> {
    const run = await this.runs.get(input.runId);
    if (!run?.usersDcid) throw new PassbackRefusal('RunNotFound', `passback run ${input.runId} has no plan`);
    const { client, settings } = this.ptp.forDistrict(input.districtId);
    const context: RunContext = { runId: input.runId, districtId: input.districtId, usersDcid: run.usersDcid, ptp: client };
    const progress: AssignmentSyncProgress = { created: 0, updated: 0, unchanged: 0, failed: 0, remaining: 0 };
    // PTP's own state first, once per run (before any section of it is done): what was deleted there is made again.
    if ((await this.plans.countSections(input.runId, 'planned')) === (await this.plans.countSections(input.runId)))
      await this.forgetWhatPtpLost(context);
    const sections = await this.plans.sections(input.runId, { status: 'planned', limit: input.limit });
    const highest = await this.scores.highestEntered(input.runId);
    await withHeartbeats(
      () => progress,
      () =>
        eachConcurrently(sections, settings.maxConcurrentRequests, async (planned) => {
          const definition = definitionToSend(
            planned.definition,
            highest.get(sectionKey(planned.canvasAssignmentId, planned.sectionsDcid)),
            settings.scores.aboveMaximum,
          );
          const outcome = await this.syncSection(context, { ...planned, definition });
          if (outcome === 'created' && planned.reason === MADE_AGAIN)
            await this.plans.markSection(context.runId, planned, { status: 'created', reason: MADE_AGAIN });
          progress[outcome]++;
        }),
    );
    progress.remaining = await this.plans.countSections(input.runId, 'planned');
    return progress;
  }

  /**
   * The ledger and the links say what sisbridge made in PTP; PTP says what is still there. One
   * list per section of the run (its assignments, with ids) shows which linked assignments were
   * deleted in PTP (by a teacher, by hand): their links and ledger entries are forgotten, so this
   * run makes them again, with their scores, instead of calling them unchanged (and says so).
   */
  private async forgetWhatPtpLost(context: RunContext): Promise<void> {
    const bySection = new Map<number, number[]>();
    for (const section of await this.plans.sections(context.runId))
      bySection.set(section.sectionsDcid, [...(bySection.get(section.sectionsDcid) ?? []), section.canvasAssignmentId]);
    for (const [sectionsDcid, canvasAssignmentIds] of bySection) {
      const linked = (await this.links.inSection(context.districtId, sectionsDcid, canvasAssignmentIds)).filter(
        (link) => link.state === 'linked' && link.ptpAssignmentId !== undefined,
      );
      if (linked.length === 0) continue;
      const listed = await context.ptp.assignments.list(context.usersDcid, [sectionsDcid]);
      const present = new Set(
        listed
          .filter((assignment) => assignment.sections.some((s) => s.sectionsDcid === sectionsDcid))
          .map((assignment) => assignment.assignmentId),
      );
      for (const link of linked.filter((l) => !present.has(l.ptpAssignmentId as number))) {
        if (link.assignmentSectionId !== undefined) await this.ledger.forget(context.districtId, [link.assignmentSectionId]);
        await this.links.remove(context.districtId, link);
        await this.plans.noteSection(context.runId, link, MADE_AGAIN);
      }
    }
  }

  private async syncSection(context: RunContext, section: StoredSection): Promise<'created' | 'updated' | 'unchanged' | 'failed'> {
    const target = { canvasAssignmentId: section.canvasAssignmentId, sectionsDcid: section.sectionsDcid };
    const wanted = fingerprint(section.definition);
    try {
      let link = await this.links.get(context.districtId, section.canvasAssignmentId, section.sectionsDcid);
      if (link?.state === 'creating') {
        link = await this.recoverCreate(context, section, link);
        if (link?.createdByRunId === context.runId) return 'created';
      }
      if (link?.state === 'linked' && link.ptpAssignmentId !== undefined && link.assignmentSectionId !== undefined) {
        if (link.fingerprint === wanted) {
          await this.plans.markSection(context.runId, target, {
            status: 'unchanged',
            ptpAssignmentId: link.ptpAssignmentId,
            assignmentSectionId: link.assignmentSectionId,
          });
          return 'unchanged';
        }
        const updated = await this.update(context, section, link, wanted);
        if (updated) return 'updated';
        // Gone from PTP (deleted there): made again below, and its old scores forgotten.
        await this.ledger.forget(context.districtId, [link.assignmentSectionId]);
        await this.links.remove(context.districtId, target);
      }
      await this.create(context, section, wanted);
      return 'created';
    } catch (error) {
      if (error instanceof PtpApiError && ITEM_FAILURES.has(error.kind)) {
        const reason =
          error.problems.length > 0
            ? `PowerTeacher Pro refused it: ${describeProblems(error.problems)}`
            : `PowerTeacher Pro refused it (${error.status ?? ''} ${error.kind})`;
        await this.plans.markSection(context.runId, target, { status: 'failed', reason });
        return 'failed';
      }
      throw error;
    }
  }

  private async create(context: RunContext, section: StoredSection, wanted: string): Promise<void> {
    const target = { canvasAssignmentId: section.canvasAssignmentId, sectionsDcid: section.sectionsDcid };
    await this.links.beginCreate(context.districtId, { ...target, usersDcid: context.usersDcid, runId: context.runId });
    let created: { assignmentId: number; assignmentSectionIds: number[] } | undefined;
    for (let attempt = 1; !created; attempt++) {
      try {
        created = await context.ptp.assignments.create(context.usersDcid, inputOf(section.definition, section.sectionsDcid));
      } catch (error) {
        if (error instanceof PtpApiError && ITEM_FAILURES.has(error.kind)) {
          await this.links.remove(context.districtId, target);
          throw error;
        }
        // A 5xx, a dropped connection or an answer without ids: it may exist. Look before trying again;
        // only what is known not to exist is created again.
        created = await this.findCreated(context, section);
        if (!created && attempt >= CREATE_ATTEMPTS) throw error;
      }
    }
    const assignmentSectionId = created.assignmentSectionIds[0] as number;
    await this.links.linkCreated(context.districtId, {
      ...target,
      ptpAssignmentId: created.assignmentId,
      assignmentSectionId,
      fingerprint: wanted,
      runId: context.runId,
    });
    await this.plans.markSection(context.runId, target, { status: 'created', ptpAssignmentId: created.assignmentId, assignmentSectionId });
  }

  /** A create was sent before and its answer not stored: adopt what it made, or forget the intent. */
  private async recoverCreate(context: RunContext, section: StoredSection, link: AssignmentLink): Promise<AssignmentLink | undefined> {
    const target = { canvasAssignmentId: section.canvasAssignmentId, sectionsDcid: section.sectionsDcid };
    const found = await this.findCreated(context, section);
    if (!found) {
      await this.links.remove(context.districtId, target);
      return undefined;
    }
    const assignmentSectionId = found.assignmentSectionIds[0] as number;
    // Made by an earlier attempt of some run: its definition may be older than today's, so it is compared as unknown.
    await this.links.linkCreated(context.districtId, {
      ...target,
      ptpAssignmentId: found.assignmentId,
      assignmentSectionId,
      fingerprint: null,
      runId: link.createdByRunId,
    });
    if (link.createdByRunId === context.runId) {
      // This run's own create, interrupted: it was sent with this run's definition.
      await this.links.setFingerprint(context.districtId, target, fingerprint(section.definition));
      await this.plans.markSection(context.runId, target, { status: 'created', ptpAssignmentId: found.assignmentId, assignmentSectionId });
    }
    return { ...link, state: 'linked', ptpAssignmentId: found.assignmentId, assignmentSectionId };
  }

  /**
   * The assignment an interrupted create made, if any: in the section, made by a plugin, with the
   * name and due date we sent, and linked to no Canvas assignment yet.
   */
  private async findCreated(
    context: RunContext,
    section: StoredSection,
  ): Promise<{ assignmentId: number; assignmentSectionIds: number[] } | undefined> {
    const listed = await context.ptp.assignments.list(context.usersDcid, [section.sectionsDcid]);
    const candidates = listed
      .map((assignment) => ({ assignment, mine: assignment.sections.find((s) => s.sectionsDcid === section.sectionsDcid) }))
      .filter(
        ({ assignment, mine }) =>
          mine &&
          Boolean(assignment.createdByPlugin) &&
          mine.name === section.definition.name &&
          mine.dueDate === section.definition.dueDate,
      );
    const taken = await this.links.linkedPtpAssignments(
      context.districtId,
      candidates.map((c) => c.assignment.assignmentId),
    );
    const free = candidates
      .filter((c) => !taken.has(c.assignment.assignmentId))
      .sort((a, b) => b.assignment.assignmentId - a.assignment.assignmentId)[0];
    return free?.mine ? { assignmentId: free.assignment.assignmentId, assignmentSectionIds: [free.mine.assignmentSectionId] } : undefined;
  }

  /** Read, keep the first version this run saw, replace. False when PTP no longer has it. */
  private async update(context: RunContext, section: StoredSection, link: AssignmentLink, wanted: string): Promise<boolean> {
    const target = { canvasAssignmentId: section.canvasAssignmentId, sectionsDcid: section.sectionsDcid };
    const ptpAssignmentId = link.ptpAssignmentId as number;
    const assignmentSectionId = link.assignmentSectionId as number;
    let current: PtpAssignment;
    try {
      current = await context.ptp.assignments.get(context.usersDcid, ptpAssignmentId);
    } catch (error) {
      if (error instanceof PtpApiError && error.kind === 'not-found') return false;
      throw error;
    }
    await this.plans.keepPriorAssignment(context.runId, target, current.json, link.fingerprint);
    const before = definitionOf(current, section.sectionsDcid);
    try {
      await context.ptp.assignments.update(
        context.usersDcid,
        ptpAssignmentId,
        inputOf(section.definition, section.sectionsDcid, assignmentSectionId),
        {
          updateScores: scoringChanged(before, section.definition),
        },
      );
    } catch (error) {
      if (error instanceof PtpApiError && error.kind === 'not-found') return false;
      throw error;
    }
    await this.links.setFingerprint(context.districtId, target, wanted);
    await this.plans.markSection(context.runId, target, { status: 'updated', ptpAssignmentId, assignmentSectionId });
    return true;
  }
}

export function inputOf(definition: SectionDefinition, sectionsDcid: number, assignmentSectionId?: number): AssignmentInput {
  return {
    yearId: definition.yearId,
    sections: [
      {
        ...(assignmentSectionId === undefined ? {} : { assignmentSectionId }),
        sectionsDcid,
        yearId: definition.yearId,
        name: definition.name,
        description: '',
        dueDate: definition.dueDate,
        points: definition.points,
        extraCreditPoints: definition.extraCreditPoints,
        countsInFinalGrade: definition.countsInFinalGrade,
        publishScores: definition.publishScores,
        publishOption: definition.publishOption,
        teacherCategoryId: definition.teacherCategoryId,
      },
    ],
  };
}

/** Scoring as PTP has it now, to tell whether a replace changes scoring (update_scores). */
function definitionOf(assignment: PtpAssignment, sectionsDcid: number): SectionDefinition | undefined {
  const sections = assignment.json['_assignmentsections'];
  const raw = Array.isArray(sections)
    ? (sections as Array<Record<string, unknown>>).find((s) => Number(s['sectionsdcid']) === sectionsDcid)
    : undefined;
  if (!raw) return undefined;
  return {
    name: String(raw['name'] ?? ''),
    dueDate: String(raw['duedate'] ?? ''),
    points: Number(raw['scoreentrypoints'] ?? 0),
    extraCreditPoints: Number(raw['extracreditpoints'] ?? 0),
    countsInFinalGrade: raw['iscountedinfinalgrade'] !== false,
    publishScores: raw['isscorespublish'] !== false,
    publishOption: String(raw['publishoption'] ?? ''),
    teacherCategoryId: assignment.sections.find((s) => s.sectionsDcid === sectionsDcid)?.teacherCategoryId ?? 0,
    yearId: Number(raw['yearid'] ?? 0),
  };
}
