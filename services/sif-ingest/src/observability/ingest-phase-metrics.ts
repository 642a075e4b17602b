import { Histogram, type Registry } from 'prom-client';

/**
 * The phases an ingest's wall time is split into. Some nest: `parse` happens inside the
 * GetMessage round trip (the body is parsed as it streams), `rawObjectsWait` inside `build`.
 */
export const INGEST_PHASES = {
  register: 'register and provision',
  request: 'send SIF_Requests',
  getMessage:
    'SIF_GetMessage round trips (the zone builds and sends a packet; the agent parses it as it streams, its objects going to Postgres as they are read)',
  firstByte: '  of which: waiting for the first byte (the zone building the packet)',
  parse: '  of which: agent parsing (saxes, objects to records, rows for COPY)',
  store: 'finish storing each packet (end of its COPY, rejections, bookkeeping, commit)',
  ack: 'SIF_Ack round trips (after the packet is stored)',
  bookkeeping: 'bookkeeping between packets (request states, progress)',
  objectStore: 'merge the run into the current objects (only what changed by content hash; what the pull no longer carries goes)',
  build: 'build the snapshot (read current objects, canonical roster, write what changed), streamed',
  roster: '  of which: reading objects and building the roster from them',
  rawObjectsWait: '    of which: waiting for objects (Postgres sending each kind)',
  snapshotWrite: '  of which: comparing with the last version and writing what changed',
  rejections: 'record build rejections',
  complete: 'complete the snapshot (identity map of what changed, status)',
  finish: 'finish the run (status, pruning of old raw objects)',
  events: 'apply SIF_Events (read, merge into the current objects, rebuild what they touch, write the new version)',
} as const;

export type IngestPhase = keyof typeof INGEST_PHASES;

const INGEST_PHASE_METRIC = 'sisbridge_ingest_phase_seconds';

/**
 * `sisbridge_ingest_phase_seconds{phase}`: where ingests' wall time goes, one observation per
 * occurrence of a phase. One histogram per process, registered into the service's registry by
 * the module (so `/metrics` shows it) and read by the benchmark, so domain code observes a
 * phase where it happens instead of carrying a stopwatch from call to call.
 */
export const ingestPhaseSeconds = new Histogram({
  name: INGEST_PHASE_METRIC,
  help: 'Wall time of the phases of SIF ingests and event applications, by phase (see INGEST_PHASES; some phases nest in others).',
  labelNames: ['phase'] as const,
  buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  registers: [],
});

/** Makes the histogram part of a registry (the service's `MetricsRegistry`); idempotent. */
export function registerIngestPhaseMetrics(registry: Registry): void {
  if (!registry.getSingleMetric(INGEST_PHASE_METRIC)) registry.registerMetric(ingestPhaseSeconds);
}

export function observePhase(phase: IngestPhase, ms: number): void {
  ingestPhaseSeconds.observe({ phase }, ms / 1000);
}

export async function timePhase<T>(phase: IngestPhase, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    observePhase(phase, performance.now() - started);
  }
}

/** Passes batches through, observing the wait for each one as `phase`. */
export async function* timedBatches<T>(source: AsyncIterable<T>, phase: IngestPhase): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const started = performance.now();
      const next = await iterator.next();
      observePhase(phase, performance.now() - started);
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
}

export interface PhaseFigure {
  phase: IngestPhase;
  label: string;
  ms: number;
  count: number;
}

/** The totals observed so far in this process, per phase, in the order of INGEST_PHASES. */
export async function phaseTotals(): Promise<Map<IngestPhase, { ms: number; count: number }>> {
  const totals = new Map<IngestPhase, { ms: number; count: number }>();
  for (const value of (await ingestPhaseSeconds.get()).values) {
    const phase = value.labels['phase'] as IngestPhase | undefined;
    if (!phase) continue;
    const entry = totals.get(phase) ?? { ms: 0, count: 0 };
    if (value.metricName === 'sisbridge_ingest_phase_seconds_sum') entry.ms = value.value * 1000;
    else if (value.metricName === 'sisbridge_ingest_phase_seconds_count') entry.count = value.value;
    else continue;
    totals.set(phase, entry);
  }
  return totals;
}

/** What was observed between two readings of `phaseTotals` (one run's figures), in the order of INGEST_PHASES. */
export function phaseFiguresBetween(
  before: Map<IngestPhase, { ms: number; count: number }>,
  after: Map<IngestPhase, { ms: number; count: number }>,
): PhaseFigure[] {
  return (Object.keys(INGEST_PHASES) as IngestPhase[]).flatMap((phase) => {
    const end = after.get(phase);
    const start = before.get(phase) ?? { ms: 0, count: 0 };
    if (!end || end.count === start.count) return [];
    return [{ phase, label: INGEST_PHASES[phase], ms: end.ms - start.ms, count: end.count - start.count }];
  });
}
