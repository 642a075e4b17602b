import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { DistrictCanvasClients, type SisImport, TERMINAL_SIS_IMPORT_STATES } from '@sisbridge/canvas-client';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import type { CanvasProvisionerConfig } from '../canvas-provisioner.config';
import { ProvisioningStore } from '../provisioning/provisioning-store';

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
    @Inject(SERVICE_CONFIG) private readonly config: CanvasProvisionerConfig,
  ) {}

  async upload(input: { runId: string; districtId: string; buildId: string }): Promise<{ canvasImportId: number }> {
    const build = await this.store.build(input.buildId);
    if (!build) throw new Error(`build ${input.buildId} does not exist`);
    if (build.dryRun) throw new Error(`build ${input.buildId} is a dry run and is never uploaded`);
    const attempt = await this.store.beginUpload(build.id, input.runId, input.districtId);
    if (attempt.canvasImportId !== undefined) return { canvasImportId: attempt.canvasImportId };

    const client = this.canvas.forDistrict(input.districtId);
    const earlier = await this.findEarlierUpload(input.districtId, build.id, attempt.uploadStartedAt);
    const created = earlier ?? (await client.sisImports.create(build.zip, { filename: build.fileName }));
    await this.store.setUploaded(build.id, created.id, created.workflow_state);
    return { canvasImportId: created.id };
  }

  /**
   * An import Canvas already holds for this build: its attachments (the zip, or the CSVs Canvas
   * extracted from it) carry the build id in their names. An import created since the attempt
   * whose files Canvas has not listed yet might be ours: wait until it says, rather than guess.
   */
  private async findEarlierUpload(districtId: string, buildId: string, since: Date): Promise<SisImport | undefined> {
    const client = this.canvas.forDistrict(districtId);
    // Allow for clock skew between this host and Canvas.
    const from = new Date(since.getTime() - 10 * 60_000);
    const deadline = Date.now() + this.config.CANVAS_UPLOAD_RECOGNITION_SECONDS * 1000;
    for (;;) {
      let undecided = 0;
      for await (const candidate of client.sisImports.list(from)) {
        const names = (candidate.csv_attachments ?? []).flatMap((file) => [file.filename ?? '', file.display_name ?? '']);
        if (names.some((name) => name.includes(buildId))) return candidate;
        if (names.length === 0 && !TERMINAL_SIS_IMPORT_STATES.has(candidate.workflow_state)) undecided++;
      }
      if (undecided === 0 || Date.now() > deadline) return undefined;
      Context.current().heartbeat({ waitingFor: 'Canvas to list the files of recent imports', imports: undecided });
      await Context.current().sleep(this.config.CANVAS_POLL_INTERVAL_MS);
    }
  }
}
