import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ROSTER_STORE_PROVIDERS } from '@sisbridge/service-kit';
import { SifEventApplier } from './events/apply-sif-events';
import { EventDelivery } from './events/event-delivery';
import { EventLedger } from './events/event-ledger';
import { SifEvents } from './events/sif-events';
import { DistrictIngest } from './ingest/district-ingest';
import { IngestRuns } from './ingest/ingest-runs';
import { RunSnapshotBuilder } from './ingest/run-snapshot-builder';
import { SifRequests } from './ingest/sif-requests';
import { CurrentObjects } from './objects/current-objects';
import { SifEventDrain } from './sif/event-drain';
import { SifMessageReceiver } from './sif/message-receiver';

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
  SifEventDrain,
  EventDelivery,
];
