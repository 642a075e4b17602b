import { ptpTimestamp, type PtpRuntime } from '../ptp-runtime';
import type { AssignmentRecord, AssignmentSectionRecord } from '../model/gradebook-records';
import type { AssignmentInput, SectionInput } from './assignment-input';

/** A new assignment from a validated body: fresh ids for it, its sections and their category links. */
export function createAssignment(runtime: PtpRuntime, input: AssignmentInput): AssignmentRecord {
  const { store } = runtime;
  const now = ptpTimestamp(runtime.now());
  const assignmentid = store.nextAssignmentId();
  const assignment: AssignmentRecord = {
    assignmentid,
    createdbyplugin: runtime.pluginId,
    standardcalcdirection: input.standardcalcdirection,
    standardscoringmethod: input.standardscoringmethod,
    yearid: input.yearid,
    sections: input.sections.map((section) => sectionRecord(runtime, assignmentid, section, undefined, now)),
    whenmodified: now,
  };
  store.assignments.set(assignmentid, assignment);
  for (const section of assignment.sections) store.assignmentSections.set(section.assignmentsectionid, section);
  return assignment;
}

/** Replaces an assignment's values (PUT overwrites everything), keeping the ids of sections it keeps. */
export function replaceAssignment(runtime: PtpRuntime, assignment: AssignmentRecord, input: AssignmentInput): void {
  const { store } = runtime;
  const now = ptpTimestamp(runtime.now());
  const previous = new Map(assignment.sections.map((s) => [s.sectionsdcid, s]));
  assignment.standardcalcdirection = input.standardcalcdirection;
  assignment.standardscoringmethod = input.standardscoringmethod;
  assignment.yearid = input.yearid;
  assignment.sections = input.sections.map((section) =>
    sectionRecord(runtime, assignment.assignmentid, section, previous.get(section.sectionsdcid), now),
  );
  assignment.whenmodified = now;
  for (const section of assignment.sections) store.assignmentSections.set(section.assignmentsectionid, section);
}

function sectionRecord(
  runtime: PtpRuntime,
  assignmentid: number,
  input: SectionInput,
  existing: AssignmentSectionRecord | undefined,
  now: string,
): AssignmentSectionRecord {
  const { store } = runtime;
  const existingAssocs = new Map((existing?.categoryAssociations ?? []).map((a) => [a.teachercategoryid, a.assignmentcategoryassocid]));
  return {
    assignmentsectionid: existing?.assignmentsectionid ?? store.nextAssignmentSectionId(),
    assignmentid,
    sectionsdcid: input.sectionsdcid,
    yearid: input.yearid,
    name: input.name,
    description: input.description,
    duedate: input.duedate,
    scoretype: input.scoretype,
    scoreentrypoints: input.scoreentrypoints,
    totalpointvalue: input.totalpointvalue,
    weight: input.weight,
    extracreditpoints: input.extracreditpoints,
    iscountedinfinalgrade: input.iscountedinfinalgrade,
    isscoringneeded: input.isscoringneeded,
    isscorespublish: input.isscorespublish,
    publishoption: input.publishoption,
    publishdaysbeforedue: input.publishdaysbeforedue,
    publishonspecificdate: input.publishonspecificdate,
    maxretakeallowed: input.maxretakeallowed,
    relatedgradescaleitemdcid: input.relatedgradescaleitemdcid,
    categoryAssociations: input.categoryAssociations.map((a) => ({
      assignmentcategoryassocid: existingAssocs.get(a.teachercategoryid) ?? store.nextCategoryAssocId(),
      teachercategoryid: a.teachercategoryid,
      isprimary: a.isprimary,
    })),
    studentAssociations: input.studentAssociations,
    whenmodified: now,
  };
}
