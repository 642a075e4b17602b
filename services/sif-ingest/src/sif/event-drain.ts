import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DrainSifEventsResult } from '@sisbridge/contracts';
import { DistrictRegistry } from '@sisbridge/district-config';
import { DistrictLock } from '../ingest/district-lock';
import { DistrictIngest } from '../ingest/district-ingest';
import { SifMessageReceiver } from './message-receiver';
import { pullOne } from './pull-one';

/** The shortest pause between SIF_GetMessage calls on an empty queue during the day. */
const MIN_IDLE_POLL_MS = 5_000;
/** How often a waiting drain heartbeats (the workflow cancels it through its heartbeats). */
const HEARTBEAT_MS = 1_000;

export interface DrainControl {
  /** Set when the workflow cancels the drain: it stops after the message in hand is stored and acked. */
  stopped: AbortSignal;
  heartbeat(details: { stored: number }): void;
  now?: () => Date;
}

/**
 * Pull mode during the day (§1.8): SIF_GetMessage until the zone's queue is empty, each event
 * stored before it is acked (as the nightly pull does), then wait and ask again, until some
 * events are stored and the queue is empty, or `maxWaitSeconds` pass. The district sync workflow
 * runs one drain at a time and only when nobody else pulls from the district's queue; the
 * district lock makes sure of it across pods. Stray response packets (of a run that ended) are
 * dropped as the receiver always does.
 */
@Injectable()
export class SifEventDrain {
  constructor(
    private readonly dataSource: DataSource,
    private readonly districts: DistrictRegistry,
    private readonly ingest: DistrictIngest,
    private readonly receiver: SifMessageReceiver,
  ) {}

  async drain(districtId: string, maxWaitSeconds: number, control: DrainControl): Promise<DrainSifEventsResult> {
    const district = this.districts.get(districtId);
    const now = control.now ?? (() => new Date());
    const result: DrainSifEventsResult = { stored: 0, zoneSleeping: false };
    if (district.sif.mode !== 'pull') return result;
    const lock = await DistrictLock.acquire(this.dataSource, districtId, 10_000, control.stopped);
    try {
      // Requests in flight finish (each has its own timeout): a message taken from the queue is stored and acked.
      const agent = this.ingest.agentFor(district, new AbortController().signal);
      const deadline = now().getTime() + maxWaitSeconds * 1000;
      const idlePollMs = Math.max(district.sif.pollIntervalSeconds * 1000, MIN_IDLE_POLL_MS);
      while (!control.stopped.aborted) {
        const step = await pullOne(agent, this.receiver, this.dataSource, districtId);
        control.heartbeat({ stored: result.stored });
        if (step.kind === 'received' && step.outcome.kind === 'events' && step.outcome.stored > 0) {
          result.stored += step.outcome.stored;
          result.firstStoredAt ??= now().toISOString();
          continue;
        }
        if (step.kind === 'received' || step.kind === 'unreadable') continue;
        if (step.kind === 'sleeping') {
          result.zoneSleeping = true;
          return result;
        }
        // The queue is empty: what was stored goes to the workflow now; otherwise wait and ask again.
        if (result.stored > 0 || now().getTime() + idlePollMs > deadline) return result;
        // Heartbeat while waiting, so that a cancellation reaches this drain within seconds.
        for (let waited = 0; waited < idlePollMs && !control.stopped.aborted; waited += HEARTBEAT_MS) {
          try {
            await sleep(Math.min(HEARTBEAT_MS, idlePollMs - waited), undefined, { signal: control.stopped });
          } catch {
            return result;
          }
          control.heartbeat({ stored: result.stored });
        }
      }
      return result;
    } finally {
      await lock.release();
    }
  }
}
