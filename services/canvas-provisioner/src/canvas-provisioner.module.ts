import { HttpModule } from '@nestjs/axios';
import { Module, type DynamicModule } from '@nestjs/common';
import { TaskQueues, type CanvasProvisionerActivities } from '@sisbridge/contracts';
import { ROSTER_STORE_PROVIDERS, ServiceKitModule, TemporalClientModule, TemporalWorkerModule } from '@sisbridge/service-kit';
import { AssignmentGroupSyncService } from './assignment-groups/assignment-group-sync.service';
import { CategoryGroupLinks } from './assignment-groups/category-group-links';
import { canvasClientsProvider } from './canvas/canvas-clients';
import type { CanvasProvisionerConfig } from './canvas-provisioner.config';
import { canvasProvisionerPersistence } from './persistence/canvas-provisioner.persistence';
import { ProvisioningStore } from './provisioning/provisioning-store';
import { SnapshotIndexLoader } from './sis-import/snapshot-index.loader';
import { SisImportBuilderService } from './sis-import/sis-import-builder.service';
import { SisImportMonitorService } from './sis-import/sis-import-monitor.service';
import { SisImportRestorerService } from './sis-import/sis-import-restorer.service';
import { SisImportUploaderService } from './sis-import/sis-import-uploader.service';
import { UploadedImportFinder } from './sis-import/uploaded-import-finder';
import { CanvasProvisionerActivitiesService } from './temporal/canvas-provisioner.activities';
import { DistrictSyncActivities } from './temporal/district-sync.activities';

@Module({})
export class CanvasProvisionerModule {
  static create(config: CanvasProvisionerConfig): DynamicModule {
    return {
      module: CanvasProvisionerModule,
      imports: [
        ServiceKitModule.forService({ service: 'canvas-provisioner', config, ...canvasProvisionerPersistence }),
        TemporalWorkerModule.register({
          settings: {
            taskQueue: TaskQueues.canvasProvisioner,
            maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
            maxTaskQueueActivitiesPerSecond: config.WORKER_MAX_ACTIVITIES_PER_SECOND,
          },
          imports: [HttpModule.register({ timeout: 120_000, maxRedirects: 0 }), TemporalClientModule],
          providers: [
            ...ROSTER_STORE_PROVIDERS,
            canvasClientsProvider,
            ProvisioningStore,
            SnapshotIndexLoader,
            SisImportBuilderService,
            UploadedImportFinder,
            SisImportUploaderService,
            SisImportMonitorService,
            SisImportRestorerService,
            CategoryGroupLinks,
            AssignmentGroupSyncService,
            DistrictSyncActivities,
            CanvasProvisionerActivitiesService,
          ],
          activities: {
            inject: [CanvasProvisionerActivitiesService, DistrictSyncActivities],
            useFactory: (
              service: CanvasProvisionerActivitiesService,
              districtSync: DistrictSyncActivities,
            ): CanvasProvisionerActivities => ({
              ...service.asActivities(),
              ...districtSync.asActivities(),
            }),
          },
        }),
      ],
    };
  }
}
