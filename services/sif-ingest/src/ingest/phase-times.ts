/**
 * The phases an ingest's wall time is split into. Some nest: `parse` happens inside the
 * GetMessage round trip (the body is parsed as it streams), `raw-objects wait` inside `build`.
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
  build: 'build the snapshot (read raw objects, canonical roster, COPY of entities), streamed',
  roster: '  of which: reading raw objects and building the roster from them',
  rawObjectsWait: '    of which: waiting for raw objects (Postgres sorting and sending each kind)',
  snapshotWrite: '  of which: writing the entities (JSON, COPY text, waiting for Postgres to take them)',
  rejections: 'record build rejections',
  complete: 'complete the snapshot (identity map upsert, status)',
  finish: 'finish the run (status, pruning of old raw objects)',
} as const;

export type IngestPhase = keyof typeof INGEST_PHASES;

export interface PhaseTime {
  phase: IngestPhase;
  label: string;
  ms: number;
  count: number;
}

/**
 * Where an ingest's wall time went: milliseconds and occurrences per phase, summed over a run.
 * Logged with each completed run, and printed by the benchmark, so that whoever makes the
 * ingest faster next starts from figures rather than guesses.
 */
export class PhaseTimes {
  private readonly phases = new Map<IngestPhase, { ms: number; count: number }>();

  add(phase: IngestPhase, ms: number): void {
    const entry = this.phases.get(phase) ?? { ms: 0, count: 0 };
    entry.ms += ms;
    entry.count++;
    this.phases.set(phase, entry);
  }

  async time<T>(phase: IngestPhase, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(phase, performance.now() - started);
    }
  }

  /** Milliseconds spent in a phase so far. */
  ms(phase: IngestPhase): number {
    return this.phases.get(phase)?.ms ?? 0;
  }

  /** The phases seen, in the order of INGEST_PHASES. */
  list(): PhaseTime[] {
    return (Object.keys(INGEST_PHASES) as IngestPhase[]).flatMap((phase) => {
      const entry = this.phases.get(phase);
      return entry ? [{ phase, label: INGEST_PHASES[phase], ms: entry.ms, count: entry.count }] : [];
    });
  }

  /** Whole milliseconds per phase, for a log line. */
  summary(): Record<string, number> {
    return Object.fromEntries(this.list().map((entry) => [entry.phase, Math.round(entry.ms)]));
  }
}

/** Passes batches through, adding the time spent waiting for each one to `phase`. */
export async function* timedBatches<T>(source: AsyncIterable<T>, times: PhaseTimes | undefined, phase: IngestPhase): AsyncGenerator<T> {
  if (!times) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const started = performance.now();
      const next = await iterator.next();
      times.add(phase, performance.now() - started);
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
