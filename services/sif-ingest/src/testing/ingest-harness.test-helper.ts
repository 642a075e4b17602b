import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { IngestProgress } from '@sisbridge/contracts';
import { DistrictRegistry, type DistrictConfig } from '@sisbridge/district-config';
import { createServiceDataSource, runMigrations } from '@sisbridge/persistence';
import { ROSTER_KINDS, type RosterEntity } from '@sisbridge/roster';
import { RosterSnapshots } from '@sisbridge/roster-store';
import { DistrictIngest, type IngestContext } from '../ingest/district-ingest';
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

export function ingestFor(dataSource: DataSource, districts: DistrictConfig[], now: Date): DistrictIngest {
  return new DistrictIngest(dataSource, new DistrictRegistry(districts), new RosterSnapshots(dataSource), {
    now: () => now,
    lockWaitMs: 5_000,
  });
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
