import { randomBytes } from 'node:crypto';
import Long from 'long';
import { Connection } from '@temporalio/client';
import { ALL_SEARCH_ATTRIBUTES } from '@sisbridge/contracts';
import { ensureSearchAttributes } from '@sisbridge/temporal';
import { testEnv } from './test-env';

/**
 * A Temporal namespace of its own for one test file. Task queue names are fixed by the
 * contracts, so two test files running at once would otherwise steal each other's tasks.
 * Registered with the project's search attributes, and usable when this resolves.
 */
export async function createTestNamespace(purpose: string, options: { searchAttributes?: boolean } = {}): Promise<string> {
  const namespace = `test-${purpose.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}-${randomBytes(3).toString('hex')}`;
  const connection = await Connection.connect({ address: testEnv('temporalAddress') });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(86_400) },
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    if (options.searchAttributes ?? true) await ensureSearchAttributes(connection, namespace, ALL_SEARCH_ATTRIBUTES);
    return namespace;
  } finally {
    await connection.close();
  }
}
