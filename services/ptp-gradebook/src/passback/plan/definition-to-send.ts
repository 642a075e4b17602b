import type { PtpScoreSettings } from '@sisbridge/district-config';
import { MAX_POINT_VALUE } from './passback-plan';
import { extraPointsFor } from './score-value';
import type { SectionDefinition } from './section-definition';

/**
 * What PTP gets for one planned assignment section: the planned definition, with the extra points
 * the highest score to send needs (PTP refuses a score above points + extra points) when the
 * district sends such scores as they are. A pure function of the plan and the scores, computed
 * where the assignment is synced: the stored plan stays what validation planned.
 */
export function definitionToSend(
  planned: SectionDefinition,
  highestScore: number | undefined,
  aboveMaximum: PtpScoreSettings['aboveMaximum'],
): SectionDefinition {
  const extraCreditPoints = aboveMaximum === 'extra-points' ? extraPointsFor(planned.points, highestScore, MAX_POINT_VALUE) : 0;
  return extraCreditPoints === planned.extraCreditPoints ? planned : { ...planned, extraCreditPoints };
}
