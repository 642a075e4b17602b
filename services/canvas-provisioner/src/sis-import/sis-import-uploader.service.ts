import { Injectable } from '@nestjs/common';
import { DistrictCanvasClients } from '@sisbridge/canvas-client';
import { ProvisioningStore } from '../provisioning/provisioning-store';
import { UploadedImportFinder } from './uploaded-import-finder';

/**
 * Uploads a build to Canvas exactly once. Before posting, the attempt is recorded; if a worker
 * dies between Canvas accepting the file and the id being stored, the retry finds the import in
 * Canvas by the build id in its file names instead of uploading a second time.
 */
@Injectable()
export class SisImportUploaderService {
  constructor(
    private readonly canvas: DistrictCanvasClients,
    private readonly store: ProvisioningStore,
    private readonly finder: UploadedImportFinder,
  ) {}

  async upload(input: { runId: string; districtId: string; buildId: string }): Promise<{ canvasImportId: number }> {
    const build = await this.store.build(input.buildId);
    if (!build) throw new Error(`build ${input.buildId} does not exist`);
    if (build.dryRun) throw new Error(`build ${input.buildId} is a dry run and is never uploaded`);
    const attempt = await this.store.beginUpload(build.id, input.runId, input.districtId);
    if (attempt.canvasImportId !== undefined) return { canvasImportId: attempt.canvasImportId };

    const client = this.canvas.forDistrict(input.districtId);
    const earlier = await this.finder.find(input.districtId, build.id, attempt.uploadStartedAt);
    const created = earlier ?? (await client.sisImports.create(build.zip, { filename: build.fileName }));
    await this.store.setUploaded(build.id, created.id, created.workflow_state);
    return { canvasImportId: created.id };
  }
}
