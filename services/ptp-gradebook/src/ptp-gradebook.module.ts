import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@sisbridge/service-kit';
import { CanvasClientsModule } from './canvas/canvas-clients.module';
import { LtiToolModule } from './canvas-entry/lti/lti-tool.module';
import { PassbackApiModule } from './canvas-entry/passback-api/passback-api.module';
import { RateLimitsModule } from './canvas-entry/rate-limits/rate-limits.module';
import { ptpGradebookPersistence } from './persistence/ptp-gradebook.persistence';
import type { PtpGradebookConfig } from './ptp-gradebook.config';
import { PtpGradebookWorkerModule } from './temporal/ptp-gradebook-worker.module';

@Module({})
export class PtpGradebookModule {
  static create(config: PtpGradebookConfig): DynamicModule {
    return {
      module: PtpGradebookModule,
      imports: [
        ServiceKitModule.forService({ service: 'ptp-gradebook', config, ...ptpGradebookPersistence }),
        CanvasClientsModule,
        PtpGradebookWorkerModule.register(config),
        // Canvas's way in: the passback API, and the LTI "Sync Grades" tool with the teacher's page, under rate limits.
        RateLimitsModule,
        PassbackApiModule,
        LtiToolModule,
      ],
    };
  }
}
