export { CreateRosterSchema1764460800000 } from './persistence/migrations/1764460800000-create-roster-schema';
export { COPY_CHUNK_CHARACTERS, copyRows, copyText, copyTextRow, type Cell } from './copy-rows';
export { IdentityMapWithoutEnrollments1765100000001 } from './persistence/migrations/1765100000001-identity-map-without-enrollments';
export { VersionedRoster1765200000000 } from './persistence/migrations/1765200000000-versioned-roster';
export { OpenEntitiesByRefId1765300000001 } from './persistence/migrations/1765300000001-open-entities-by-ref-id';
export { ROSTER_STORE_MIGRATIONS } from './persistence/roster-store-migrations';
export { entityContentHash } from './entity-content-hash';
export { streamBatches, streamRows } from './stream-rows';
export { RosterDiffs, type DiffRecord } from './roster-diffs';
export { RosterHead } from './roster-head';
export { RosterIdentities, type Identity } from './roster-identities';
export { RosterLookups } from './roster-lookups';
export {
  RosterSnapshots,
  type BeginSnapshot,
  type EntityKey,
  type SnapshotChanges,
  type SnapshotCounts,
  type VersionWrites,
} from './roster-snapshots';
export type { SnapshotRecord, SnapshotStatus } from './snapshot-record';
