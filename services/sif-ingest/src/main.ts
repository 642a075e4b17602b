import { bootstrapService } from '@sisbridge/service-kit';
import { loadSifIngestConfig } from './sif-ingest.config';
import { SifIngestModule } from './sif-ingest.module';

void bootstrapService({
  service: 'sif-ingest',
  description: 'Pulls rosters from the PowerSchool SIF 2.x zone of each district and keeps roster snapshots in Postgres.',
  version: '0.1.0',
  loadConfig: loadSifIngestConfig,
  createModule: (config) => SifIngestModule.create(config),
});
