import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@sisbridge/persistence';
import { withDatabase } from '@sisbridge/local-infra';
import { testEnv } from './test-env';

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** A fresh database on the test Postgres, so test files never see each other's rows. */
export async function createTestDatabase(purpose: string): Promise<TestDatabase> {
  const name = `sisbridge_test_${purpose.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(testEnv('postgresServerUrl'), name);
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}
