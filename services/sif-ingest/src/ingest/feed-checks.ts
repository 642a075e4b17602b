import type { RosterCounts } from '@sisbridge/contracts';
import { ROSTER_KINDS } from '@sisbridge/roster';
import { IngestError } from '../failures/ingest-error';

/**
 * A feed broken as a whole must never become a snapshot (an empty or truncated feed would
 * unenroll a district downstream): no schools at all, or a kind with far fewer entities than
 * the last complete snapshot of the same year.
 */
export function checkFeed(
  districtId: string,
  schoolYear: number,
  counts: RosterCounts,
  previous: RosterCounts | undefined,
  minShare: number,
): void {
  if (!counts.school) {
    throw new IngestError(
      'broken-feed',
      `district ${districtId}: the SIF feed has no usable SchoolInfo objects for school year ${schoolYear}; no snapshot was made`,
    );
  }
  if (!previous) return;
  for (const kind of ROSTER_KINDS) {
    const before = previous[kind] ?? 0;
    const now = counts[kind] ?? 0;
    if (before > 0 && now < before * minShare) {
      throw new IngestError(
        'broken-feed',
        `district ${districtId}: the SIF feed gives ${now} ${kind} entities, fewer than ${Math.round(minShare * 100)}% of the ${before} in the last snapshot (sif.minShareOfLastSnapshot); no snapshot was made`,
      );
    }
  }
}
