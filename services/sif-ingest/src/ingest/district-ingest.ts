import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IngestDistrictInput, IngestDistrictResult, IngestProgress } from '@sisbridge/contracts';
import { DistrictRegistry, schoolYearFor, type DistrictConfig } from '@sisbridge/district-config';
import { RosterSnapshots } from '@sisbridge/roster-store';
import { newSifGuid, SIF_OBJECT_NAMES, type SifCondition, type SifObjectName } from '@sisbridge/sif-codec';
import { SifMessageReceiver } from '../sif/message-receiver';
import { pullOne } from '../sif/pull-one';
import { responseErrorIsWorthRetrying } from '../sif/sif-failures';
import { ZoneAgent } from '../sif/zone-agent';
import { ZoneTransport } from '../sif/zone-transport';
import { DistrictLock } from './district-lock';
import { IngestError } from '../failures/ingest-error';
import { SifEvents } from '../events/sif-events';
import { IngestRuns, type IngestRun } from './ingest-runs';
import { INGEST_OPTIONS, type IngestOptions } from './ingest-options';
import { observePhase, timePhase } from '../observability/ingest-phase-metrics';
import { RunSnapshotBuilder } from './run-snapshot-builder';
import { SifRequests, type SifRequestRecord } from './sif-requests';

/** What an ingest needs from the activity that runs it: heartbeats, cancellation, logs. */
export interface IngestContext {
  progress(details: IngestProgress): void;
  signal: AbortSignal;
  log(message: string, fields?: Record<string, unknown>): void;
}

/** Objects that carry @SchoolYear, so their requests can be filtered by it (§1.11; the others have no year). */
const WITH_SCHOOL_YEAR: ReadonlySet<SifObjectName> = new Set([
  'TermInfo',
  'SchoolCourseInfo',
  'SectionInfo',
  'StaffAssignment',
  'StudentSchoolEnrollment',
  'StudentSectionEnrollment',
]);

/**
 * One district's nightly ingest, resumable at every step because every step leaves its state
 * in Postgres: register and provision, one SIF_Request per object filtered by the school year,
 * every packet of every response stored (pulled, or pushed to the HTTP endpoint by the zone),
 * then the snapshot built from what was stored. A retried activity with the same run id picks
 * up where the last attempt stopped: complete requests are not asked again, unacked packets
 * come again from the zone's queue, stored ones are recognised.
 */
@Injectable()
export class DistrictIngest {
  private readonly options: IngestOptions;

  constructor(
    private readonly dataSource: DataSource,
    private readonly districts: DistrictRegistry,
    private readonly snapshots: RosterSnapshots,
    private readonly runs: IngestRuns,
    private readonly requests: SifRequests,
    private readonly receiver: SifMessageReceiver,
    private readonly builder: RunSnapshotBuilder,
    private readonly events: SifEvents,
    @Optional() @Inject(INGEST_OPTIONS) options?: IngestOptions,
  ) {
    this.options = options ?? {};
  }

  async ingest(input: IngestDistrictInput, context: IngestContext): Promise<IngestDistrictResult> {
    const district = this.district(input.districtId);
    const now = this.options.now?.() ?? new Date();
    const schoolYear = schoolYearFor(district, now);
    const previous = await this.snapshots.latestComplete(district.id, schoolYear, input.runId);
    let run = await this.runs.start({
      id: input.runId,
      districtId: district.id,
      kind: 'full',
      schoolYear,
      asOf: localDate(now, district.timeZone),
      previousSnapshotId: previous?.id,
      eventSeqFrom: await this.runs.nextEventSeq(),
    });
    if (run.status === 'complete') return resultOf(run);
    if (run.status === 'failed')
      throw new IngestError(run.failureKind ?? 'broken-feed', run.failureReason ?? `district ${district.id}: run ${run.id} failed`);

    const lock = await DistrictLock.acquire(this.dataSource, district.id, this.options.lockWaitMs ?? 30_000, context.signal);
    try {
      context.log('ingest run started', {
        districtId: district.id,
        runId: run.id,
        schoolYear: run.schoolYear,
        phase: run.phase,
        mode: district.sif.mode,
      });
      if (run.phase !== 'build') {
        const agent = this.agentFor(district, context.signal);
        if (run.phase === 'register') {
          await timePhase('register', async () => {
            await this.report(run, 'register', context);
            await agent.register(district.sif.mode, district.sif.pushUrl);
            await agent.provision(SIF_OBJECT_NAMES, district.sif.provisioning);
            await this.runs.setPhase(run.id, 'request');
          });
        }
        await timePhase('request', async () => {
          await this.report(run, 'request', context);
          await this.sendMissingRequests(agent, district, run, context);
          await this.runs.setPhase(run.id, 'receive');
        });
        await this.receiveAll(agent, district, run, context);
        await this.runs.setPhase(run.id, 'build');
      }
      await this.report(run, 'build', context);
      const built = await this.builder.build(run, district, []);
      await timePhase('finish', async () => {
        await this.runs.complete(run.id, built);
        await this.runs.pruneRawObjects(district.id, district.sif.retainRuns);
        await this.snapshots.prune(district.id, district.sif.retainRuns);
        // What events came before this pull began is settled by it; settled events go after their retention.
        await this.events.supersedeByNightly(district.id, run.id, run.eventSeqFrom, now);
        await this.events.prune(district.id, district.sif.eventRetentionDays, now);
      });
      run = (await this.runs.get(run.id)) ?? run;
      context.log('ingest run complete', {
        districtId: district.id,
        runId: run.id,
        counts: built.counts,
        rejected: built.rejected,
      });
      return resultOf(run);
    } catch (error) {
      if (error instanceof IngestError && !error.retryable) await this.runs.fail(run.id, error.kind, error.message);
      throw error;
    } finally {
      await lock.release();
    }
  }

  private district(districtId: string): DistrictConfig {
    try {
      return this.districts.get(districtId);
    } catch (error) {
      throw new IngestError('configuration', error instanceof Error ? error.message : String(error));
    }
  }

  agentFor(district: DistrictConfig, signal: AbortSignal): ZoneAgent {
    const transport = new ZoneTransport({
      districtId: district.id,
      zoneUrl: district.sif.zoneUrl,
      timeoutMs: district.sif.requestTimeoutSeconds * 1000,
      maxFieldLength: district.sif.maxFieldLength,
      signal,
      onBytes: this.options.onZoneBytes,
      onResponse: this.options.onZoneResponse,
    });
    return new ZoneAgent(
      {
        districtId: district.id,
        sourceId: district.sif.sourceId,
        sifVersion: district.sif.sifVersion,
        maxBufferSize: district.sif.maxBufferSize,
      },
      transport,
    );
  }

  /** Sends the request of every object that has none yet, and again the ones whose sending a crash interrupted. */
  private async sendMissingRequests(agent: ZoneAgent, district: DistrictConfig, run: IngestRun, context: IngestContext): Promise<void> {
    const current = await this.requests.current(run.id);
    for (const objectName of SIF_OBJECT_NAMES) {
      const request = current.get(objectName);
      if (request && request.status !== 'sending') continue;
      if (request) await this.requests.supersede(request.msgId);
      await this.sendRequest(agent, district, run, objectName, (request?.attempt ?? 0) + 1, context);
    }
  }

  private async sendRequest(
    agent: ZoneAgent,
    district: DistrictConfig,
    run: IngestRun,
    objectName: SifObjectName,
    attempt: number,
    context: IngestContext,
  ): Promise<void> {
    const msgId = newSifGuid();
    await this.requests.recordSending(run.id, objectName, attempt, msgId);
    const conditions: SifCondition[] = WITH_SCHOOL_YEAR.has(objectName)
      ? [{ element: '@SchoolYear', operator: 'EQ', value: run.schoolYear }]
      : [];
    const asleepSince = Date.now();
    let wait = district.sif.pollIntervalSeconds * 1000;
    while ((await agent.request(msgId, objectName, conditions)) === 'sleeping') {
      if (Date.now() - asleepSince > district.sif.maxSleepingSeconds * 1000) {
        throw new IngestError(
          'transient',
          `district ${district.id}: the SIF zone has been sleeping for more than ${district.sif.maxSleepingSeconds} s (sif.maxSleepingSeconds)`,
        );
      }
      await this.report(run, 'request', context);
      await sleep(wait, undefined, { signal: context.signal });
      wait = Math.min(wait * 2, 30_000);
    }
    await this.requests.markSent(msgId);
    context.log('SIF_Request sent', { districtId: district.id, runId: run.id, objectName, attempt, requestMsgId: msgId });
  }

  /**
   * Until every request is complete: pull (pull mode) or watch Postgres fill up (push mode, the
   * HTTP endpoint stores what the zone pushes, possibly on another pod). A request answered with
   * a SIF_Error fails the ingest, unless the zone merely lost it; a request that stops making
   * progress with packets missing is asked again, up to sif.maxRequestAttempts.
   */
  private async receiveAll(agent: ZoneAgent, district: DistrictConfig, run: IngestRun, context: IngestContext): Promise<void> {
    const settings = district.sif;
    let idleSince: number | undefined;
    let asleepSince: number | undefined;
    let sleepWait = settings.pollIntervalSeconds * 1000;
    let lastReport = 0;
    for (;;) {
      context.signal.throwIfAborted();
      const between = performance.now();
      const current = await this.requests.current(run.id);
      if (await this.settle(agent, district, run, current, idleSince, context)) return;
      if (Date.now() - lastReport > 2_000) {
        await this.report(run, 'receive', context, current);
        lastReport = Date.now();
      }
      observePhase('bookkeeping', performance.now() - between);
      if (settings.mode === 'push') {
        idleSince ??= Date.now();
        await sleep(settings.pollIntervalSeconds * 1000, undefined, { signal: context.signal });
        continue;
      }
      const step = await pullOne(agent, this.receiver, this.dataSource, district.id, run.id);
      if (step.kind === 'sleeping') {
        asleepSince ??= Date.now();
        if (Date.now() - asleepSince > settings.maxSleepingSeconds * 1000) {
          throw new IngestError(
            'transient',
            `district ${district.id}: the SIF zone has been sleeping for more than ${settings.maxSleepingSeconds} s (sif.maxSleepingSeconds)`,
          );
        }
        await sleep(sleepWait, undefined, { signal: context.signal });
        sleepWait = Math.min(sleepWait * 2, 30_000);
        continue;
      }
      asleepSince = undefined;
      sleepWait = settings.pollIntervalSeconds * 1000;
      if (step.kind === 'empty') {
        idleSince ??= Date.now();
        await sleep(settings.pollIntervalSeconds * 1000, undefined, { signal: context.signal });
      } else {
        idleSince = undefined;
      }
    }
  }

  /** Decides on each request; true when all are complete. */
  private async settle(
    agent: ZoneAgent,
    district: DistrictConfig,
    run: IngestRun,
    current: Map<string, SifRequestRecord>,
    idleSince: number | undefined,
    context: IngestContext,
  ): Promise<boolean> {
    let complete = 0;
    const timeoutMs = district.sif.missingPacketTimeoutSeconds * 1000;
    for (const objectName of SIF_OBJECT_NAMES) {
      const request = current.get(objectName);
      if (!request) throw new Error(`run ${run.id} has no request for ${objectName}`);
      if (request.status === 'complete') {
        complete++;
        continue;
      }
      if (request.status === 'failed') {
        const error = request.error ?? { category: 0, code: 0, description: '' };
        if (!responseErrorIsWorthRetrying(error) || request.attempt >= district.sif.maxRequestAttempts) {
          throw new IngestError(
            'broken-feed',
            `district ${district.id}: the request for ${objectName} ended in SIF_Error ${error.category}/${error.code}${error.description ? ` (${error.description.slice(0, 200)})` : ''}; no snapshot was made`,
          );
        }
        await this.retryRequest(agent, district, run, request, 'the zone lost it', context);
        continue;
      }
      // Stalled: nothing new for the timeout, and (pull) the queue has been empty as long.
      const quietFor = Date.now() - Math.max(request.progressAt.getTime(), idleSince ?? Number.POSITIVE_INFINITY);
      if (idleSince !== undefined && quietFor > timeoutMs) {
        if (request.attempt >= district.sif.maxRequestAttempts) {
          throw new IngestError(
            'broken-feed',
            `district ${district.id}: the response to the request for ${objectName} stayed incomplete after ${request.attempt} attempts (${request.packetsReceived} packets of ${request.lastPacket ?? 'an unknown number'} came); no snapshot was made`,
          );
        }
        await this.retryRequest(
          agent,
          district,
          run,
          request,
          `${request.packetsReceived} of ${request.lastPacket ?? '?'} packets came in ${district.sif.missingPacketTimeoutSeconds} s`,
          context,
        );
      }
    }
    return complete === SIF_OBJECT_NAMES.length;
  }

  private async retryRequest(
    agent: ZoneAgent,
    district: DistrictConfig,
    run: IngestRun,
    request: SifRequestRecord,
    why: string,
    context: IngestContext,
  ): Promise<void> {
    context.log('SIF_Request asked again', {
      districtId: district.id,
      runId: run.id,
      objectName: request.objectName,
      attempt: request.attempt + 1,
      why,
    });
    await this.requests.supersede(request.msgId);
    await this.sendRequest(agent, district, run, request.objectName as SifObjectName, request.attempt + 1, context);
  }

  private async report(
    run: IngestRun,
    phase: IngestProgress['phase'],
    context: IngestContext,
    current?: Map<string, SifRequestRecord>,
  ): Promise<void> {
    const requests = current ?? (await this.requests.current(run.id));
    const totals = await this.requests.totals(run.id);
    context.progress({
      phase,
      requestsComplete: [...requests.values()].filter((request) => request.status === 'complete').length,
      requestsTotal: SIF_OBJECT_NAMES.length,
      ...totals,
    });
  }
}

function resultOf(run: IngestRun): IngestDistrictResult {
  const result: IngestDistrictResult = {
    runId: run.id,
    snapshotId: run.id,
    schoolYear: run.schoolYear,
    counts: run.counts,
    rejected: run.rejected,
  };
  if (run.previousSnapshotId) result.previousSnapshotId = run.previousSnapshotId;
  return result;
}

/** YYYY-MM-DD of `at` in the district's time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
