import { collectDefaultMetrics, Registry } from 'prom-client';

/** A process's Prometheus registry: every series labelled with the component, Node's own metrics included. */
export function processMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
