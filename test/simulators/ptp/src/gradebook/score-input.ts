import type { PtpTeacher } from '@sisbridge/sandbox-district';
import { ptpTimestamp, type PtpRuntime } from '../ptp-runtime';
import { forbidden, type FieldProblem } from '../http/xte-errors';
import type { AssignmentSectionRecord, ScoreRecord } from '../model/gradebook-records';
import { booleanField, isObject, numberField, textField, type JsonObject } from './json-fields';
import { scoreCode } from './score-codes';
import { isLocked } from './term-locks';

const FLAGS = ['islate', 'isexempt', 'ismissing', 'isabsent', 'isincomplete', 'iscollected'] as const;
type Flag = (typeof FLAGS)[number];

/** The outcome of one row of a score batch: the score to save, or why it is refused. */
export type ScoreRowResult =
  | { ok: true; score: ScoreRecord; created: boolean; sectionsdcid: number }
  | { ok: false; status: 400 | 404 | 409; problems: FieldProblem[]; row: JsonObject };

/**
 * Checks one `assignment_scores[]` row (§2.4) and works out what PTP would store: the score is
 * matched on (assignmentsectionid, studentsdcid), or on its `assignmentscoreid` when the reading
 * requires one; `scorepoints`, `scorepercent` and the letter grade are computed from
 * `actualscoreentered`. Refused: a student not enrolled in the section, a score above the Max
 * Entry (points + extra credit), a locked term, a bad number or score code. Another teacher's
 * section throws 403 for the whole request.
 */
export function readScoreRow(runtime: PtpRuntime, teacher: PtpTeacher, raw: unknown, index: number): ScoreRowResult {
  const { store, readings } = runtime;
  const row: JsonObject = isObject(raw) ? raw : {};
  const resource = `assignment_scores[${index}]`;
  const refuse = (status: 400 | 404 | 409, field: string, code: string): ScoreRowResult => ({
    ok: false,
    status,
    problems: [{ resource, field, code }],
    row,
  });
  if (!isObject(raw)) return refuse(400, 'assignment_scores', 'Each score must be an object');

  const nested = isObject(row['_assignmentsection']) ? row['_assignmentsection'] : {};
  const assignmentsectionid = numberField(nested['assignmentsectionid']) ?? numberField(row['assignmentsectionid']);
  if (assignmentsectionid === undefined || Number.isNaN(assignmentsectionid))
    return refuse(400, 'assignmentsectionid', '_assignmentsection.assignmentsectionid is required');
  const studentsdcid = numberField(row['studentsdcid']);
  if (studentsdcid === undefined || Number.isNaN(studentsdcid)) return refuse(400, 'studentsdcid', 'studentsdcid is required');
  const assignmentSection = store.assignmentSections.get(assignmentsectionid);
  if (!assignmentSection) return refuse(404, 'assignmentsectionid', `Assignment section ${assignmentsectionid} not found`);
  const section = store.sections.get(assignmentSection.sectionsdcid);
  if (!section) return refuse(404, 'sectionsdcid', `Section ${assignmentSection.sectionsdcid} not found`);
  if (readings.teacherSections === 'enforced' && !store.sectionsTaughtBy(teacher.users_dcid).has(section.sectionsdcid)) {
    throw forbidden(`User ${teacher.users_dcid} does not have access to section ${section.sectionsdcid}`);
  }
  if (!store.isEnrolled(section.sectionsdcid, studentsdcid))
    return refuse(409, 'studentsdcid', `Student ${studentsdcid} is not enrolled in section ${section.sectionsdcid}`);
  if (assignmentSection.studentAssociations.length > 0 && !assignmentSection.studentAssociations.includes(studentsdcid)) {
    return refuse(409, 'studentsdcid', `Student ${studentsdcid} is not assigned this assignment`);
  }
  if (isLocked(store, section, assignmentSection.duedate)) return refuse(409, 'assignmentsectionid', 'Locked Term');

  const existing = store.findScore(assignmentsectionid, studentsdcid);
  const givenId = numberField(row['assignmentscoreid']) ?? numberField(row['_id']) ?? numberField(row['id']);
  if (givenId !== undefined && !Number.isNaN(givenId) && givenId !== existing?.assignmentscoreid) {
    return refuse(
      409,
      'assignmentscoreid',
      `Score ${givenId} does not belong to student ${studentsdcid} in assignment section ${assignmentsectionid}`,
    );
  }
  if (existing && givenId === undefined && readings.scoreUpdate === 'requires-id') {
    return refuse(409, 'assignmentscoreid', 'A score exists for this student; include its assignmentscoreid to update it');
  }

  const entered = row['actualscoreentered'];
  if (typeof entered === 'number' && readings.actualScoreEntered === 'strict-string')
    return refuse(409, 'actualscoreentered', 'actualscoreentered must be a string');
  const text =
    entered === null || entered === undefined
      ? ''
      : typeof entered === 'number'
        ? String(entered)
        : typeof entered === 'string'
          ? entered.trim()
          : undefined;
  if (text === undefined) return refuse(409, 'actualscoreentered', 'actualscoreentered must be a string');
  if (text.length > 30) return refuse(409, 'actualscoreentered', 'actualscoreentered must be 30 characters or fewer');
  const flags = Object.fromEntries(FLAGS.map((flag) => [flag, booleanField(row[flag]) ?? false])) as Record<Flag, boolean>;
  const kind = textField(row['actualscorekind']) ?? (text === '' ? null : 'REAL_SCORE');
  let points: number | null = null;
  if (text !== '') {
    if (assignmentSection.scoretype === 'COLLECTED')
      return refuse(409, 'actualscoreentered', 'A collected assignment takes no score, only the collected flag');
    if (kind === 'REAL_SCORE') {
      const value = numberField(text);
      if (value === undefined || Number.isNaN(value)) return refuse(409, 'actualscoreentered', `"${text}" is not a number`);
      if (value < 0) return refuse(409, 'actualscoreentered', 'A score must not be negative');
      points = assignmentSection.scoretype === 'PERCENT' ? (value / 100) * assignmentSection.scoreentrypoints : value;
      const maxEntry = assignmentSection.scoreentrypoints + assignmentSection.extracreditpoints;
      if (points > maxEntry + 1e-9) return refuse(409, 'actualscoreentered', `The score is above the Max Entry of ${maxEntry}`);
    } else if (kind === 'SCORE_CODE') {
      const code = scoreCode(text);
      if (!code) return refuse(409, 'actualscoreentered', `"${text}" is not a score code`);
      for (const [flag, on] of Object.entries(code.flags)) if (on) flags[flag as Flag] = true;
      points = code.share === null ? null : code.share * assignmentSection.scoreentrypoints;
    } else {
      return refuse(409, 'actualscorekind', `Unknown actualscorekind "${kind ?? ''}"`);
    }
  }

  const now = ptpTimestamp(runtime.now());
  const comment = isObject(row['_assignmentscorecomment']) ? textField(row['_assignmentscorecomment']['commentvalue']) : undefined;
  const score: ScoreRecord = {
    assignmentscoreid: existing?.assignmentscoreid ?? 0,
    assignmentsectionid,
    studentsdcid,
    yearid: assignmentSection.yearid,
    actualscoreentered: text === '' ? null : text,
    actualscorekind: text === '' ? null : kind,
    ...computed(assignmentSection, points),
    ...flags,
    comment: comment ?? existing?.comment ?? null,
    scoreentrydate: now,
    whenmodified: now,
  };
  return { ok: true, score, created: !existing, sectionsdcid: section.sectionsdcid };
}

/** PTP's computed fields: points, percent of the entry points, and a letter on a plain 90/80/70/60 scale. */
function computed(
  section: AssignmentSectionRecord,
  points: number | null,
): Pick<ScoreRecord, 'scorepoints' | 'scorepercent' | 'scorelettergrade' | 'scorenumericgrade'> {
  if (points === null) return { scorepoints: null, scorepercent: null, scorelettergrade: null, scorenumericgrade: null };
  const percent = section.scoreentrypoints > 0 ? Math.round((points / section.scoreentrypoints) * 10000) / 100 : 0;
  const letter = percent >= 90 ? 'A' : percent >= 80 ? 'B' : percent >= 70 ? 'C' : percent >= 60 ? 'D' : 'F';
  return { scorepoints: Math.round(points * 1000) / 1000, scorepercent: percent, scorelettergrade: letter, scorenumericgrade: percent };
}
