/**
 * The points powerteacher-pro.md leaves unverified ([U]), each an option of the simulator so that a
 * client can be tested against every reading. The defaults are the readings the reference leans to.
 */
export interface PtpReadings {
  /**
   * The body of a 409 Validation Error (§2.3, §6: no public sample).
   * `errors-array`: PowerSchool's general shape, `{"message":"Validation Failed","errors":[{"resource","field","code"}]}`.
   * `message-only`: `{"message":"<field>: <code>"}`, the field named in the text only.
   */
  conflictBody: 'errors-array' | 'message-only';
  /**
   * What a 409 inside a `PUT /ws/xte/score` batch does (§2.4).
   * `whole-batch`: the request answers 409 and nothing in it is saved.
   * `per-row`: the request answers 200; each row reports its own `batch_result` (200 or 409),
   * as the legacy PTG API did, and the valid rows are saved.
   */
  scoreBatchConflicts: 'whole-batch' | 'per-row';
  /**
   * `actualscoreentered` (§2.4: a Varchar2(30), sent as a string in every observed write).
   * `strict-string`: a JSON number there is a 409. `lenient`: numbers are taken as their text.
   */
  actualScoreEntered: 'strict-string' | 'lenient';
  /**
   * Whether a score PUT updates an existing score without its `assignmentscoreid` (§2.4).
   * `upsert`: rows are matched on (assignmentsectionid, studentsdcid), as the teacher UI behaves.
   * `requires-id`: a row for a student who already has a score must carry that score's
   * `assignmentscoreid` (or `_id`), else 409.
   */
  scoreUpdate: 'upsert' | 'requires-id';
  /**
   * What `GET /ws/xte/teacher_category?year_id=0` returns (§2.2).
   * `all`: every category of the teacher; `empty`: `[]`; `error`: 400.
   */
  yearIdZero: 'all' | 'empty' | 'error';
  /**
   * Whether a create must carry `standardcalcdirection`, `standardscoringmethod`, top-level
   * `yearid` and `_assignmentstandardassociations` (§7: every observed create sends them).
   * `optional`: defaults are filled in. `required`: a create without them is a 400.
   */
  assignmentStandardFields: 'optional' | 'required';
  /**
   * Whether PTP checks that `users_dcid` teaches the section (§1.4: "PowerSchool does not restrict
   * a plugin by user" is unconfirmed). `enforced`: 403 for another teacher's section.
   * `not-enforced`: any users_dcid may touch any section.
   */
  teacherSections: 'enforced' | 'not-enforced';
}

export const DEFAULT_READINGS: PtpReadings = {
  conflictBody: 'errors-array',
  scoreBatchConflicts: 'whole-batch',
  actualScoreEntered: 'strict-string',
  scoreUpdate: 'upsert',
  yearIdZero: 'all',
  assignmentStandardFields: 'optional',
  teacherSections: 'enforced',
};

const CHOICES: { [K in keyof PtpReadings]: ReadonlyArray<PtpReadings[K]> } = {
  conflictBody: ['errors-array', 'message-only'],
  scoreBatchConflicts: ['whole-batch', 'per-row'],
  actualScoreEntered: ['strict-string', 'lenient'],
  scoreUpdate: ['upsert', 'requires-id'],
  yearIdZero: ['all', 'empty', 'error'],
  assignmentStandardFields: ['optional', 'required'],
  teacherSections: ['enforced', 'not-enforced'],
};

/** `--reading scoreBatchConflicts=per-row,yearIdZero=empty` (any subset). */
export function parseReadings(text: string | undefined, base: PtpReadings = DEFAULT_READINGS): PtpReadings {
  const readings: PtpReadings = { ...base };
  if (!text) return readings;
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key = '', value = ''] = part.split('=', 2);
    if (!(key in CHOICES)) throw new Error(`--reading: unknown reading "${key}" (known: ${Object.keys(CHOICES).join(', ')})`);
    const name = key as keyof PtpReadings;
    const allowed = CHOICES[name] as readonly string[];
    if (!allowed.includes(value)) throw new Error(`--reading: ${key} must be one of ${allowed.join(', ')} (got "${value}")`);
    (readings as unknown as Record<string, string>)[name] = value;
  }
  return readings;
}

/** Validates readings given to the library (a typo in a test should fail loudly). */
export function checkReadings(readings: PtpReadings): PtpReadings {
  for (const [key, value] of Object.entries(readings)) {
    const allowed = CHOICES[key as keyof PtpReadings] as readonly string[] | undefined;
    if (!allowed || !allowed.includes(value as string))
      throw new Error(`PTP simulator: reading ${key} must be one of ${allowed?.join(', ') ?? '(unknown reading)'}`);
  }
  return readings;
}
