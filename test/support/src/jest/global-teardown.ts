import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { LocalPostgres } from '@sisbridge/local-infra';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>)['__sisbridgeTestStack'] as
    { temporal: TestWorkflowEnvironment; postgres: LocalPostgres } | undefined;
  if (!stack) return;
  await stack.temporal.teardown();
  await stack.postgres.stop();
}
