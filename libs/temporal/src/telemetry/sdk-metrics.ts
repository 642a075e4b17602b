import { MetricsBuffer, type BufferedMetricUpdate } from '@temporalio/worker';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The label keys the Temporal SDK's core attaches to its metrics (sdk-core: telemetry/metrics.rs
 * for workers, client/metrics.rs for requests). Declared up front because prom-client wants every
 * label name when a metric is created; a key not listed here is left out of the series (and
 * reported once), so an SDK upgrade never breaks the scrape.
 *
 * The SDK's `namespace` (the Temporal namespace) is exported as `temporal_namespace`: Prometheus
 * gives every scraped series the Kubernetes `namespace` of its pod, and the two must not collide.
 */
export const SDK_METRIC_LABELS = [
  'temporal_namespace',
  'task_queue',
  'workflow_type',
  'activity_type',
  'poller_type',
  'worker_type',
  'eager',
  'failure_reason',
  'operation',
  'status_code',
] as const;

/** Core's default histogram buckets (sdk-core `default_buckets_for`), in seconds. */
const BUCKETS_BY_METRIC: Record<string, number[]> = {
  temporal_workflow_endtoend_latency: [0.1, 0.5, 1, 1.5, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 30600, 86400],
  temporal_workflow_task_execution_latency: [0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
  temporal_workflow_task_replay_latency: [0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
  temporal_activity_execution_latency: [0.05, 0.1, 0.5, 1, 5, 10, 60],
  temporal_workflow_task_schedule_to_start_latency: [0.1, 0.5, 1, 5, 10, 100, 1000],
  temporal_activity_schedule_to_start_latency: [0.1, 0.5, 1, 5, 10, 100, 1000],
};
const DEFAULT_BUCKETS = [0.05, 0.1, 0.5, 1, 2.5, 10];

type SdkLabel = (typeof SDK_METRIC_LABELS)[number];
type Labels = Partial<Record<SdkLabel, string>>;
type PromMetric = Counter<SdkLabel> | Gauge<SdkLabel> | Histogram<SdkLabel>;

const KNOWN_LABELS = new Set<string>(SDK_METRIC_LABELS);
const RENAMED_LABELS: Record<string, SdkLabel> = { namespace: 'temporal_namespace' };

/**
 * The Temporal SDK's own metrics (schedule-to-start latencies, poll results, slots, sticky cache,
 * request failures…), exported next to sisbridge's in the process's prom-client registry, on the
 * same endpoint. Core buffers every metric event (durations in seconds); `drain()` moves them
 * into prom-client counters, gauges and histograms named as Temporal documents them
 * (`temporal_activity_schedule_to_start_latency`, …). A scrape drains first, so it sees every
 * event recorded before it; a timer drains in between so the buffer never fills.
 */
export class TemporalSdkMetrics {
  readonly buffer = new MetricsBuffer({ maxBufferSize: 100_000, useSecondsForDurations: true });
  private readonly targets = new Map<Registry, Map<string, PromMetric>>();
  private readonly reportedLabels = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly onUnknownLabel: (metric: string, label: string) => void = () => undefined) {}

  /** Exports into `registry` from now on; returns the function that stops it. */
  exportTo(registry: Registry): () => void {
    if (!this.targets.has(registry)) this.targets.set(registry, new Map());
    return () => this.targets.delete(registry);
  }

  /** Drains every second in the background (unref'd: it never keeps the process alive). */
  startDraining(everyMs = 1_000): void {
    this.timer ??= setInterval(() => this.drain(), everyMs);
    this.timer.unref();
  }

  stopDraining(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Moves the buffered events into every registry this exports to. */
  drain(): void {
    for (const update of this.buffer.retrieveUpdates()) this.record(update);
  }

  /** One event: a counter's increment, a gauge's value, a histogram's observation. */
  record(update: BufferedMetricUpdate): void {
    if (this.targets.size === 0) return;
    const name = update.metric.name;
    const labels = this.labelsOf(name, update.attributes);
    for (const [registry, metrics] of this.targets) {
      const metric = metrics.get(name) ?? this.create(registry, metrics, update);
      if (metric instanceof Counter) metric.inc(labels, update.value);
      else if (metric instanceof Histogram) metric.observe(labels, update.value);
      else if (update.metric.kind === 'up-down-counter') metric.inc(labels, update.value);
      else metric.set(labels, update.value);
    }
  }

  private create(registry: Registry, metrics: Map<string, PromMetric>, update: BufferedMetricUpdate): PromMetric {
    const { name, kind, description } = update.metric;
    const options = { name, help: description || `Temporal SDK metric ${name}`, labelNames: SDK_METRIC_LABELS, registers: [registry] };
    const metric =
      kind === 'counter'
        ? new Counter(options)
        : kind === 'histogram'
          ? new Histogram({ ...options, buckets: BUCKETS_BY_METRIC[name] ?? DEFAULT_BUCKETS })
          : new Gauge(options);
    metrics.set(name, metric);
    return metric;
  }

  private labelsOf(metric: string, attributes: BufferedMetricUpdate['attributes']): Labels {
    const labels: Labels = {};
    for (const [key, value] of Object.entries(attributes)) {
      const label = RENAMED_LABELS[key] ?? key;
      if (KNOWN_LABELS.has(label)) labels[label as SdkLabel] = String(value);
      else if (!this.reportedLabels.has(`${metric}/${key}`)) {
        this.reportedLabels.add(`${metric}/${key}`);
        this.onUnknownLabel(metric, key);
      }
    }
    return labels;
  }
}
