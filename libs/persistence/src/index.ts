export { createServiceDataSource, schemaOf, type ServiceDataSourceOptions } from './create-data-source';
export { dropDatabase, ensureDatabase } from './ensure-database';
export { pingDatabase } from './ping-database';
export { runMigrations, type MigrationReport } from './run-migrations';
export { ServiceSchemas, type ServiceSchema } from './service-schemas';
export { CreateWiringCheck1764374400000 } from './wiring/create-wiring-check.migration';
export { recordWiringCheck } from './wiring/record-wiring-check';
export { WiringCheckRow } from './wiring/wiring-check.entity';
export { runMigrationCommand } from './migration-command';
