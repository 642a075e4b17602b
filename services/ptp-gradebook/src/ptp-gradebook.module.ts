import { HttpModule } from '@nestjs/axios';
import { Module, type DynamicModule } from '@nestjs/common';
import { TaskQueues } from '@sisbridge/contracts';
import { ServiceKitModule, TemporalWorkerModule } from '@sisbridge/service-kit';
import type { PtpGradebookConfig } from './ptp-gradebook.config';
import { ptpGradebookPersistence } from './persistence/ptp-gradebook.persistence';
import { PtpGradebookActivitiesService } from './temporal/ptp-gradebook.activities';
import { PASSBACK_PROVIDERS } from './passback/passback.providers';
import { PassbackApiModule } from './http/passback-api.module';
import { LtiToolModule } from './lti/lti-tool.module';
import { NightlyPassbackActivitiesService } from './nightly/nightly-passback.activities';
import { NightlyPlans } from './nightly/nightly-plans';
import { CanvasClientsModule } from './canvas/canvas-clients.module';

@Module({})
export class PtpGradebookModule {
  static create(config: PtpGradebookConfig): DynamicModule {
    return {
      module: PtpGradebookModule,
      imports: [
        ServiceKitModule.forService({ service: 'ptp-gradebook', config, ...ptpGradebookPersistence }),
        CanvasClientsModule,
        TemporalWorkerModule.register({
          settings: { taskQueue: TaskQueues.ptpGradebook, maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES },
          imports: [HttpModule.register({ timeout: 120_000, maxRedirects: 0 })],
          providers: [PtpGradebookActivitiesService, ...PASSBACK_PROVIDERS, NightlyPlans, NightlyPassbackActivitiesService],
          activities: {
            inject: [PtpGradebookActivitiesService, NightlyPassbackActivitiesService],
            useFactory: (service: PtpGradebookActivitiesService, nightly: NightlyPassbackActivitiesService) => ({
              ...service.asActivities(),
              ...nightly.asActivities(),
            }),
          },
        }),
        // Canvas's way in: the passback API and the LTI "Sync Grades" tool with the teacher's page.
        PassbackApiModule,
        LtiToolModule,
      ],
    };
  }
}
