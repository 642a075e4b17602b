import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { DistrictCanvasClients } from '@sisbridge/canvas-client';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import type { CanvasProvisionerConfig } from '../canvas-provisioner.config';
import { ProvisioningStore } from '../provisioning/provisioning-store';
import { UploadedImportFinder } from './uploaded-import-finder';

/**
 * Compensation for a failed run: Canvas's own `restore_states` on every import the run created
 * (those whose ids were stored, and any Canvas took from an upload that gave up before storing
 * its id), newest first, each followed to the end of its Progress. A restore already completed is not
 * asked again, so the activity can be retried safely.
 */
@Injectable()
export class SisImportRestorerService {
  constructor(
    private readonly canvas: DistrictCanvasClients,
    private readonly store: ProvisioningStore,
    private readonly finder: UploadedImportFinder,
    @Inject(SERVICE_CONFIG) private readonly config: CanvasProvisionerConfig,
  ) {}

  async restoreRun(input: { runId: string; districtId: string }) {
    const client = this.canvas.forDistrict(input.districtId);
    const context = Context.current();
    const restored: number[] = [];
    const failed: Array<{ canvasImportId: number; reason: string }> = [];
    // An upload whose import id was never stored (it gave up after Canvas took the file) is found in Canvas by its build id.
    for (const attempt of await this.store.importsOfRun(input.runId)) {
      if (attempt.canvasImportId !== undefined) continue;
      const found = await this.finder.find(input.districtId, attempt.buildId, attempt.uploadStartedAt);
      if (found) await this.store.setUploaded(attempt.buildId, found.id, found.workflow_state);
    }
    const imports = (await this.store.importsOfRun(input.runId)).filter((i) => i.canvasImportId !== undefined).reverse();
    for (const sisImport of imports) {
      const importId = sisImport.canvasImportId as number;
      if (sisImport.restoreState === 'completed') {
        restored.push(importId);
        continue;
      }
      let progress =
        sisImport.restoreProgressId !== undefined && sisImport.restoreState !== 'failed'
          ? await client.progress.get(sisImport.restoreProgressId)
          : await client.sisImports.restoreStates(importId);
      await this.store.saveRestore(input.runId, importId, progress.id, progress.workflow_state);
      while (progress.workflow_state === 'queued' || progress.workflow_state === 'running') {
        context.heartbeat({ canvasImportId: importId, completion: progress.completion });
        await context.sleep(this.config.CANVAS_POLL_INTERVAL_MS);
        progress = await client.progress.get(progress.id);
      }
      await this.store.saveRestore(input.runId, importId, progress.id, progress.workflow_state);
      if (progress.workflow_state === 'completed') restored.push(importId);
      else failed.push({ canvasImportId: importId, reason: progress.message ?? `restore ended ${progress.workflow_state}` });
    }
    return { restored, failed };
  }
}
