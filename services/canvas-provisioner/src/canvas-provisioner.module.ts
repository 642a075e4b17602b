import { Module, type DynamicModule } from '@nestjs/common';
import { TaskQueues } from '@sisbridge/contracts';
import { ServiceKitModule, TemporalWorkerModule } from '@sisbridge/service-kit';
import type { CanvasProvisionerConfig } from './canvas-provisioner.config';
import { canvasProvisionerPersistence } from './persistence/canvas-provisioner.persistence';
import { CanvasProvisionerActivitiesService } from './temporal/canvas-provisioner.activities';

@Module({})
export class CanvasProvisionerModule {
  static create(config: CanvasProvisionerConfig): DynamicModule {
    return {
      module: CanvasProvisionerModule,
      imports: [
        ServiceKitModule.forService({ service: 'canvas-provisioner', config, ...canvasProvisionerPersistence }),
        TemporalWorkerModule.register({
          settings: { taskQueue: TaskQueues.canvasProvisioner },
          providers: [CanvasProvisionerActivitiesService],
          activities: { inject: [CanvasProvisionerActivitiesService], useFactory: (service: CanvasProvisionerActivitiesService) => service.asActivities() },
        }),
      ],
    };
  }
}
