export { databaseFor, resolvePostgres, withDatabase, type LocalPostgres, type ResolvePostgresOptions } from './local-postgres';
export {
  resolveTemporalCli,
  TEMPORAL_CLI_VERSION,
  temporalCliCacheDir,
  type ResolveTemporalCliOptions,
  type TemporalCliSource,
} from './temporal-cli';
export { findExecutable, findGo, goInstall, isExecutable, toolCacheDir, type GoInstallOptions } from './go-tool';
export { startTemporalDevServer, type DevServerOptions, type TemporalDevServer } from './temporal-dev-server';
export { COMPONENTS, componentEntry, REPO_ROOT, startComponent, type ComponentName, type StartComponentOptions } from './components';
export { freePort, portInUse } from './free-port';
export { ManagedProcess, type ExitStatus, type ManagedProcessOptions } from './managed-process';
export { waitForHttp, type WaitForHttpOptions } from './wait-for-http';
