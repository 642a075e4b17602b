import { Module, type DynamicModule } from '@nestjs/common';
import { TaskQueues } from '@sisbridge/contracts';
import { ServiceKitModule, TemporalWorkerModule } from '@sisbridge/service-kit';
import type { SifIngestConfig } from './sif-ingest.config';
import { sifIngestPersistence } from './persistence/sif-ingest.persistence';
import { SifIngestActivitiesService } from './temporal/sif-ingest.activities';

@Module({})
export class SifIngestModule {
  static create(config: SifIngestConfig): DynamicModule {
    return {
      module: SifIngestModule,
      imports: [
        ServiceKitModule.forService({ service: 'sif-ingest', config, ...sifIngestPersistence }),
        TemporalWorkerModule.register({
          settings: { taskQueue: TaskQueues.sifIngest },
          providers: [SifIngestActivitiesService],
          activities: { inject: [SifIngestActivitiesService], useFactory: (service: SifIngestActivitiesService) => service.asActivities() },
        }),
      ],
    };
  }
}
