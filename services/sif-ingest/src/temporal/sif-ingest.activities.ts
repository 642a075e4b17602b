import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Context } from '@temporalio/activity';
import { toActivityFailure } from '@sisbridge/activity-failures';
import { DataSource } from 'typeorm';
import type {
  ApplySifEventsInput,
  ApplySifEventsResult,
  DiffSnapshotsInput,
  DiffSnapshotsResult,
  IngestDistrictInput,
  IngestDistrictResult,
  IngestProgress,
  LatestSnapshotInput,
  LatestSnapshotResult,
  SifIngestActivities,
  WiringCheckInput,
  WiringCheckReceipt,
} from '@sisbridge/contracts';
import { recordWiringCheck } from '@sisbridge/persistence';
import { RosterDiffs, RosterSnapshots } from '@sisbridge/roster-store';
import { withHeartbeats } from '@sisbridge/temporal';
import { SifEventApplier } from '../events/apply-sif-events';
import { EventLedger } from '../events/event-ledger';
import { DistrictIngest, type IngestContext } from '../ingest/district-ingest';

/** The activities this service serves on its task queue; `asActivities()` is what the worker registers. */
@Injectable()
export class SifIngestActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly snapshots: RosterSnapshots,
    private readonly diffs: RosterDiffs,
    private readonly ingest: DistrictIngest,
    private readonly events: SifEventApplier,
    private readonly ledger: EventLedger,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('SifIngestActivities');
  }

  asActivities(): SifIngestActivities {
    return {
      sifIngestWiringCheck: (input) => this.wiringCheck(input),
      ingestDistrict: (input) => this.ingestDistrict(input),
      diffSnapshots: (input) => this.diffSnapshots(input),
      latestSnapshot: (input) => this.latestSnapshot(input),
      applySifEvents: (input) => this.applySifEvents(input),
      describeSifEvents: (input) => this.ledger.describe(input.districtId),
    };
  }

  private wiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt> {
    return recordWiringCheck(this.dataSource, 'sif-ingest', input);
  }

  private async ingestDistrict(input: IngestDistrictInput): Promise<IngestDistrictResult> {
    const resumedFrom = Context.current().info.heartbeatDetails as IngestProgress | undefined;
    if (resumedFrom) this.logger.info({ districtId: input.districtId, runId: input.runId, resumedFrom }, 'resuming ingest run');
    return this.withActivityContext((context) => this.ingest.ingest(input, context));
  }

  private async applySifEvents(input: ApplySifEventsInput): Promise<ApplySifEventsResult> {
    return this.withActivityContext((context) => this.events.apply(input, context));
  }

  /** Stored diffs are found again by their pair of snapshots, so a retried activity returns the same diff. */
  private async diffSnapshots(input: DiffSnapshotsInput): Promise<DiffSnapshotsResult> {
    const { diff } = await withHeartbeats(
      () => ({ phase: 'diff' }),
      () => this.diffs.compute(input.districtId, input.fromSnapshotId, input.toSnapshotId),
    );
    return { diffId: diff.id, counts: diff.counts };
  }

  private async latestSnapshot(input: LatestSnapshotInput): Promise<LatestSnapshotResult> {
    const snapshot = await this.snapshots.latestComplete(input.districtId, input.schoolYear);
    return snapshot ? { snapshotId: snapshot.id } : {};
  }

  /**
   * Heartbeats the latest progress at least every 5 s whatever the phase (a long snapshot write
   * included), so the heartbeat timeout only ever fires for a worker that is gone.
   */
  private async withActivityContext<T>(work: (context: IngestContext) => Promise<T>): Promise<T> {
    const activity = Context.current();
    let latest: unknown = activity.info.heartbeatDetails;
    const beat = setInterval(() => activity.heartbeat(latest), 5_000);
    try {
      return await work({
        progress: (details) => {
          latest = details;
          activity.heartbeat(details);
        },
        signal: activity.cancellationSignal,
        log: (message, fields) => this.logger.info(fields ?? {}, message),
      });
    } catch (error) {
      throw toActivityFailure(error);
    } finally {
      clearInterval(beat);
    }
  }
}
