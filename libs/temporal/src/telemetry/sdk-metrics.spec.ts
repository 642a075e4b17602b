import type { BufferedMetricUpdate } from '@temporalio/worker';
import { Registry } from 'prom-client';
import { TemporalSdkMetrics } from './sdk-metrics';

/** An event as the SDK's core hands it over (durations in seconds). */
function event(
  name: string,
  kind: BufferedMetricUpdate['metric']['kind'],
  value: number,
  attributes: Record<string, string | number | boolean>,
): BufferedMetricUpdate {
  return { metric: { name, kind, valueType: 'int', description: `${name} help` }, value, attributes };
}

describe('the Temporal SDK metrics, exported through prom-client', () => {
  it('become counters, gauges and histograms under the names Temporal documents, with their labels', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'sif-ingest' });
    const sdk = new TemporalSdkMetrics();
    sdk.exportTo(registry);
    const sdkQueue = { namespace: 'default', task_queue: 'sif-ingest' };
    // Exported: the Temporal namespace as temporal_namespace (Prometheus's `namespace` is the pod's).
    const queue = { temporal_namespace: 'default', task_queue: 'sif-ingest' };
    sdk.record(event('temporal_activity_schedule_to_start_latency', 'histogram', 0.2, sdkQueue));
    sdk.record(event('temporal_activity_schedule_to_start_latency', 'histogram', 7, sdkQueue));
    sdk.record(event('temporal_activity_task_received', 'counter', 1, { ...sdkQueue, activity_type: 'ingest', eager: false }));
    sdk.record(event('temporal_activity_task_received', 'counter', 1, { ...sdkQueue, activity_type: 'ingest', eager: false }));
    sdk.record(event('temporal_worker_task_slots_available', 'gauge', 20, { ...sdkQueue, worker_type: 'ActivityWorker' }));
    sdk.record(event('temporal_worker_task_slots_available', 'gauge', 19, { ...sdkQueue, worker_type: 'ActivityWorker' }));
    sdk.record(event('temporal_request_failure', 'counter', 1, { operation: 'PollActivityTaskQueue', status_code: 'UNAVAILABLE' }));

    const metrics = await registry.getMetricsAsJSON();
    const valuesOf = (name: string) => metrics.find((metric) => metric.name === name)?.values ?? [];
    const typeOf = (name: string) => metrics.find((metric) => metric.name === name)?.type;
    const withService = (labels: Record<string, string | number>) => ({ ...labels, service: 'sif-ingest' });

    expect(typeOf('temporal_activity_schedule_to_start_latency')).toBe('histogram');
    const latency = valuesOf('temporal_activity_schedule_to_start_latency');
    // Core's own buckets for schedule-to-start (100 ms … 1000 s), in seconds.
    expect(latency).toContainEqual(
      expect.objectContaining({
        metricName: 'temporal_activity_schedule_to_start_latency_bucket',
        labels: withService({ ...queue, le: 0.5 }),
        value: 1,
      }),
    );
    expect(latency).toContainEqual(
      expect.objectContaining({
        metricName: 'temporal_activity_schedule_to_start_latency_bucket',
        labels: withService({ ...queue, le: 10 }),
        value: 2,
      }),
    );
    expect(latency).toContainEqual(
      expect.objectContaining({ metricName: 'temporal_activity_schedule_to_start_latency_sum', labels: withService(queue), value: 7.2 }),
    );
    expect(typeOf('temporal_activity_task_received')).toBe('counter');
    expect(valuesOf('temporal_activity_task_received')).toEqual([
      { labels: withService({ ...queue, activity_type: 'ingest', eager: 'false' }), value: 2 },
    ]);
    expect(typeOf('temporal_worker_task_slots_available')).toBe('gauge');
    expect(valuesOf('temporal_worker_task_slots_available')).toEqual([
      { labels: withService({ ...queue, worker_type: 'ActivityWorker' }), value: 19 },
    ]);
    expect(valuesOf('temporal_request_failure')).toEqual([
      { labels: withService({ operation: 'PollActivityTaskQueue', status_code: 'UNAVAILABLE' }), value: 1 },
    ]);
  });

  it('leave out a label they do not know, and say so once, rather than break the scrape', async () => {
    const registry = new Registry();
    const unknown: string[] = [];
    const sdk = new TemporalSdkMetrics((metric, label) => unknown.push(`${metric}/${label}`));
    sdk.exportTo(registry);
    sdk.record(event('temporal_worker_start', 'counter', 1, { task_queue: 'q', deployment: 'd1' }));
    sdk.record(event('temporal_worker_start', 'counter', 1, { task_queue: 'q', deployment: 'd2' }));
    expect(unknown).toEqual(['temporal_worker_start/deployment']);
    expect(await registry.metrics()).toContain('temporal_worker_start{task_queue="q"} 2');
  });

  it('export into every registry attached, and stop when told', async () => {
    const first = new Registry();
    const second = new Registry();
    const sdk = new TemporalSdkMetrics();
    sdk.exportTo(first);
    const stop = sdk.exportTo(second);
    sdk.record(event('temporal_sticky_cache_size', 'gauge', 3, { task_queue: 'q' }));
    stop();
    sdk.record(event('temporal_sticky_cache_size', 'gauge', 4, { task_queue: 'q' }));
    expect(await first.metrics()).toContain('temporal_sticky_cache_size{task_queue="q"} 4');
    expect(await second.metrics()).toContain('temporal_sticky_cache_size{task_queue="q"} 3');
  });
});
