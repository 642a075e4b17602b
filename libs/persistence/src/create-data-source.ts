import { DataSource, type DataSourceOptions } from 'typeorm';
import type { ServiceSchema } from './service-schemas';

/** TypeORM's Postgres options (not exported by name from the package root). */
type PostgresConnectionOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own schema: its tables and its migrations table live there. */
  schema: ServiceSchema;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  /** Shown in `pg_stat_activity.application_name`, so a DBA can tell the services apart. */
  applicationName: string;
  poolSize?: number;
}

/**
 * A TypeORM data source for one service. Schema changes go through migrations only:
 * `synchronize` is off, and migrations run from `runMigrations()` (a command, or at start-up
 * in the local stack), never implicitly on connect.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  const postgres: PostgresConnectionOptions = {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: options.applicationName,
    poolSize: options.poolSize ?? 10,
    // Fail fast when Postgres is unreachable instead of hanging a start-up or a readiness probe.
    connectTimeoutMS: 5_000,
    extra: { options: `-c search_path=${options.schema},public` },
  };
  return new DataSource(postgres);
}

/** The schema a data source was created for (migrations use it to qualify their DDL). */
export function schemaOf(dataSource: DataSource): string {
  const schema = (dataSource.options as PostgresConnectionOptions).schema;
  if (!schema) throw new Error('This data source was not created by createServiceDataSource(): it has no schema');
  return schema;
}
