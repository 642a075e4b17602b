import { setTimeout as sleep } from 'node:timers/promises';
import { SeededRandom } from '@sisbridge/sim-common';
import type { DistrictChanges } from '../admin/district-changes';
import type { ZoneContext } from '../zone/zone-context';
import { CHANGE_KINDS, parseChangeMix, type ChangeKind, type ChangeMix } from './change-mix';
import { SchoolDayChanges, type MadeChange } from './school-day-changes';

/** The stream's sense of time: real by default; tests give one they move themselves. */
export interface StreamClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const REAL_CLOCK: StreamClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
};

export interface EventStreamOptions {
  /** SIF_Events per minute, on average (a change of several objects publishes several at once, then waits for them all). */
  rate: number;
  /** Weights per kind of change, or a `kind=weight,…` string; default DEFAULT_CHANGE_MIX. */
  mix?: ChangeMix | string;
  /** The same seed on the same district publishes the same changes. Default 1. */
  seed?: number;
  /** Stop once at least this many events are published (a change is never cut in two). */
  total?: number;
  /** Stop after this long. Without `total` or `durationMs` the stream runs until stopped. */
  durationMs?: number;
  /** Section enrollments of each new student. Default 3. */
  sectionsPerNewStudent?: number;
  clock?: StreamClock;
  /** Called as each change is published (the benchmark starts its latency clock here). */
  onChange?: (change: PublishedChange) => void;
}

/** A change as the stream published it: `publishedAt` is the zone's clock when its first event was queued. */
export interface PublishedChange extends MadeChange {
  seq: number;
  publishedAt: string;
}

/** Why a stream stopped: its total, its duration, a stop, nothing left to change, or a change that failed (`error`). */
export type StreamStopReason = 'total' | 'duration' | 'stopped' | 'exhausted' | 'failed';

export interface EventStreamReport {
  state: 'running' | 'stopped';
  stopReason?: StreamStopReason;
  error?: string;
  startedAt: string;
  stoppedAt?: string;
  settings: { rate: number; mix: ChangeMix; seed: number; total: number | null; durationMs: number | null; sectionsPerNewStudent: number };
  /** SIF_Events published (a new student with three section enrollments is five). */
  events: number;
  byKind: Record<ChangeKind, number>;
  changes: PublishedChange[];
}

/**
 * PowerSchool during a school day: changes made at a steady rate, in a given mix, each published
 * as the SIF_Events PowerSchool's agent sends (queued for SIF_GetMessage, or pushed, per agent).
 * It stops by itself after `total` events or `durationMs`, or when stopped; `report()` lists every
 * change with the objects it is about and its publish time, for measuring how long each takes to
 * reach Canvas.
 */
export class EventStream {
  readonly finished: Promise<EventStreamReport>;
  private readonly changes: PublishedChange[] = [];
  private readonly abort = new AbortController();
  private readonly clock: StreamClock;
  private readonly settings: EventStreamReport['settings'];
  private readonly startedAt: number;
  private events = 0;
  private stoppedAt: number | undefined;
  private stopReason: StreamStopReason | undefined;
  private error: string | undefined;

  constructor(
    context: ZoneContext,
    districtChanges: DistrictChanges,
    private readonly options: EventStreamOptions,
  ) {
    if (!(options.rate > 0)) throw new Error(`rate must be a number of events per minute above 0 (got ${options.rate})`);
    if (options.total !== undefined && !(options.total > 0)) throw new Error(`total must be above 0 (got ${options.total})`);
    if (options.durationMs !== undefined && !(options.durationMs > 0))
      throw new Error(`the duration must be above 0 (got ${options.durationMs} ms)`);
    const seed = options.seed ?? 1;
    this.settings = {
      rate: options.rate,
      mix: typeof options.mix === 'string' || options.mix === undefined ? parseChangeMix(options.mix) : options.mix,
      seed,
      total: options.total ?? null,
      durationMs: options.durationMs ?? null,
      sectionsPerNewStudent: options.sectionsPerNewStudent ?? 3,
    };
    this.clock = options.clock ?? REAL_CLOCK;
    this.startedAt = this.clock.now();
    const random = new SeededRandom(seed);
    const made = new SchoolDayChanges(context, districtChanges, random.fork('objects'), {
      seed,
      sectionsPerNewStudent: this.settings.sectionsPerNewStudent,
    });
    // Started on the next tick, so the caller holds the stream before its first change is published.
    this.finished = Promise.resolve().then(() =>
      this.run(made, random.fork('kinds')).catch((error: unknown) => {
        this.error = error instanceof Error ? error.message : String(error);
        return this.finish('failed');
      }),
    );
  }

  get running(): boolean {
    return this.stoppedAt === undefined;
  }

  /** Stops publishing (a change under way is finished first) and resolves with the report. */
  stop(): Promise<EventStreamReport> {
    this.abort.abort();
    return this.finished;
  }

  report(): EventStreamReport {
    const byKind = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as Record<ChangeKind, number>;
    for (const change of this.changes) byKind[change.kind]++;
    return {
      state: this.running ? 'running' : 'stopped',
      ...(this.stopReason ? { stopReason: this.stopReason } : {}),
      ...(this.error ? { error: this.error } : {}),
      startedAt: new Date(this.startedAt).toISOString(),
      ...(this.stoppedAt === undefined ? {} : { stoppedAt: new Date(this.stoppedAt).toISOString() }),
      settings: this.settings,
      events: this.events,
      byKind,
      changes: [...this.changes],
    };
  }

  private async run(made: SchoolDayChanges, kinds: SeededRandom): Promise<EventStreamReport> {
    const perEventMs = 60_000 / this.settings.rate;
    const endsAt = this.settings.durationMs === null ? Infinity : this.startedAt + this.settings.durationMs;
    let due = this.startedAt;
    for (;;) {
      if (this.abort.signal.aborted) return this.finish('stopped');
      if (this.settings.total !== null && this.events >= this.settings.total) return this.finish('total');
      const now = this.clock.now();
      if (now >= endsAt) return this.finish('duration');
      if (now < due) {
        await this.clock.sleep(Math.min(due, endsAt) - now, this.abort.signal);
        continue;
      }
      const change = this.next(made, kinds);
      if (!change) return this.finish('exhausted');
      const published: PublishedChange = { ...change, seq: this.changes.length + 1, publishedAt: new Date(now).toISOString() };
      this.changes.push(published);
      this.events += change.events.length;
      due += Math.max(1, change.events.length) * perEventMs;
      this.options.onChange?.(published);
    }
  }

  /** A kind by the mix's weights; when the district offers nothing for it, the other kinds in turn. */
  private next(made: SchoolDayChanges, random: SeededRandom): MadeChange | undefined {
    const { mix } = this.settings;
    const weighted = CHANGE_KINDS.filter((kind) => mix[kind] > 0);
    const sum = weighted.reduce((total, kind) => total + mix[kind], 0);
    let point = random.next() * sum;
    const first = weighted.find((kind) => (point -= mix[kind]) < 0) ?? weighted[weighted.length - 1];
    const order = first === undefined ? weighted : [first, ...weighted.filter((kind) => kind !== first)];
    for (const kind of order) {
      const change = made.make(kind);
      if (change) return change;
    }
    return undefined;
  }

  private finish(reason: StreamStopReason): EventStreamReport {
    this.stopReason = reason;
    this.stoppedAt = this.clock.now();
    return this.report();
  }
}
