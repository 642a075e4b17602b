import { Counter, Histogram } from 'prom-client';
import { processMetricsRegistry, type TemporalSdkMetrics } from '@sisbridge/temporal';

/**
 * One Prometheus registry per process: sisbridge's metrics, Node's, and (once attached) the
 * Temporal SDK's, served on METRICS_PORT.
 */
export class MetricsRegistry {
  readonly registry;
  readonly activityDuration;
  readonly activityFailures;
  private sdkMetrics?: TemporalSdkMetrics;

  constructor(service: string) {
    this.registry = processMetricsRegistry(service);
    this.activityDuration = new Histogram({
      name: 'sisbridge_activity_duration_seconds',
      help: 'Wall time of Temporal activity executions in this worker, by activity type and outcome.',
      labelNames: ['task_queue', 'activity', 'outcome'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
      registers: [this.registry],
    });
    this.activityFailures = new Counter({
      name: 'sisbridge_activity_failures_total',
      help: 'Temporal activity attempts that threw, by activity type and error type.',
      labelNames: ['task_queue', 'activity', 'error'] as const,
      registers: [this.registry],
    });
  }

  /** Exports the Temporal SDK's metrics here too, from now on. */
  includeTemporalSdk(sdkMetrics: TemporalSdkMetrics): void {
    sdkMetrics.exportTo(this.registry);
    this.sdkMetrics = sdkMetrics;
  }

  /** The exposition text, after moving in every SDK event recorded so far. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    this.sdkMetrics?.drain();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
