export { CreateRosterSchema1764460800000 } from './create-roster-schema.migration';
export { copyRows } from './copy-rows';
export { streamRows } from './stream-rows';
export { RosterDiffs, type DiffRecord } from './roster-diffs';
export { RosterIdentities, type Identity } from './roster-identities';
export { RosterSnapshots, type BeginSnapshot } from './roster-snapshots';
export type { SnapshotRecord, SnapshotStatus } from './snapshot-record';
