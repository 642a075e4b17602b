import type { DataSource } from 'typeorm';
import { schemaOf } from './create-data-source';

export interface MigrationReport {
  schema: string;
  applied: string[];
}

/**
 * Creates the service's schema if needed and applies pending migrations, each in its own
 * transaction. Safe to run from several replicas at once: a Postgres advisory lock keyed on the
 * schema name lets one of them migrate while the others wait.
 */
export async function runMigrations(dataSource: DataSource): Promise<MigrationReport> {
  const schema = schemaOf(dataSource);
  const wasInitialized = dataSource.isInitialized;
  if (!wasInitialized) await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`sisbridge-migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return { schema, applied: applied.map((migration) => migration.name) };
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`sisbridge-migrations:${schema}`]);
    }
  } finally {
    await runner.release();
    if (!wasInitialized) await dataSource.destroy();
  }
}
