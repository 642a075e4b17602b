import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ALL_SEARCH_ATTRIBUTES } from '@sisbridge/contracts';
import type { TemporalCliSource } from './temporal-cli';

export interface DevServerOptions {
  source: TemporalCliSource;
  /** Fixed ports for the local stack (7233 / UI 8233); random free ports for tests. */
  port?: number;
  uiPort?: number;
  /** Persist workflows across restarts of the local stack (SQLite file). */
  dbFilename?: string;
  ip?: string;
}

/**
 * Starts `temporal server start-dev` through the SDK's TestWorkflowEnvironment.createLocal, with
 * the project's search attributes registered. Used by the local stack and the test suites alike.
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<TestWorkflowEnvironment> {
  const executable = options.source.kind === 'sdk-download' ? undefined : ({ type: 'existing-path', path: options.source.path } as const);
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      ip: options.ip ?? '127.0.0.1',
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'json', level: 'warn' },
    },
  });
}
