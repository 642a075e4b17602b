import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RosterDiffs, RosterSnapshots } from '@sisbridge/roster-store';

/**
 * The published roster's readers and writers (`@sisbridge/roster-store`), injected like every other
 * class of a service: sif-ingest writes snapshots and diffs, canvas-provisioner reads them. They
 * need only the service's DataSource.
 */
export const ROSTER_STORE_PROVIDERS: Provider[] = [
  { provide: RosterSnapshots, inject: [DataSource], useFactory: (dataSource: DataSource) => new RosterSnapshots(dataSource) },
  {
    provide: RosterDiffs,
    inject: [DataSource, RosterSnapshots],
    useFactory: (dataSource: DataSource, snapshots: RosterSnapshots) => new RosterDiffs(dataSource, snapshots),
  },
];
