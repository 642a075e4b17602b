import { Registry } from 'prom-client';
import {
  observePhase,
  phaseFiguresBetween,
  phaseTotals,
  registerIngestPhaseMetrics,
  timedBatches,
  timePhase,
} from './ingest-phase-metrics';

describe('ingest phase metrics', () => {
  it('shows phases on a registry (once, however often registered) and gives a run its own figures', async () => {
    const registry = new Registry();
    registerIngestPhaseMetrics(registry);
    registerIngestPhaseMetrics(registry);
    const before = await phaseTotals();
    observePhase('store', 250);
    observePhase('store', 750);
    await timePhase('ack', async () => undefined);
    const batches: number[][] = [];
    for await (const batch of timedBatches(
      (async function* () {
        yield [1];
        yield [2];
      })(),
      'rawObjectsWait',
    ))
      batches.push(batch);
    const figures = phaseFiguresBetween(before, await phaseTotals());
    expect(figures.map((figure) => [figure.phase, figure.count])).toEqual([
      ['store', 2],
      ['ack', 1],
      ['rawObjectsWait', 3],
    ]);
    expect(figures[0]?.ms).toBeCloseTo(1000, 5);
    expect(figures[0]?.label).toContain('finish storing each packet');
    expect(batches).toEqual([[1], [2]]);
    const exposition = await registry.metrics();
    expect(exposition).toContain('sisbridge_ingest_phase_seconds_count{phase="store"}');
  });
});
