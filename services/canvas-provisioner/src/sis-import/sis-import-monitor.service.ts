import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { DistrictCanvasClients, type SisImport, TERMINAL_SIS_IMPORT_STATES } from '@sisbridge/canvas-client';
import type { AwaitSisImportResult } from '@sisbridge/contracts';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import type { CanvasProvisionerConfig } from '../canvas-provisioner.config';
import { ProvisioningStore, type ImportMessage } from '../provisioning/provisioning-store';

const APPLIED_STATES = new Set(['imported', 'imported_with_messages']);

/**
 * Waits for Canvas to finish an import, heartbeating its state and progress (so Temporal UI shows
 * it, and a dead worker is noticed within the heartbeat timeout), then stores every warning and
 * error row with its file and row number.
 */
@Injectable()
export class SisImportMonitorService {
  constructor(
    private readonly canvas: DistrictCanvasClients,
    private readonly store: ProvisioningStore,
    @Inject(SERVICE_CONFIG) private readonly config: CanvasProvisionerConfig,
  ) {}

  async await(input: { runId: string; districtId: string; canvasImportId: number }): Promise<AwaitSisImportResult> {
    const client = this.canvas.forDistrict(input.districtId);
    const context = Context.current();
    let current: SisImport;
    for (;;) {
      current = await client.sisImports.get(input.canvasImportId);
      context.heartbeat({ state: current.workflow_state, progress: current.progress });
      if (TERMINAL_SIS_IMPORT_STATES.has(current.workflow_state)) break;
      await context.sleep(this.config.CANVAS_POLL_INTERVAL_MS);
    }
    const messages = await this.messagesOf(input.districtId, current);
    await this.store.saveImportResult(
      { runId: input.runId, districtId: input.districtId, canvasImportId: current.id },
      current.workflow_state,
      current.data?.counts,
      messages,
    );
    return {
      state: current.workflow_state,
      applied: APPLIED_STATES.has(current.workflow_state),
      warnings: messages.filter((m) => m.severity === 'warning').length,
      errors: messages.filter((m) => m.severity === 'error').length,
    };
  }

  /**
   * Canvas's error rows (with row numbers) are sorted into errors and warnings by the import's own
   * `processing_errors`; messages only in the import object are kept too.
   */
  private async messagesOf(districtId: string, sisImport: SisImport): Promise<ImportMessage[]> {
    const client = this.canvas.forDistrict(districtId);
    const errorKeys = new Set((sisImport.processing_errors ?? []).map(([file, message]) => `${file}\u0000${message}`));
    const messages: ImportMessage[] = [];
    const seen = new Set<string>();
    for await (const row of client.sisImports.errors(sisImport.id)) {
      const key = `${row.file}\u0000${row.message}`;
      seen.add(key);
      messages.push({
        severity: errorKeys.has(key) ? 'error' : 'warning',
        file: row.file,
        row: row.row ?? undefined,
        message: row.message,
      });
    }
    for (const [severity, pairs] of [
      ['error', sisImport.processing_errors ?? []],
      ['warning', sisImport.processing_warnings ?? []],
    ] as const) {
      for (const [file, message] of pairs) {
        if (!seen.has(`${file}\u0000${message}`)) messages.push({ severity, file, message });
      }
    }
    return messages;
  }
}
