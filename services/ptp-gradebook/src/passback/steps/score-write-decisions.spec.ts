import type { PtpScore } from '@sisbridge/ptp-client';
import { ledgerKey, type LedgerEntry } from '../stores/score-ledger';
import type { PendingScore } from '../stores/stored-rows';
import {
  batchOutcomes,
  REPLACED_HAND_EDIT,
  scoreWriteOf,
  sortByDestination,
  sortByLedger,
  sortByPtp,
  type SendableScore,
} from './score-write-decisions';

const RUN = 'run-2';
const pending = (studentsDcid: number, entered: string | null, section: Partial<PendingScore> = {}): PendingScore => ({
  canvasAssignmentId: 7,
  sectionsDcid: 4001,
  studentsDcid,
  entered,
  isExempt: false,
  isLate: false,
  isMissing: false,
  sectionStatus: 'unchanged',
  ptpAssignmentId: 900,
  assignmentSectionId: 9001,
  ...section,
});
const sendable = (studentsDcid: number, entered: string | null, createdThisRun = false): SendableScore => {
  const { sendable: [score] = [] } = sortByDestination([
    pending(studentsDcid, entered, createdThisRun ? { sectionStatus: 'created' } : {}),
  ]);
  if (!score) throw new Error('not sendable');
  return score;
};
const ledgerOf = (...entries: LedgerEntry[]) =>
  new Map(entries.map((entry) => [ledgerKey(entry.assignmentSectionId, entry.studentsDcid), entry]));
const sent = (studentsDcid: number, entered: string, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  assignmentSectionId: 9001,
  studentsDcid,
  sent: { entered, isExempt: false, isLate: false, isMissing: false },
  ...extra,
});
const inPtp = (studentsDcid: number, entered: string | null, extra: Partial<PtpScore> = {}): PtpScore => ({
  assignmentScoreId: 70_000 + studentsDcid,
  assignmentSectionId: 9001,
  studentsDcid,
  actualScoreEntered: entered,
  actualScoreKind: entered === null ? null : 'REAL_SCORE',
  isExempt: false,
  isLate: false,
  isMissing: false,
  isAbsent: false,
  isIncomplete: false,
  isCollected: false,
  ...extra,
});
const currentOf = (...scores: PtpScore[]) =>
  new Map(scores.map((score) => [ledgerKey(score.assignmentSectionId, score.studentsDcid), score]));

describe('the score writer’s decisions: each score written exactly once', () => {
  it('fails a score whose PTP assignment did not come to exist, with the section’s reason', () => {
    const { sendable: ok, homeless } = sortByDestination([
      pending(1, '8'),
      pending(2, '7', { sectionStatus: 'failed', sectionReason: 'PowerTeacher Pro refused it: locked term' }),
      pending(3, '6', { sectionStatus: 'planned', ptpAssignmentId: undefined, assignmentSectionId: undefined }),
    ]);
    expect(ok.map((score) => score.studentsDcid)).toEqual([1]);
    expect(homeless).toEqual([
      {
        canvasAssignmentId: 7,
        sectionsDcid: 4001,
        studentsDcid: 2,
        status: 'failed',
        reason: 'its assignment is not in PowerTeacher Pro: PowerTeacher Pro refused it: locked term',
      },
      {
        canvasAssignmentId: 7,
        sectionsDcid: 4001,
        studentsDcid: 3,
        status: 'failed',
        reason: 'its assignment is not in PowerTeacher Pro: it was not sent',
      },
    ]);
  });

  it('sends nothing the ledger says PTP already has from us ("8.50" is 8.5)', () => {
    const { unchanged, candidates } = sortByLedger([sendable(1, '8.5'), sendable(2, '9')], ledgerOf(sent(1, '8.50'), sent(2, '8')), RUN);
    expect(unchanged.map((o) => [o.studentsDcid, o.status])).toEqual([[1, 'unchanged']]);
    expect(candidates.map((score) => score.studentsDcid)).toEqual([2]);
  });

  it('reads PTP first where it may hold a score, and not for an assignment this run created', () => {
    const existing = sendable(1, '8');
    const created = sendable(2, '8', true);
    const createdAndTried = sendable(3, '8', true);
    const { toRead } = sortByLedger([existing, created, createdAndTried], ledgerOf(sent(3, '5', { priorRunId: RUN })), RUN);
    expect(toRead).toEqual([existing, createdAndTried]);
  });

  it('does not send again what PTP already has: written when this run wrote it before, unchanged when it was there already', () => {
    const retried = sendable(1, '8');
    const equalBefore = sendable(2, '9');
    const changed = sendable(3, '10');
    const { alreadyInPtp, toWrite } = sortByPtp(
      [retried, equalBefore, changed],
      currentOf(inPtp(1, '8'), inPtp(2, '9.0'), inPtp(3, '4')),
      ledgerOf(sent(1, '6', { priorRunId: RUN })),
      RUN,
    );
    expect(alreadyInPtp.map((a) => [a.outcome.studentsDcid, a.outcome.status, a.assignmentScoreId])).toEqual([
      [1, 'written', 70_001],
      [2, 'unchanged', 70_002],
    ]);
    expect(toWrite).toEqual([changed]);
  });

  it('tells a write that replaces a change made by hand in PTP (PTP differs from what was last sent) from one that does not', () => {
    const handEdited = sendable(1, '9');
    const untouched = sendable(2, '9');
    const { replacingHandEdits } = sortByPtp(
      [handEdited, untouched],
      currentOf(inPtp(1, '10'), inPtp(2, '7')),
      ledgerOf(sent(1, '7'), sent(2, '7')),
      RUN,
    );
    expect([...replacingHandEdits]).toEqual([handEdited]);
    const { outcomes } = batchOutcomes([handEdited, untouched], [{ ok: true }, { ok: true }], replacingHandEdits);
    expect(outcomes.map((o) => [o.studentsDcid, o.status, o.reason])).toEqual([
      [1, 'written', REPLACED_HAND_EDIT],
      [2, 'written', undefined],
    ]);
  });

  it('keeps what PTP had before the run’s first write, once per run', () => {
    const first = sendable(1, '8');
    const again = sendable(2, '8');
    const nothingThere = sendable(3, '8');
    const { priors } = sortByPtp(
      [first, again, nothingThere],
      currentOf(inPtp(1, 'A', { actualScoreKind: 'SCORE_CODE', isCollected: true }), inPtp(2, '3')),
      ledgerOf(sent(1, '5', { priorRunId: 'run-1' }), sent(2, '3', { priorRunId: RUN })),
      RUN,
    );
    expect(priors).toEqual([
      {
        assignmentSectionId: 9001,
        studentsDcid: 1,
        prior: {
          entered: 'A',
          isExempt: false,
          isLate: false,
          isMissing: false,
          kind: 'SCORE_CODE',
          isAbsent: false,
          isIncomplete: false,
          isCollected: true,
          assignmentScoreId: 70_001,
        },
        priorSent: { entered: '5', isExempt: false, isLate: false, isMissing: false },
      },
      { assignmentSectionId: 9001, studentsDcid: 3, prior: { absent: true }, priorSent: null },
    ]);
  });

  it('writes our value with the score’s id and the flags we do not manage as PTP has them', () => {
    expect(scoreWriteOf(sendable(1, '8'), inPtp(1, '4', { isAbsent: true }), undefined)).toEqual({
      assignmentSectionId: 9001,
      studentsDcid: 1,
      entered: '8',
      isExempt: false,
      isLate: false,
      isMissing: false,
      assignmentScoreId: 70_001,
      isAbsent: true,
      isIncomplete: false,
      isCollected: false,
    });
    // Not read: the ledger's id is the best knowledge there is.
    expect(scoreWriteOf(sendable(2, '8'), undefined, sent(2, '3', { assignmentScoreId: 555 })).assignmentScoreId).toBe(555);
    expect(scoreWriteOf(sendable(3, '8', true), undefined, undefined)).not.toHaveProperty('assignmentScoreId');
  });

  it('records each row of a batch: written with PTP’s id, or refused with PTP’s words', () => {
    const batch = [sendable(1, '8'), sendable(2, '80'), sendable(3, '7')];
    const { outcomes, written } = batchOutcomes(batch, [
      { ok: true, assignmentScoreId: 123 },
      { ok: false, reason: 'score above the Max Entry', problems: [] },
    ]);
    expect(outcomes.map((o) => [o.studentsDcid, o.status, o.reason])).toEqual([
      [1, 'written', undefined],
      [2, 'failed', 'PowerTeacher Pro refused the score: score above the Max Entry'],
      [3, 'failed', 'PowerTeacher Pro refused the score: no answer for this row'],
    ]);
    expect(written).toEqual([{ score: batch[0], assignmentScoreId: 123 }]);
  });
});
