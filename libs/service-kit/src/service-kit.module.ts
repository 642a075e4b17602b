import { DynamicModule, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { NativeConnection } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { DistrictRegistry, loadDistrictsFile } from '@sisbridge/district-config';
import { createServiceDataSource, type ServiceDataSourceOptions } from '@sisbridge/persistence';
import { connectWorkerConnection, TemporalUnavailableError } from '@sisbridge/temporal';
import { DatabaseHealthIndicator } from './health/database.health';
import { HealthController } from './health/health.controller';
import { TemporalHealthIndicator } from './health/temporal.health';
import { nestLoggerParams } from './logging/logger-options';
import { MetricsRegistry } from './metrics/metrics.registry';
import type { ServiceConfig } from './service-config';
import { openDatabase } from './startup/open-database';
import { StartupError } from './startup/startup-error';
import { ResourceLifecycle } from './temporal/resource-lifecycle';
import { SERVICE_CONFIG, SERVICE_NAME } from './tokens';

export interface ServiceKitOptions extends Pick<ServiceDataSourceOptions, 'schema' | 'entities' | 'migrations'> {
  service: string;
  config: ServiceConfig;
}

/**
 * Everything a sisbridge service shares: JSON logs, config, Postgres (its own schema), the
 * Temporal connection, `/healthz`, `/readyz`, and the metrics registry (served on METRICS_PORT by
 * bootstrapService, not by the app). Global, so feature modules can inject the DataSource and the
 * connection.
 */
@Module({})
export class ServiceKitModule {
  static forService(options: ServiceKitOptions): DynamicModule {
    const { config } = options;
    const providers: Provider[] = [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: SERVICE_NAME, useValue: options.service },
      { provide: MetricsRegistry, useValue: new MetricsRegistry(options.service) },
      {
        provide: DistrictRegistry,
        useValue: new DistrictRegistry(config.DISTRICTS_FILE ? loadDistrictsFile(options.service, config.DISTRICTS_FILE) : []),
      },
      {
        provide: DataSource,
        useFactory: () =>
          openDatabase(
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: options.schema,
              entities: options.entities,
              migrations: options.migrations,
              applicationName: options.service,
              poolSize: config.DATABASE_POOL_SIZE,
            }),
            config.DATABASE_URL,
            { timeoutSeconds: config.DATABASE_CONNECT_TIMEOUT_SECONDS, migrate: config.RUN_MIGRATIONS_ON_START },
          ),
      },
      {
        provide: NativeConnection,
        useFactory: async () => {
          try {
            return await connectWorkerConnection(config);
          } catch (error) {
            if (error instanceof TemporalUnavailableError) throw new StartupError(error.message);
            throw error;
          }
        },
      },
      ResourceLifecycle,
      DatabaseHealthIndicator,
      TemporalHealthIndicator,
    ];
    return {
      module: ServiceKitModule,
      global: true,
      imports: [LoggerModule.forRoot(nestLoggerParams(options.service, config.LOG_LEVEL)), TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers,
      exports: [SERVICE_CONFIG, SERVICE_NAME, DataSource, NativeConnection, MetricsRegistry, DistrictRegistry],
    };
  }
}
