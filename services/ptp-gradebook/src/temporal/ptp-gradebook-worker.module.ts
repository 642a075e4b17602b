import { Module, type DynamicModule } from '@nestjs/common';
import { TaskQueues } from '@sisbridge/contracts';
import { TemporalWorkerModule } from '@sisbridge/service-kit';
import { TeacherCategoriesReader } from '../categories/teacher-categories-reader';
import { PassbackModule } from '../passback/passback.module';
import type { PtpGradebookConfig } from '../ptp-gradebook.config';
import { NightlyPassbackActivitiesService } from './nightly-passback.activities';
import { PassbackActivitiesService } from './passback.activities';
import { PtpGradebookActivitiesService } from './ptp-gradebook.activities';

/** The worker on the `ptp-gradebook` task queue and the activities it serves. */
@Module({})
export class PtpGradebookWorkerModule {
  static register(config: PtpGradebookConfig): DynamicModule {
    return {
      module: PtpGradebookWorkerModule,
      imports: [
        TemporalWorkerModule.register({
          settings: { taskQueue: TaskQueues.ptpGradebook, maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES },
          imports: [PassbackModule],
          providers: [TeacherCategoriesReader, PassbackActivitiesService, NightlyPassbackActivitiesService, PtpGradebookActivitiesService],
          activities: {
            inject: [PtpGradebookActivitiesService, NightlyPassbackActivitiesService],
            useFactory: (service: PtpGradebookActivitiesService, nightly: NightlyPassbackActivitiesService) => ({
              ...service.asActivities(),
              ...nightly.asActivities(),
            }),
          },
        }),
      ],
    };
  }
}
