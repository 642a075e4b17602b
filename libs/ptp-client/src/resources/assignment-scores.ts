import type { PtpHttp, Query } from '../http/ptp-http';
import { PtpApiError, type PtpValidationProblem } from '../http/ptp-api-error';
import { describeProblems, validationProblems } from '../http/validation-problems';
import { booleanValue, idValue, isRecord, listValue, textValue } from '../types/json-values';
import type { PtpScore, ScoreWrite, ScoreWriteOutcome } from '../types/ptp-types';

/**
 * Scores (powerteacher-pro.md §2.4): read existing ones with `POST /ws/xte/assignment_score`
 * (how an OAuth client reads them), write with `PUT /ws/xte/score`.
 */
export class AssignmentScoresApi {
  constructor(private readonly http: PtpHttp) {}

  /** Every existing score of these assignments in these sections (ASSIGNMENT ids, SECTIONS.DCIDs). */
  async read(usersDcid: number, scope: { assignmentIds: readonly number[]; sectionDcids: readonly number[] }): Promise<PtpScore[]> {
    if (scope.assignmentIds.length === 0) return [];
    const response = await this.http.request<unknown>('POST', '/ws/xte/assignment_score', {
      query: { users_dcid: usersDcid },
      body: { assignment_ids: scope.assignmentIds, section_ids: scope.sectionDcids },
      idempotent: true,
    });
    const list = isRecord(response.data)
      ? listValue(response.data['assignment_scores'] ?? response.data['scores'])
      : listValue(response.data);
    return list
      .filter(isRecord)
      .map(parseScore)
      .filter((score): score is PtpScore => score !== null);
  }

  /**
   * Writes scores, one outcome per row in the order given. Whether a refused row fails the whole
   * batch or only itself is [U]: per-row results in a 200 answer are read when PTP gives them; when
   * the whole batch is refused, the rows PTP names (`assignment_scores[3]`) are set aside and the
   * rest sent again, and where it names none the batch is halved until each refused row stands
   * alone. The other rows are saved either way, and each refusal is told per score.
   */
  async write(
    usersDcid: number,
    rows: readonly ScoreWrite[],
    extraQuery: Readonly<Record<string, string>> = {},
  ): Promise<ScoreWriteOutcome[]> {
    if (rows.length === 0) return [];
    const query: Query = { ...extraQuery, users_dcid: usersDcid };
    try {
      const response = await this.http.request<unknown>('PUT', '/ws/xte/score', {
        query,
        body: { assignment_scores: rows.map(scoreBody) },
        idempotent: true,
      });
      return perRowOutcomes(response.data, rows.length);
    } catch (error) {
      if (!(error instanceof PtpApiError) || !ROW_REFUSALS.has(error.kind)) throw error;
      if (rows.length === 1) return [refusal(error, error.problems)];
      const named = namedRows(error, rows.length);
      if (named.size > 0 && named.size < rows.length) {
        const outcomes: ScoreWriteOutcome[] = rows.map((_, index) => refusal(error, named.get(index) ?? []));
        const rest = rows.map((row, index) => ({ row, index })).filter(({ index }) => !named.has(index));
        const results = await this.write(
          usersDcid,
          rest.map(({ row }) => row),
          extraQuery,
        );
        rest.forEach(({ index }, i) => (outcomes[index] = results[i] as ScoreWriteOutcome));
        return outcomes;
      }
      const half = Math.ceil(rows.length / 2);
      return [
        ...(await this.write(usersDcid, rows.slice(0, half), extraQuery)),
        ...(await this.write(usersDcid, rows.slice(half), extraQuery)),
      ];
    }
  }
}

/** Answers to a whole batch that may be about some of its rows only. */
const ROW_REFUSALS = new Set(['validation', 'not-found', 'invalid-request', 'forbidden']);

/** Rows a batch refusal names, `assignment_scores[3]` in a problem's resource or in the message, with their problems. */
function namedRows(error: PtpApiError, count: number): Map<number, PtpValidationProblem[]> {
  const named = new Map<number, PtpValidationProblem[]>();
  const add = (index: number, problem: PtpValidationProblem) => {
    if (index >= 0 && index < count) named.set(index, [...(named.get(index) ?? []), problem]);
  };
  for (const problem of error.problems) {
    const index = /assignment_scores\[(\d+)\]/.exec(problem.resource ?? '')?.[1];
    if (index !== undefined) add(Number(index), problem);
  }
  if (named.size === 0) {
    for (const match of (error.responseExcerpt ?? '').matchAll(/assignment_scores\[(\d+)\]\.?([A-Za-z_]*):\s*([^;"]+)/g)) {
      add(Number(match[1]), { ...(match[2] ? { field: match[2] } : {}), code: (match[3] as string).trim() });
    }
  }
  return named;
}

function refusal(error: PtpApiError, problems: readonly PtpValidationProblem[]): ScoreWriteOutcome {
  return {
    ok: false,
    reason: describeProblems(problems) || `PowerTeacher Pro answered ${error.status ?? ''} ${error.kind}`.trim(),
    problems: [...problems],
  };
}

/**
 * One score row. `actualscoreentered` is always a string (a Varchar2(30); a number there is refused
 * by a strict PTP, [U]); with no score it is null and so is its kind. The existing score's id goes
 * along when known, for a PTP that updates only by id ([U]).
 */
export function scoreBody(row: ScoreWrite): Record<string, unknown> {
  return {
    ...(row.assignmentScoreId === undefined ? {} : { assignmentscoreid: row.assignmentScoreId, _id: row.assignmentScoreId }),
    _assignmentsection: { assignmentsectionid: row.assignmentSectionId },
    studentsdcid: row.studentsDcid,
    actualscoreentered: row.entered,
    actualscorekind: row.entered === null ? null : (row.kind ?? 'REAL_SCORE'),
    isexempt: row.isExempt,
    islate: row.isLate,
    ismissing: row.isMissing,
    isabsent: row.isAbsent ?? false,
    isincomplete: row.isIncomplete ?? false,
    iscollected: row.isCollected ?? false,
  };
}

export function parseScore(entry: Record<string, unknown>): PtpScore | null {
  const section = isRecord(entry['_assignmentsection']) ? entry['_assignmentsection'] : {};
  const assignmentSectionId = idValue(section['assignmentsectionid']) ?? idValue(entry['assignmentsectionid']);
  const studentsDcid = idValue(entry['studentsdcid']);
  if (assignmentSectionId === null || studentsDcid === null) return null;
  return {
    assignmentScoreId: idValue(entry['assignmentscoreid']) ?? idValue(entry['_id']),
    assignmentSectionId,
    studentsDcid,
    actualScoreEntered: textValue(entry['actualscoreentered']),
    actualScoreKind: textValue(entry['actualscorekind']),
    isExempt: booleanValue(entry['isexempt']) ?? false,
    isLate: booleanValue(entry['islate']) ?? false,
    isMissing: booleanValue(entry['ismissing']) ?? false,
    isAbsent: booleanValue(entry['isabsent']) ?? false,
    isIncomplete: booleanValue(entry['isincomplete']) ?? false,
    isCollected: booleanValue(entry['iscollected']) ?? false,
  };
}

/**
 * Per-row results of a 200 answer, when PTP gives them (as the legacy PTG API did: each row's
 * `batch_result` with a `code`); otherwise every row was saved.
 */
export function perRowOutcomes(body: unknown, count: number): ScoreWriteOutcome[] {
  const list = isRecord(body)
    ? listValue(body['assignment_scores'] ?? body['results'] ?? body['batch_results'])
    : Array.isArray(body)
      ? body
      : [];
  if (list.length !== count) return Array.from({ length: count }, () => ({ ok: true }));
  return list.map((entry): ScoreWriteOutcome => {
    if (!isRecord(entry)) return { ok: true };
    const result = isRecord(entry['batch_result']) ? entry['batch_result'] : entry;
    const code = idValue(result['code']) ?? idValue(result['status']) ?? 200;
    const id = idValue(entry['assignmentscoreid']) ?? idValue(entry['_id']) ?? undefined;
    if (code < 300) return { ok: true, ...(id === null || id === undefined ? {} : { assignmentScoreId: id }) };
    const problems = validationProblems(result);
    return { ok: false, reason: describeProblems(problems) || `PTP answered ${code}`, problems };
  });
}
