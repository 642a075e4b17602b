import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RosterDiffs, RosterSnapshots } from '@sisbridge/roster-store';
import { SifEventApplier } from './events/apply-sif-events';
import { EventLedger } from './events/event-ledger';
import { SifEvents } from './events/sif-events';
import { DistrictIngest } from './ingest/district-ingest';
import { IngestRuns } from './ingest/ingest-runs';
import { RunSnapshotBuilder } from './ingest/run-snapshot-builder';
import { SifRequests } from './ingest/sif-requests';
import { CurrentObjects } from './objects/current-objects';
import { SifMessageReceiver } from './sif/message-receiver';

/** The roster store's classes, for any module that has the DataSource. */
export const ROSTER_STORE_PROVIDERS: Provider[] = [
  { provide: RosterSnapshots, inject: [DataSource], useFactory: (dataSource: DataSource) => new RosterSnapshots(dataSource) },
  {
    provide: RosterDiffs,
    inject: [DataSource, RosterSnapshots],
    useFactory: (dataSource: DataSource, snapshots: RosterSnapshots) => new RosterDiffs(dataSource, snapshots),
  },
];

/** Everything the ingest and the event applier need, injected (the district registry and DataSource come from the service kit). */
export const INGEST_PROVIDERS: Provider[] = [
  ...ROSTER_STORE_PROVIDERS,
  { provide: SifMessageReceiver, inject: [DataSource], useFactory: (dataSource: DataSource) => new SifMessageReceiver(dataSource) },
  IngestRuns,
  SifRequests,
  RunSnapshotBuilder,
  CurrentObjects,
  SifEvents,
  EventLedger,
  DistrictIngest,
  SifEventApplier,
];
