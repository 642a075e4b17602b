import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TaskQueues } from '@sisbridge/contracts';
import { DistrictRegistry } from '@sisbridge/district-config';
import { PinoLogger } from 'nestjs-pino';
import { MetricsRegistry, ServiceKitModule, TemporalClientModule, TemporalWorkerModule } from '@sisbridge/service-kit';
import type { SifIngestConfig } from './sif-ingest.config';
import { INGEST_PROVIDERS } from './sif-ingest.providers';
import { registerIngestPhaseMetrics } from './observability/ingest-phase-metrics';
import { sifIngestPersistence } from './persistence/sif-ingest.persistence';
import { SifPushController } from './push/sif-push.controller';
import { DistrictSyncNotifier } from './push/district-sync-notifier';
import { PushAuthenticator } from './push/push-authenticator';
import { PushRefusalLimit } from './push/push-refusal-limit';
import { SifPushHandler } from './push/sif-push-handler';
import { SifIngestActivitiesService } from './temporal/sif-ingest.activities';

/** Puts the ingest's phase histogram on the service's `/metrics`. */
const INGEST_METRICS = {
  provide: 'IngestPhaseMetrics',
  inject: [MetricsRegistry],
  useFactory: (metrics: MetricsRegistry) => registerIngestPhaseMetrics(metrics.registry),
};

@Module({})
export class SifIngestModule {
  static create(config: SifIngestConfig): DynamicModule {
    const registry = new DistrictRegistry(config.districts);
    return {
      module: SifIngestModule,
      imports: [
        ServiceKitModule.forService({ service: 'sif-ingest', config, ...sifIngestPersistence }),
        TemporalClientModule,
        TemporalWorkerModule.register({
          // An ingest holds a district's reference maps in memory: a few at a time per pod.
          settings: { taskQueue: TaskQueues.sifIngest, maxConcurrentActivities: 4 },
          providers: [{ provide: DistrictRegistry, useValue: registry }, ...INGEST_PROVIDERS, SifIngestActivitiesService],
          activities: { inject: [SifIngestActivitiesService], useFactory: (service: SifIngestActivitiesService) => service.asActivities() },
        }),
      ],
      controllers: [SifPushController],
      providers: [
        INGEST_METRICS,
        { provide: DistrictRegistry, useValue: registry },
        {
          provide: PushAuthenticator,
          useFactory: () => {
            const authenticator = new PushAuthenticator(registry);
            // A push district without its secret fails start-up, naming the variable.
            authenticator.assertSecrets();
            return authenticator;
          },
        },
        DistrictSyncNotifier,
        PushRefusalLimit,
        {
          provide: SifPushHandler,
          inject: [DataSource, PushAuthenticator, DistrictSyncNotifier, MetricsRegistry, PinoLogger],
          useFactory: (
            dataSource: DataSource,
            authenticator: PushAuthenticator,
            notifier: DistrictSyncNotifier,
            metrics: MetricsRegistry,
            logger: PinoLogger,
          ) => {
            logger.setContext('SifPush');
            return new SifPushHandler(dataSource, authenticator, notifier, metrics, {
              refused: (fields) => logger.warn(fields, 'SIF push refused: nothing stored'),
            });
          },
        },
      ],
    };
  }
}
