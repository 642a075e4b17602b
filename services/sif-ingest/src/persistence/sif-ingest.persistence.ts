import { CreateWiringCheck1764374400000, ServiceSchemas, WiringCheckRow } from '@sisbridge/persistence';

/** The sif-ingest schema: its entities and its migrations, in the order they apply. */
export const sifIngestPersistence = {
  schema: ServiceSchemas.sifIngest,
  entities: [WiringCheckRow],
  migrations: [CreateWiringCheck1764374400000],
};
