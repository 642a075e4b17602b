import { CreateRosterSchema1764460800000 } from './migrations/1764460800000-create-roster-schema';
import { IdentityMapWithoutEnrollments1765100000001 } from './migrations/1765100000001-identity-map-without-enrollments';
import { VersionedRoster1765200000000 } from './migrations/1765200000000-versioned-roster';
import { OpenEntitiesByRefId1765300000001 } from './migrations/1765300000001-open-entities-by-ref-id';

/** The roster schema's migrations, in order: whoever migrates a database the roster store is used on runs all of them. */
export const ROSTER_STORE_MIGRATIONS = [
  CreateRosterSchema1764460800000,
  IdentityMapWithoutEnrollments1765100000001,
  VersionedRoster1765200000000,
  OpenEntitiesByRefId1765300000001,
];
