import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { NativeConnection, Worker } from '@temporalio/worker';
import { ActivityMetricsInterceptor } from '../metrics/activity-metrics.interceptor';
import { MetricsRegistry } from '../metrics/metrics.registry';
import type { ServiceConfig } from '../service-config';
import { SERVICE_CONFIG, TEMPORAL_ACTIVITIES, TEMPORAL_WORKER_SETTINGS } from '../tokens';
import type { TemporalWorkerSettings } from './temporal-worker-settings';

/**
 * Runs the service's Temporal worker inside the Nest application.
 *
 * Start: after every provider is ready (database open, migrations applied), so no activity can
 * run against a half-started service. Stop (SIGTERM): the worker stops polling, in-flight
 * activities get SHUTDOWN_GRACE_SECONDS to finish, and only then do the pools close.
 */
@Injectable()
export class TemporalWorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    private readonly connection: NativeConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(TEMPORAL_WORKER_SETTINGS) private readonly settings: TemporalWorkerSettings,
    @Inject(TEMPORAL_ACTIVITIES) private readonly activities: object,
    private readonly metrics: MetricsRegistry,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(TemporalWorkerHost.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.settings.taskQueue,
      activities: this.activities,
      maxConcurrentActivityTaskExecutions: this.settings.maxConcurrentActivities,
      maxTaskQueueActivitiesPerSecond: this.settings.maxTaskQueueActivitiesPerSecond,
      shutdownGraceTime: `${this.config.SHUTDOWN_GRACE_SECONDS}s`,
      interceptors: { activity: [(context) => ({ inbound: new ActivityMetricsInterceptor(context, this.metrics) })] },
    });
    this.running = this.worker.run().catch((error: unknown) => {
      // A worker that dies leaves the service unable to do its job: exit so the orchestrator restarts it.
      this.logger.fatal({ err: error }, 'Temporal worker stopped unexpectedly');
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.logger.info({ taskQueue: this.settings.taskQueue }, 'Temporal worker polling');
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.worker || !this.running) return;
    const state = this.worker.getState();
    if (state === 'RUNNING') {
      this.logger.info({ taskQueue: this.settings.taskQueue }, 'Stopping Temporal worker; waiting for in-flight activities');
      this.worker.shutdown();
    }
    await this.running;
    this.logger.info('Temporal worker stopped');
  }
}
