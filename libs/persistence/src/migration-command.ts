import { z } from 'zod';
import { ConfigError, env, loadConfig } from '@sisbridge/config';
import { createServiceDataSource, type ServiceDataSourceOptions } from './create-data-source';
import { runMigrations } from './run-migrations';

/**
 * The body of each service's `migrate` command (the Helm pre-upgrade Job runs it):
 * applies that service's pending migrations and prints one JSON line with what it applied.
 */
export async function runMigrationCommand(
  service: string,
  options: Omit<ServiceDataSourceOptions, 'url' | 'applicationName'>,
): Promise<void> {
  try {
    const config = loadConfig(`${service} migrate`, z.object({ DATABASE_URL: env.postgresUrl() }));
    const dataSource = createServiceDataSource({ ...options, url: config.DATABASE_URL, applicationName: `${service}-migrate` });
    const report = await runMigrations(dataSource);
    process.stdout.write(`${JSON.stringify({ service, ...report })}\n`);
  } catch (error) {
    const message =
      error instanceof ConfigError ? error.message : `${service} migrate: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}
