import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { ConfigError } from '@sisbridge/config';
import { MissingSecretError } from '@sisbridge/district-config';
import { installTemporalRuntime, startMetricsEndpoint, type MetricsEndpoint } from '@sisbridge/temporal';
import { pinoOptions } from '../logging/logger-options';
import { MetricsRegistry } from '../metrics/metrics.registry';
import type { ServiceConfig } from '../service-config';
import { firstLine, StartupError } from './startup-error';

export interface BootstrapOptions<Config extends ServiceConfig> {
  /** The service's name as operators see it: logs, metrics, `/docs` title. */
  service: string;
  description: string;
  version: string;
  loadConfig: () => Config;
  /** The root module, built from the validated configuration. */
  createModule: (config: Config) => unknown;
  /** Keep each JSON or form body's bytes as `req.rawBody`, for endpoints that verify a signature over them. */
  rawBody?: boolean;
}

/** Exit codes: 78 is EX_CONFIG (sysexits.h), 69 EX_UNAVAILABLE for a missing dependency. */
const EXIT_BAD_CONFIG = 78;
const EXIT_DEPENDENCY_UNAVAILABLE = 69;

/**
 * Starts a sisbridge service: validates configuration, opens its dependencies, serves HTTP
 * (with `/docs`) on PORT and `/metrics` on METRICS_PORT, runs its Temporal worker, and shuts down
 * gracefully on SIGTERM/SIGINT.
 *
 * Anything that stops start-up prints exactly one line on stderr and exits non-zero.
 */
export async function bootstrapService<Config extends ServiceConfig>(options: BootstrapOptions<Config>): Promise<INestApplication> {
  let config: Config;
  try {
    config = options.loadConfig();
  } catch (error) {
    return exitWith(error instanceof ConfigError ? error.message : `${options.service}: ${firstLine(error)}`, EXIT_BAD_CONFIG);
  }

  if (config.METRICS_PORT !== 0 && config.METRICS_PORT === config.PORT) {
    return exitWith(
      `${options.service}: invalid configuration: METRICS_PORT must differ from PORT (both ${config.PORT}): metrics have a port of their own`,
      EXIT_BAD_CONFIG,
    );
  }

  const logger = pino(pinoOptions(options.service, config.LOG_LEVEL));
  const sdkMetrics = installTemporalRuntime(logger, config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'INFO', {
    handleSignals: false,
  });

  let app: INestApplication;
  try {
    // Nest's own console logger stays off: a failed start-up must print one line, not a stack
    // trace. Once the app exists, Nest logs through pino like everything else.
    app = await NestFactory.create(options.createModule(config) as never, {
      logger: false,
      abortOnError: false,
      rawBody: options.rawBody ?? false,
    });
  } catch (error) {
    // The districts file is read while the module is built: its problems are configuration too.
    if (error instanceof ConfigError) return exitWith(error.message, EXIT_BAD_CONFIG);
    if (error instanceof MissingSecretError)
      return exitWith(`${options.service}: invalid configuration: ${error.message}`, EXIT_BAD_CONFIG);
    const reason = error instanceof StartupError ? error.message : firstLine(error);
    return exitWith(`${options.service}: cannot start: ${reason}`, EXIT_DEPENDENCY_UNAVAILABLE);
  }

  app.useLogger(app.get(Logger));
  const metrics = app.get(MetricsRegistry);
  metrics.includeTemporalSdk(sdkMetrics);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(`sisbridge ${options.service}`).setDescription(options.description).setVersion(options.version).build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });

  let metricsEndpoint: MetricsEndpoint;
  try {
    metricsEndpoint = await startMetricsEndpoint({ host: config.HOST, port: config.METRICS_PORT, scrape: () => metrics.scrape() });
  } catch (error) {
    await app.close().catch(() => undefined);
    return exitWith(
      `${options.service}: cannot listen on ${config.HOST}:${config.METRICS_PORT} (METRICS_PORT): ${firstLine(error)}`,
      EXIT_DEPENDENCY_UNAVAILABLE,
    );
  }
  stopOnSignals(app, metricsEndpoint, logger);

  try {
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    await metricsEndpoint.close();
    await app.close().catch(() => undefined);
    return exitWith(`${options.service}: cannot listen on ${config.HOST}:${config.PORT}: ${firstLine(error)}`, EXIT_DEPENDENCY_UNAVAILABLE);
  }
  logger.info({ port: config.PORT, metricsPort: metricsEndpoint.port, docs: `/docs` }, `${options.service} ready`);
  return app;
}

/**
 * SIGTERM (Kubernetes) or SIGINT (Ctrl-C): `app.close()` runs the shutdown hooks in order (the
 * worker drains, then the pools close), then the process exits 0. A second signal forces exit.
 */
function stopOnSignals(app: INestApplication, metricsEndpoint: MetricsEndpoint, logger: pino.Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    Promise.all([app.close(), metricsEndpoint.close()]).then(
      () => process.exit(process.exitCode ?? 0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function exitWith(line: string, code: number): never {
  process.stderr.write(`${line}\n`);
  process.exit(code);
}
