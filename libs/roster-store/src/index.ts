export { CreateRosterSchema1764460800000 } from './persistence/migrations/1764460800000-create-roster-schema';
export { COPY_CHUNK_CHARACTERS, copyRows, copyText, copyTextRow, type Cell } from './copy-rows';
export { IdentityMapWithoutEnrollments1765100000001 } from './persistence/migrations/1765100000001-identity-map-without-enrollments';
export { streamBatches, streamRows } from './stream-rows';
export { RosterDiffs, type DiffRecord } from './roster-diffs';
export { RosterIdentities, type Identity } from './roster-identities';
export { RosterLookups } from './roster-lookups';
export { RosterSnapshots, type BeginSnapshot, type SnapshotCounts } from './roster-snapshots';
export type { SnapshotRecord, SnapshotStatus } from './snapshot-record';
