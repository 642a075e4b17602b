import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { DistrictCanvasClients, type SisImport, TERMINAL_SIS_IMPORT_STATES } from '@sisbridge/canvas-client';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import type { CanvasProvisionerConfig } from '../canvas-provisioner.config';

/**
 * Finds the import Canvas holds for a build, when the id Canvas gave it was never stored (a worker
 * died between Canvas accepting the file and the id being written, or the upload gave up after
 * Canvas had taken it): its attachments (the zip, or the CSVs Canvas extracted from it) carry the
 * build id in their names. An import created since the attempt whose files Canvas has not listed
 * yet might be the one: wait until it says, rather than guess.
 */
@Injectable()
export class UploadedImportFinder {
  constructor(
    private readonly canvas: DistrictCanvasClients,
    @Inject(SERVICE_CONFIG) private readonly config: CanvasProvisionerConfig,
  ) {}

  async find(districtId: string, buildId: string, since: Date): Promise<SisImport | undefined> {
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
