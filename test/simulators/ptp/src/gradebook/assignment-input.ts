import type { PtpSection, PtpTeacher } from '@sisbridge/sandbox-district';
import { isoDate, type PtpRuntime } from '../ptp-runtime';
import { badRequest, notFound, ValidationError, type FieldProblem } from '../http/xte-errors';
import { requireTeaches } from '../api/acting-teacher';
import { booleanField, isObject, numberField, textField, type JsonObject } from './json-fields';
import { isLocked } from './term-locks';
import type { AssignmentCategoryAssoc, AssignmentSectionRecord } from '../model/gradebook-records';

/** PTP's limits (§3.2, §5): AssignmentSection.Name is Varchar2(50); (points × weight) + extra ≤ 9,999. */
export const MAX_NAME_LENGTH = 50;
export const MAX_POINT_VALUE = 9999;
export const SCORE_TYPES = ['POINTS', 'PERCENT', 'COLLECTED'];

/** A section of a POST or PUT body, checked: the record it becomes, before PTP assigns ids and a time. */
export type SectionInput = Omit<
  AssignmentSectionRecord,
  'assignmentsectionid' | 'assignmentid' | 'categoryAssociations' | 'whenmodified'
> & {
  /** Set when a PUT names the section it changes. */
  assignmentsectionid: number | undefined;
  categoryAssociations: Array<Omit<AssignmentCategoryAssoc, 'assignmentcategoryassocid'>>;
};

export interface AssignmentInput {
  standardcalcdirection: string;
  standardscoringmethod: string;
  yearid: number;
  sections: SectionInput[];
}

/** Values that must be the same in every section of one assignment (all but the due date and students). */
const SHARED_FIELDS = [
  'name',
  'description',
  'scoretype',
  'scoreentrypoints',
  'weight',
  'extracreditpoints',
  'iscountedinfinalgrade',
  'isscoringneeded',
  'isscorespublish',
  'publishoption',
  'maxretakeallowed',
] as const satisfies ReadonlyArray<keyof SectionInput>;

/**
 * Reads and validates an assignment body (§2.3) for the acting teacher. Structural problems are
 * 400, unknown sections and categories 404, another teacher's section 403; what PTP refuses as
 * data (name over 50 characters, due date outside the section's term or in a locked term, an
 * inactive or excluded category, a total over 9,999, …) is collected into one 409.
 */
export function readAssignmentBody(runtime: PtpRuntime, teacher: PtpTeacher, body: unknown): AssignmentInput {
  const { readings } = runtime;
  if (!isObject(body)) throw badRequest('The request body must be a JSON assignment object');
  const rawSections = body['_assignmentsections'];
  if (!Array.isArray(rawSections) || rawSections.length === 0)
    throw badRequest('_assignmentsections must list at least one assignment section');
  if (readings.assignmentStandardFields === 'required') {
    const missing = ['standardcalcdirection', 'standardscoringmethod', 'yearid', '_assignmentstandardassociations'].filter(
      (field) => body[field] === undefined,
    );
    if (missing.length > 0) throw badRequest(`Missing required fields: ${missing.join(', ')}`);
  }
  const problems: FieldProblem[] = [];
  const sections = rawSections.map((raw, index) => readSection(runtime, teacher, raw, index, problems));
  const topYear = numberField(body['yearid']);
  const yearid = topYear ?? sections[0]?.yearid ?? 0;
  if (topYear !== undefined && sections.some((s) => s.yearid !== topYear))
    problems.push({ resource: 'assignment', field: 'yearid', code: 'The year does not match the sections’ year' });
  const first = sections[0];
  if (first) {
    for (const field of SHARED_FIELDS) {
      if (sections.some((s) => s[field] !== first[field]))
        problems.push({ resource: 'assignmentsection', field, code: 'Must be the same in every section of the assignment' });
    }
  }
  if (new Set(sections.map((s) => s.sectionsdcid)).size !== sections.length)
    problems.push({ resource: 'assignmentsection', field: 'sectionsdcid', code: 'A section may appear only once' });
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    standardcalcdirection: textField(body['standardcalcdirection']) ?? 'NONE',
    standardscoringmethod: textField(body['standardscoringmethod']) ?? 'GradeScale',
    yearid,
    sections,
  };
}

function readSection(runtime: PtpRuntime, teacher: PtpTeacher, raw: unknown, index: number, problems: FieldProblem[]): SectionInput {
  const { store } = runtime;
  if (!isObject(raw)) throw badRequest(`_assignmentsections[${index}] must be an object`);
  const sectionsdcid = numberField(raw['sectionsdcid']);
  if (sectionsdcid === undefined || Number.isNaN(sectionsdcid)) throw badRequest(`_assignmentsections[${index}].sectionsdcid is required`);
  const section = store.sections.get(sectionsdcid);
  if (!section) throw notFound(`Section ${sectionsdcid} not found`);
  requireTeaches(runtime, teacher, section);
  const problem = (field: string, code: string) => problems.push({ resource: 'assignmentsection', field, code });

  const name = (textField(raw['name']) ?? '').trim();
  if (name === '') problem('name', 'Name is required');
  else if (name.length > MAX_NAME_LENGTH) problem('name', `Name must be ${MAX_NAME_LENGTH} characters or fewer`);

  const duedate = textField(raw['duedate']) ?? isoDate(new Date(runtime.now().getTime() + 86_400_000));
  checkDueDate(runtime, section, duedate, problem);

  const categoryAssociations = readCategories(runtime, teacher, section, raw['_assignmentcategoryassociations'], problem);
  const primary = categoryAssociations.find((a) => a.isprimary);
  const category = primary ? store.categories.get(primary.teachercategoryid) : undefined;

  const scoretype = (textField(raw['scoretype']) ?? category?.defaultscoretype ?? 'POINTS').toUpperCase();
  if (!SCORE_TYPES.includes(scoretype)) problem('scoretype', `Score type must be one of ${SCORE_TYPES.join(', ')}`);
  const weight = number(raw['weight'], category?.defaultweight ?? 1, 'weight', problem);
  if (weight <= 0) problem('weight', 'Weight must be greater than 0');
  const givenEntry = numberField(raw['scoreentrypoints']);
  const givenTotal = numberField(raw['totalpointvalue']);
  const scoreentrypoints =
    givenEntry !== undefined
      ? number(givenEntry, 0, 'scoreentrypoints', problem)
      : givenTotal !== undefined && !Number.isNaN(givenTotal) && weight > 0
        ? givenTotal / weight
        : (category?.defaultscoreentrypoints ?? 100);
  const extracreditpoints = number(raw['extracreditpoints'], category?.defaultextracreditpoints ?? 0, 'extracreditpoints', problem);
  if (scoreentrypoints < 0) problem('scoreentrypoints', 'Points must not be negative');
  if (extracreditpoints < 0) problem('extracreditpoints', 'Extra credit must not be negative');
  const totalpointvalue = scoreentrypoints * weight;
  if (totalpointvalue + extracreditpoints > MAX_POINT_VALUE)
    problem('totalpointvalue', `The maximum point value ((points × weight) + extra points) is ${MAX_POINT_VALUE}`);

  const studentAssociations = readStudents(runtime, section, raw['_assignmentstudentassociations'], problem);
  return {
    sectionsdcid,
    assignmentsectionid: numberField(raw['assignmentsectionid']) ?? numberField(raw['_id']),
    yearid: numberField(raw['yearid']) ?? section.yearid,
    name,
    description: textField(raw['description']) ?? '',
    duedate,
    scoretype,
    scoreentrypoints,
    totalpointvalue,
    weight,
    extracreditpoints,
    iscountedinfinalgrade: booleanField(raw['iscountedinfinalgrade']) ?? category?.isinfinalgrades ?? true,
    isscoringneeded: booleanField(raw['isscoringneeded']) ?? false,
    isscorespublish: booleanField(raw['isscorespublish']) ?? category?.isdefaultpublishscores ?? true,
    publishoption: textField(raw['publishoption']) ?? category?.defaultpublishoption ?? 'Immediately',
    publishdaysbeforedue: numberField(raw['publishdaysbeforedue']) ?? 0,
    publishonspecificdate: textField(raw['publishonspecificdate']) ?? null,
    maxretakeallowed: numberField(raw['maxretakeallowed']) ?? 0,
    relatedgradescaleitemdcid: numberField(raw['relatedgradescaleitemdcid']) ?? null,
    categoryAssociations,
    studentAssociations,
  };
}

function number(value: unknown, fallback: number, field: string, problem: (field: string, code: string) => void): number {
  const parsed = numberField(value);
  if (parsed === undefined) return fallback;
  if (Number.isNaN(parsed)) {
    problem(field, 'Must be a number');
    return fallback;
  }
  return parsed;
}

/** The due date must be a date inside the section's term, and not in a locked reporting term. */
function checkDueDate(runtime: PtpRuntime, section: PtpSection, duedate: string, problem: (field: string, code: string) => void): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(duedate) || Number.isNaN(new Date(`${duedate}T00:00:00Z`).getTime())) {
    problem('duedate', 'Due date must be a date (YYYY-MM-DD)');
    return;
  }
  const term = runtime.store.termOf(section);
  if (term && (duedate < term.firstday || duedate > term.lastday)) {
    problem('duedate', `Due date outside of term (${term.firstday} to ${term.lastday})`);
    return;
  }
  if (isLocked(runtime.store, section, duedate)) problem('duedate', 'Locked Term');
}

/**
 * The category associations: a primary category is required; it must be one of the teacher's
 * (404 otherwise), active, and not excluded from the section.
 */
function readCategories(
  runtime: PtpRuntime,
  teacher: PtpTeacher,
  section: PtpSection,
  raw: unknown,
  problem: (field: string, code: string) => void,
): Array<{ teachercategoryid: number; isprimary: boolean }> {
  const list = Array.isArray(raw) ? raw.filter(isObject) : [];
  const associations = list.map((entry: JsonObject) => ({
    teachercategoryid: numberField(entry['teachercategoryid']) ?? Number.NaN,
    // A lone association is the primary one even when the flag is left out.
    isprimary: booleanField(entry['isprimary']) ?? list.length === 1,
  }));
  if (!associations.some((a) => a.isprimary)) {
    problem('teachercategoryid', 'A primary category is required');
    return associations;
  }
  for (const association of associations) {
    const category = runtime.store.categories.get(association.teachercategoryid);
    if (!category || category.usersdcid !== teacher.users_dcid)
      throw notFound(`Teacher category ${String(association.teachercategoryid)} not found`);
    if (!category.isactive) problem('teachercategoryid', `Category ${category.name} is inactive`);
    if (category.section_exclusions.includes(section.sectionsdcid))
      problem('teachercategoryid', `Category ${category.name} is excluded from section ${section.sectionsdcid}`);
  }
  return associations;
}

/** `_assignmentstudentassociations`: empty means every student; named students must be enrolled. */
function readStudents(runtime: PtpRuntime, section: PtpSection, raw: unknown, problem: (field: string, code: string) => void): number[] {
  const list = Array.isArray(raw) ? raw : [];
  const ids = list
    .map((entry) => numberField(isObject(entry) ? entry['studentsdcid'] : entry))
    .filter((id): id is number => id !== undefined && !Number.isNaN(id));
  for (const id of ids)
    if (!runtime.store.isEnrolled(section.sectionsdcid, id))
      problem('studentsdcid', `Student ${id} is not enrolled in section ${section.sectionsdcid}`);
  return [...new Set(ids)];
}
