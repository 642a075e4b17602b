export { changedFields } from './diff/changed-fields';
export { emptyDiffCounts, type DiffCounts } from './diff/diff-counts';
export { diffSorted, UnsortedSnapshotError } from './diff/diff-sorted';
export type { RosterChange, RosterChangeOp } from './diff/roster-change';
export * from './model/roster-entities';
export { isRosterKind, ROSTER_KINDS, type RosterKind } from './model/roster-kinds';
export { compareSisIds } from './model/sis-id-order';
