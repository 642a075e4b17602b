/**
 * Score codes a teacher may enter instead of a number (`actualscorekind: "SCORE_CODE"`, §2.4,
 * TeacherScoreCode): each sets flags and, for some, a numeric value as a share of the points.
 * PowerSchool districts define their own; these are the simulator's.
 */
export interface ScoreCode {
  code: string;
  /** Share of the points it counts for; null for no score. */
  share: number | null;
  flags: Partial<Record<'islate' | 'isexempt' | 'ismissing' | 'isabsent' | 'isincomplete' | 'iscollected', boolean>>;
}

export const SCORE_CODES: readonly ScoreCode[] = [
  { code: 'IE', share: 0.5, flags: { ismissing: true } },
  { code: 'M', share: 0, flags: { ismissing: true } },
  { code: 'EX', share: null, flags: { isexempt: true } },
  { code: 'INC', share: 0, flags: { isincomplete: true } },
  { code: 'ABS', share: null, flags: { isabsent: true } },
  { code: 'LATE', share: null, flags: { islate: true } },
  { code: 'COL', share: null, flags: { iscollected: true } },
];

export function scoreCode(text: string): ScoreCode | undefined {
  return SCORE_CODES.find((c) => c.code === text.toUpperCase());
}
