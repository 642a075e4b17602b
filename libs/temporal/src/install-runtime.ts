import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';
import { TemporalSdkMetrics } from './telemetry/sdk-metrics';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Installs the Temporal SDK's runtime for this process. Call once, before any connection.
 *
 * - Logs: the SDK's own lines (worker lifecycle, core bridge) go to the process's pino logger,
 *   so every line on stdout is the same JSON shape.
 * - Metrics: the SDK's metrics are buffered and returned as a TemporalSdkMetrics, which the
 *   process exports on its metrics endpoint next to the `sisbridge_*` metrics (`exportTo`).
 */
export function installTemporalRuntime(
  logger: Logger,
  level: LogLevel = 'INFO',
  options: { handleSignals: boolean } = { handleSignals: true },
): TemporalSdkMetrics {
  const temporalLogger = logger.child({ component: 'temporal-sdk' });
  const metrics = new TemporalSdkMetrics((metric, label) =>
    temporalLogger.warn({ metric, label }, 'Temporal SDK metric label not exported (unknown to sisbridge); its series are merged'),
  );
  Runtime.install({
    // A NestJS service orders its own shutdown (worker first, then pools), so the SDK must not
    // also react to SIGTERM; the orchestration worker lets the SDK do it.
    shutdownSignals: options.handleSignals ? ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2'] : [],
    logger: new DefaultLogger(level, (entry) => {
      const { message, meta } = entry;
      temporalLogger[LEVELS[entry.level]](meta ?? {}, message);
    }),
    // `service` comes from the registry's default labels: the SDK's own service_name is left off.
    telemetryOptions: { metrics: { buffer: metrics.buffer, attachServiceName: false } },
  });
  metrics.startDraining();
  return metrics;
}
