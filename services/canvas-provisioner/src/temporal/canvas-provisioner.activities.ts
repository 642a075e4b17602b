import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { classified } from '@sisbridge/activity-failures';
import type {
  CanvasProvisionerActivities,
  DiffCountsSummary,
  DistrictSyncLeaseActivities,
  WiringCheckInput,
  WiringCheckReceipt,
} from '@sisbridge/contracts';
import { DistrictRegistry, schoolYearFor } from '@sisbridge/district-config';
import { recordWiringCheck } from '@sisbridge/persistence';
import { RosterDiffs, RosterSnapshots } from '@sisbridge/roster-store';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import { withHeartbeats } from '@sisbridge/temporal';
import { AssignmentGroupSyncService } from '../assignment-groups/assignment-group-sync.service';
import type { CanvasProvisionerConfig } from '../canvas-provisioner.config';
import { evaluateDeleteGuard } from '../provisioning/delete-guard';
import { ProvisioningStore } from '../provisioning/provisioning-store';
import { SisImportBuilderService } from '../sis-import/sis-import-builder.service';
import { SisImportMonitorService } from '../sis-import/sis-import-monitor.service';
import { SisImportRestorerService } from '../sis-import/sis-import-restorer.service';
import { SisImportUploaderService } from '../sis-import/sis-import-uploader.service';

/** The activities this service serves on its task queue; `asActivities()` is what the worker registers. */
@Injectable()
export class CanvasProvisionerActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly districts: DistrictRegistry,
    private readonly store: ProvisioningStore,
    private readonly builder: SisImportBuilderService,
    private readonly uploader: SisImportUploaderService,
    private readonly monitor: SisImportMonitorService,
    private readonly restorer: SisImportRestorerService,
    @Inject(SERVICE_CONFIG) private readonly config: CanvasProvisionerConfig,
    private readonly assignmentGroups: AssignmentGroupSyncService,
    private readonly snapshots: RosterSnapshots,
    private readonly diffs: RosterDiffs,
  ) {}

  asActivities(): Omit<CanvasProvisionerActivities, keyof DistrictSyncLeaseActivities> {
    return {
      canvasProvisionerWiringCheck: (input) => this.wiringCheck(input),
      provisioningSettings: ({ districtId }) =>
        classified(async () => {
          const district = this.districts.get(districtId);
          return {
            schoolYear: schoolYearFor(district, new Date()),
            deleteThreshold: district.canvas.deleteThreshold,
            guardTimeoutHours: this.config.GUARD_TIMEOUT_HOURS,
            courseMode: district.canvas.courseMode,
          };
        }),
      lastAppliedSnapshot: ({ districtId, schoolYear }) =>
        classified(async () => ({ snapshotId: await this.store.lastAppliedSnapshot(districtId, schoolYear) })),
      evaluateDeleteGuard: ({ districtId, diffId }) =>
        classified(async () => {
          const diff = await this.diffs.get(diffId);
          if (!diff) throw new Error(`diff ${diffId} does not exist`);
          return evaluateDeleteGuard(diff.counts as DiffCountsSummary, this.districts.get(districtId).canvas.deleteThreshold);
        }),
      buildSisImport: (input) =>
        classified(() =>
          withHeartbeats(
            () => ({ step: 'build' }),
            () => this.builder.build(input),
          ),
        ),
      uploadSisImport: (input) =>
        classified(() =>
          withHeartbeats(
            () => ({ step: 'upload' }),
            () => this.uploader.upload(input),
          ),
        ),
      awaitSisImport: (input) => classified(() => this.monitor.await(input)),
      markSnapshotApplied: ({ runId, districtId, snapshotId, diffId }) =>
        classified(async () => {
          const snapshot = await this.snapshots.get(snapshotId);
          if (!snapshot) throw new Error(`snapshot ${snapshotId} does not exist`);
          await this.store.markApplied({ districtId, schoolYear: snapshot.schoolYear, snapshotId, diffId, runId });
        }),
      restoreRunImports: (input) => classified(() => this.restorer.restoreRun(input)),
      recordRunOutcome: (input) => this.store.recordRun(input),
      syncAssignmentGroups: (input) => classified(() => this.assignmentGroups.sync(input)),
    };
  }

  private wiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt> {
    return recordWiringCheck(this.dataSource, 'canvas-provisioner', input);
  }
}
