import type { NativeConnection } from '@temporalio/worker';

/** A readiness probe: one cheap frontend call, bounded by `timeoutMs`. */
export async function checkTemporal(connection: NativeConnection, namespace: string, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([connection.workflowService.describeNamespace({ namespace }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
