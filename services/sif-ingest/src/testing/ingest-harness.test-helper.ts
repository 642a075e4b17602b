import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { IngestProgress } from '@sisbridge/contracts';
import { DistrictRegistry, type DistrictConfig } from '@sisbridge/district-config';
import { createServiceDataSource, runMigrations } from '@sisbridge/persistence';
import { ROSTER_KINDS, type RosterEntity } from '@sisbridge/roster';
import { RosterSnapshots } from '@sisbridge/roster-store';
import { SifEventApplier } from '../events/apply-sif-events';
import { EventLedger } from '../events/event-ledger';
import { SifEvents } from '../events/sif-events';
import { CurrentObjects } from '../objects/current-objects';
import { DistrictIngest, type IngestContext } from '../ingest/district-ingest';
import { IngestRuns } from '../ingest/ingest-runs';
import type { IngestOptions } from '../ingest/ingest-options';
import { RunSnapshotBuilder } from '../ingest/run-snapshot-builder';
import { SifRequests } from '../ingest/sif-requests';
import { SifMessageReceiver } from '../sif/message-receiver';
import { sifIngestPersistence } from '../persistence/sif-ingest.persistence';

/** A migrated data source on a test database. */
export async function openTestDataSource(url: string): Promise<DataSource> {
  const dataSource = createServiceDataSource({ url, ...sifIngestPersistence, applicationName: 'sif-ingest-test' });
  await runMigrations(dataSource);
  await dataSource.initialize();
  return dataSource;
}

export function quietContext(
  signal: AbortSignal = new AbortController().signal,
  onProgress?: (progress: IngestProgress) => void,
): IngestContext {
  return { progress: (progress) => onProgress?.(progress), signal, log: () => undefined };
}

/** The ingest and the event applier as the module wires them, on a test database. */
export function sifIngestFor(dataSource: DataSource, districts: DistrictConfig[], options: IngestOptions = {}) {
  const registry = new DistrictRegistry(districts);
  const snapshots = new RosterSnapshots(dataSource);
  const runs = new IngestRuns(dataSource);
  const receiver = new SifMessageReceiver(dataSource);
  const builder = new RunSnapshotBuilder(dataSource, snapshots);
  const sifEvents = new SifEvents(dataSource);
  const ingest = new DistrictIngest(
    dataSource,
    registry,
    snapshots,
    runs,
    new SifRequests(dataSource),
    receiver,
    builder,
    sifEvents,
    options,
  );
  const objects = new CurrentObjects(dataSource);
  const events = new SifEventApplier(dataSource, registry, runs, receiver, snapshots, objects, sifEvents, ingest, options);
  return { ingest, events, snapshots, runs, objects, ledger: new EventLedger(dataSource) };
}

export function ingestFor(dataSource: DataSource, districts: DistrictConfig[], now: Date): DistrictIngest {
  return sifIngestFor(dataSource, districts, { now: () => now, lockWaitMs: 5_000 }).ingest;
}

export function eventApplierFor(dataSource: DataSource, districts: DistrictConfig[], now: Date): SifEventApplier {
  return sifIngestFor(dataSource, districts, { now: () => now, lockWaitMs: 5_000 }).events;
}

/** A snapshot's entities, kind by kind in sis id order. */
export async function snapshotEntities(dataSource: DataSource, snapshotId: string): Promise<RosterEntity[]> {
  const snapshots = new RosterSnapshots(dataSource);
  const entities: RosterEntity[] = [];
  for (const kind of ROSTER_KINDS) for await (const entity of snapshots.stream(snapshotId, kind)) entities.push(entity);
  return entities;
}

export function byKindAndSisId(entities: readonly RosterEntity[]): RosterEntity[] {
  const order = (entity: RosterEntity) => ROSTER_KINDS.indexOf(entity.kind);
  return [...entities].sort((a, b) => order(a) - order(b) || (a.sisId < b.sisId ? -1 : a.sisId > b.sisId ? 1 : 0));
}

export function newRunId(): string {
  return randomUUID();
}
