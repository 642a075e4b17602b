import { CreateWiringCheck1764374400000, ServiceSchemas, WiringCheckRow } from '@sisbridge/persistence';
import { CreateRosterSchema1764460800000, IdentityMapWithoutEnrollments1765100000001 } from '@sisbridge/roster-store';
import { CreateSifIngestTables1764547200000 } from './create-sif-ingest-tables.migration';
import { SifEventPublicationTimes1766000000000 } from './migrations/1766000000000-sif-event-publication-times';
import { RawObjectsByKind1765100000000 } from './raw-objects-by-kind.migration';

/**
 * The sif-ingest schema: its entities and its migrations, in the order they apply. sif-ingest
 * also owns the published `roster` schema (it is its only writer), so that migration is here.
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
    SifEventPublicationTimes1766000000000,
  ],
};
