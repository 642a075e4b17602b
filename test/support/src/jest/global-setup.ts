import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_ENV } from '../test-env';

const REPO_ROOT = resolve(__dirname, '../../../..');

/**
 * Once per test run: builds the repo if needed (integration tests run the compiled services),
 * starts one real Temporal dev server, and finds a real Postgres. Nothing is downloaded.
 */
export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);
  if (process.env['SISBRIDGE_TEST_SKIP_BUILD'] !== '1') {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  // Loaded after the build: the global setup runs the compiled library, like the local stack does.
  const { resolvePostgres, resolveTemporalCli, startTemporalDevServer } =
    require('@sisbridge/local-infra') as typeof import('@sisbridge/local-infra');
  const source = await resolveTemporalCli({ allowBuild: true, allowDownload: false, log, repoToolsDir: resolve(REPO_ROOT, '.tools') });
  const temporal = await startTemporalDevServer({ source });
  const postgres = await resolvePostgres({ embeddedDataDir: resolve(REPO_ROOT, '.data/postgres-test'), embeddedPort: 54330, log });

  process.env[TEST_ENV.temporalAddress] = temporal.address;
  process.env[TEST_ENV.postgresServerUrl] = postgres.serverUrl;
  if (source.kind !== 'sdk-download') process.env[TEST_ENV.temporalCli] = source.path;
  (globalThis as Record<string, unknown>)['__sisbridgeTestStack'] = { temporal, postgres };
  log(`Temporal dev server at ${temporal.address} (${source.kind}); Postgres from ${postgres.source}`);
}
