import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Sends the Temporal SDK's own log lines (worker lifecycle, core bridge) to the process's pino
 * logger, so every line on stdout is the same JSON shape. Call once, before any connection.
 */
export function installTemporalRuntime(
  logger: Logger,
  level: LogLevel = 'INFO',
  options: { handleSignals: boolean } = { handleSignals: true },
): void {
  const temporalLogger = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    // A NestJS service orders its own shutdown (worker first, then pools), so the SDK must not
    // also react to SIGTERM; the orchestration worker lets the SDK do it.
    shutdownSignals: options.handleSignals ? ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2'] : [],
    logger: new DefaultLogger(level, (entry) => {
      const { message, meta } = entry;
      temporalLogger[LEVELS[entry.level]](meta ?? {}, message);
    }),
  });
}
