import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';
import { createServiceDataSource } from './create-data-source';
import { runMigrations } from './run-migrations';
import { CreateWiringCheck1764374400000 } from './migrations/1764374400000-create-wiring-check';
import { WiringCheckRow } from './wiring/wiring-check.entity';

describe('runMigrations (real Postgres)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('migrations');
  });

  afterAll(async () => {
    await database?.drop();
  });

  function dataSource() {
    return createServiceDataSource({
      url: database.url,
      schema: 'sif_ingest',
      entities: [WiringCheckRow],
      migrations: [CreateWiringCheck1764374400000],
      applicationName: 'migration-test',
    });
  }

  it('creates the schema, applies each migration once, even when replicas race', async () => {
    const reports = await Promise.all([runMigrations(dataSource()), runMigrations(dataSource()), runMigrations(dataSource())]);
    expect(reports.map((report) => report.applied).flat()).toEqual(['CreateWiringCheck1764374400000']);
    expect(reports.every((report) => report.schema === 'sif_ingest')).toBe(true);

    const again = await runMigrations(dataSource());
    expect(again.applied).toEqual([]);

    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      const migrations = await pg.query('SELECT name FROM sif_ingest.migrations');
      expect(migrations.rows).toEqual([{ name: 'CreateWiringCheck1764374400000' }]);
    } finally {
      await pg.end();
    }
  });

  it('never synchronizes the schema from entities', () => {
    expect(dataSource().options.synchronize).toBe(false);
    expect(dataSource().options.migrationsRun).toBe(false);
  });
});
