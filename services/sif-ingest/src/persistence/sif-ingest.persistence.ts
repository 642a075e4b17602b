import { CreateWiringCheck1764374400000, ServiceSchemas, WiringCheckRow } from '@sisbridge/persistence';
import {
  CreateRosterSchema1764460800000,
  IdentityMapWithoutEnrollments1765100000001,
  OpenEntitiesByRefId1765300000001,
  VersionedRoster1765200000000,
} from '@sisbridge/roster-store';
import { CreateSifIngestTables1764547200000 } from './migrations/1764547200000-create-sif-ingest-tables';
import { RawObjectsByKind1765100000000 } from './migrations/1765100000000-raw-objects-by-kind';
import { CurrentSifObjects1765200000001 } from './migrations/1765200000001-current-sif-objects';
import { SifEventStates1765300000000 } from './migrations/1765300000000-sif-event-states';

/**
 * The sif-ingest schema: its entities and its migrations, in the order they apply. sif-ingest
 * also owns the published `roster` schema (it is its only writer), so its migrations are here.
 */
export const sifIngestPersistence = {
  schema: ServiceSchemas.sifIngest,
  entities: [WiringCheckRow],
  migrations: [
    CreateWiringCheck1764374400000,
    CreateRosterSchema1764460800000,
    CreateSifIngestTables1764547200000,
    RawObjectsByKind1765100000000,
    IdentityMapWithoutEnrollments1765100000001,
    VersionedRoster1765200000000,
    CurrentSifObjects1765200000001,
    SifEventStates1765300000000,
    OpenEntitiesByRefId1765300000001,
  ],
};
