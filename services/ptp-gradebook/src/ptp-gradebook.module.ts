import { Module, type DynamicModule } from '@nestjs/common';
import { TaskQueues } from '@sisbridge/contracts';
import { ServiceKitModule, TemporalWorkerModule } from '@sisbridge/service-kit';
import type { PtpGradebookConfig } from './ptp-gradebook.config';
import { ptpGradebookPersistence } from './persistence/ptp-gradebook.persistence';
import { PtpGradebookActivitiesService } from './temporal/ptp-gradebook.activities';

@Module({})
export class PtpGradebookModule {
  static create(config: PtpGradebookConfig): DynamicModule {
    return {
      module: PtpGradebookModule,
      imports: [
        ServiceKitModule.forService({ service: 'ptp-gradebook', config, ...ptpGradebookPersistence }),
        TemporalWorkerModule.register({
          settings: { taskQueue: TaskQueues.ptpGradebook },
          providers: [PtpGradebookActivitiesService],
          activities: { inject: [PtpGradebookActivitiesService], useFactory: (service: PtpGradebookActivitiesService) => service.asActivities() },
        }),
      ],
    };
  }
}
