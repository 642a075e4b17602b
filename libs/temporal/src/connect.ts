import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { temporalConnectionSettings } from './connection-options';
import type { TemporalConfig } from './temporal-config';

/** Temporal did not answer in time: the message names the address, for a one-line exit. */
export class TemporalUnavailableError extends Error {
  constructor(address: string, seconds: number, cause: unknown) {
    super(`Temporal at ${address} is not reachable (waited ${seconds} s): ${describe(cause)}`);
    this.name = 'TemporalUnavailableError';
  }
}

/**
 * The connection a worker polls on. Retries until TEMPORAL_CONNECT_TIMEOUT_SECONDS pass, so a
 * pod that starts a moment before the Temporal frontend does not crash-loop needlessly.
 */
export async function connectWorkerConnection(config: TemporalConfig): Promise<NativeConnection> {
  const settings = temporalConnectionSettings(config);
  return withDeadline(config, () => NativeConnection.connect(settings));
}

/** A client for starting, signalling and querying workflows. */
export async function connectClient(config: TemporalConfig): Promise<Client> {
  const settings = temporalConnectionSettings(config);
  const connection = await withDeadline(config, () =>
    Connection.connect({ ...settings, connectTimeout: `${config.TEMPORAL_CONNECT_TIMEOUT_SECONDS}s` }),
  );
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

async function withDeadline<T>(config: TemporalConfig, connect: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + config.TEMPORAL_CONNECT_TIMEOUT_SECONDS * 1000;
  let lastError: unknown;
  for (;;) {
    try {
      return await connect();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() + 1000 > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new TemporalUnavailableError(config.TEMPORAL_ADDRESS, config.TEMPORAL_CONNECT_TIMEOUT_SECONDS, lastError);
}

/** The Rust core's errors nest several Debug renderings; keep the part an operator can read. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  const osError = /message: "([^"]+)"/.exec(firstLine);
  if (osError) return osError[1] ?? firstLine;
  return firstLine;
}
