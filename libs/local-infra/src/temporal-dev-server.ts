import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ALL_SEARCH_ATTRIBUTES } from '@sisbridge/contracts';
import { freePort } from './free-port';
import { ManagedProcess } from './managed-process';
import type { TemporalCliSource } from './temporal-cli';

export interface DevServerOptions {
  source: TemporalCliSource;
  /** Fixed ports for the local stack (7233 / UI 8233); random free ports for tests. */
  port?: number;
  uiPort?: number;
  /** Persist workflows across restarts of the local stack (SQLite file). */
  dbFilename?: string;
  ip?: string;
  /**
   * How long the server may take to answer before it counts as hung (default 120 s). Only a last
   * resort: a server that exits is reported at once, and a slow one on a busy machine is waited for.
   */
  startTimeoutMs?: number;
}

/** A running `temporal server start-dev`: its frontend address, and how to stop it. */
export interface TemporalDevServer {
  /** `host:port` of the frontend. */
  readonly address: string;
  teardown(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with the project's search attributes registered. Used by the
 * local stack and the test suites alike. The CLI it found is started here, and waited for until it
 * answers: the SDK's own start (`TestWorkflowEnvironment.createLocal`) gives a server 5 s, which
 * a busy 2-core machine can exceed while the server creates its SQLite schema. Only the SDK's
 * download of the CLI (a laptop with neither the binary nor Go) goes through the SDK.
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<TemporalDevServer> {
  const ip = options.ip ?? '127.0.0.1';
  if (options.source.kind === 'sdk-download') {
    return TestWorkflowEnvironment.createLocal({
      server: {
        ip,
        port: options.port,
        ui: options.uiPort !== undefined,
        uiPort: options.uiPort,
        dbFilename: options.dbFilename,
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
        log: { format: 'json', level: 'warn' },
      },
    });
  }
  const port = options.port ?? (await freePort());
  const server = new ManagedProcess({
    name: 'temporal dev server',
    command: options.source.path,
    args: devServerArgs(ip, port, options),
    env: process.env,
  });
  const address = `${ip}:${port}`;
  try {
    await untilServing(address, server, options.startTimeoutMs ?? 120_000);
  } catch (error) {
    await server.kill();
    throw error;
  }
  return {
    address,
    async teardown() {
      // SIGTERM first: the server closes its SQLite file cleanly, so the next start can open it.
      await server.stop(10_000);
    },
  };
}

/** The arguments the SDK's dev server start uses, with the project's search attributes. */
function devServerArgs(ip: string, port: number, options: DevServerOptions): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    ip,
    '--port',
    String(port),
    '--namespace',
    'default',
    '--log-format',
    'json',
    '--log-level',
    'warn',
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    ...(options.dbFilename ? ['--db-filename', options.dbFilename] : []),
    ...(options.uiPort !== undefined ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...ALL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`]),
  ];
}

/** Waits until the frontend answers, the process exits (reported with its output), or the server hangs past `timeoutMs`. */
async function untilServing(address: string, server: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.hasExited) throw new Error(`the Temporal dev server exited before it answered:\n${server.output(40)}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`the Temporal dev server at ${address} did not answer within ${timeoutMs / 1000} s:\n${server.output(40)}`, {
          cause: error,
        });
      }
    }
    await sleep(100);
  }
}
