import type { DataSource } from 'typeorm';
import { runMigrations } from '@sisbridge/persistence';
import { describePostgresTarget, firstLine, StartupError } from './startup-error';

/**
 * Opens the pool, retrying until `timeoutSeconds` pass, and optionally applies migrations.
 * Fails with a one-line StartupError naming the host and database (never the password).
 */
export async function openDatabase(
  dataSource: DataSource,
  url: string,
  options: { timeoutSeconds: number; migrate: boolean },
): Promise<DataSource> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let lastError: unknown;
  for (;;) {
    try {
      await dataSource.initialize();
      break;
    } catch (error) {
      lastError = error;
      if (Date.now() + 1000 > deadline) {
        throw new StartupError(
          `Postgres at ${describePostgresTarget(url)} is not reachable (waited ${options.timeoutSeconds} s): ${firstLine(lastError)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  if (options.migrate) {
    try {
      await runMigrations(dataSource);
    } catch (error) {
      throw new StartupError(`migrations failed on ${describePostgresTarget(url)}: ${firstLine(error)}`);
    }
  }
  return dataSource;
}
