import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process, served at `/metrics`. */
export class MetricsRegistry {
  readonly registry = new Registry();

  readonly activityDuration = new Histogram({
    name: 'sisbridge_activity_duration_seconds',
    help: 'Wall time of Temporal activity executions in this worker, by activity type and outcome.',
    labelNames: ['task_queue', 'activity', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });

  readonly activityFailures = new Counter({
    name: 'sisbridge_activity_failures_total',
    help: 'Temporal activity attempts that threw, by activity type and error type.',
    labelNames: ['task_queue', 'activity', 'error'] as const,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}
