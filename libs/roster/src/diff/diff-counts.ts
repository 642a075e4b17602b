import { ROSTER_KINDS, type RosterKind } from '../model/roster-kinds';
import type { RosterChangeOp } from './roster-change';

/** How many adds, changes and removes a diff holds, per kind, next to the size of the base. */
export type DiffCounts = Record<RosterKind, Record<RosterChangeOp, number> & { before: number; after: number }>;

export function emptyDiffCounts(): DiffCounts {
  const counts = {} as DiffCounts;
  for (const kind of ROSTER_KINDS) counts[kind] = { add: 0, change: 0, remove: 0, before: 0, after: 0 };
  return counts;
}
