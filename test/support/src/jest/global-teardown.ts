import type { LocalPostgres, TemporalDevServer } from '@sisbridge/local-infra';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>)['__sisbridgeTestStack'] as
    { temporal: TemporalDevServer; postgres: LocalPostgres } | undefined;
  if (!stack) return;
  await stack.temporal.teardown();
  await stack.postgres.stop();
}
