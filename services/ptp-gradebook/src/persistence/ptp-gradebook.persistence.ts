import { CreateWiringCheck1764374400000, ServiceSchemas, WiringCheckRow } from '@sisbridge/persistence';

/** The ptp-gradebook schema: its entities and its migrations, in the order they apply. */
export const ptpGradebookPersistence = {
  schema: ServiceSchemas.ptpGradebook,
  entities: [WiringCheckRow],
  migrations: [CreateWiringCheck1764374400000],
};
