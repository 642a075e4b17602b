export { REDACTED_PATHS, pinoOptions } from './logging/logger-options';
export { MetricsRegistry } from './metrics/metrics.registry';
export { serviceConfigSchema, serviceConfigShape, type ServiceConfig } from './service-config';
export { ServiceKitModule, type ServiceKitOptions } from './service-kit.module';
export { bootstrapService, type BootstrapOptions } from './startup/bootstrap-service';
export { describePostgresTarget, firstLine, StartupError } from './startup/startup-error';
export { TemporalWorkerModule, type TemporalWorkerModuleOptions } from './temporal/temporal-worker.module';
export type { TemporalWorkerSettings } from './temporal/temporal-worker-settings';
export { SERVICE_CONFIG, SERVICE_NAME } from './tokens';
