import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { classified } from '@sisbridge/activity-failures';
import {
  acquireCanvasWriterSignal,
  DISTRICT_SYNC_WORKFLOW,
  districtSyncStartOptions,
  type CanvasWriterRequest,
  type DistrictSyncLeaseActivities,
  type IntradaySettings,
} from '@sisbridge/contracts';
import { DistrictRegistry } from '@sisbridge/district-config';

/** How often a watched workflow is described while it runs (each look is one cheap Temporal call). */
const WATCH_INTERVAL_MS = 10_000;

/**
 * The activities behind the district sync workflow's Canvas writer lease: its settings, asking it
 * for the lease (starting it when it does not run yet), and watching a run that holds the lease.
 */
@Injectable()
export class DistrictSyncActivities {
  constructor(
    @Inject(Client) private readonly client: Client,
    private readonly districts: DistrictRegistry,
  ) {}

  asActivities(): DistrictSyncLeaseActivities {
    return {
      intradaySettings: ({ districtId }) => classified(async () => this.intradaySettings(districtId)),
      requestCanvasWriter: ({ districtId, request }) => classified(() => this.requestCanvasWriter(districtId, request)),
      awaitWorkflowClosed: ({ workflowId, runId }) => this.awaitWorkflowClosed(workflowId, runId),
    };
  }

  intradaySettings(districtId: string): IntradaySettings {
    const district = this.districts.get(districtId);
    const intraday = district.schedules.intraday;
    return {
      enabled: intraday.enabled,
      windowSeconds: intraday.windowSeconds,
      drainSeconds: intraday.drainSeconds,
      mode: district.sif.mode,
    };
  }

  /** Signal-with-start: the district sync starts with the request when it is not running. */
  async requestCanvasWriter(districtId: string, request: CanvasWriterRequest): Promise<void> {
    this.districts.get(districtId);
    await this.client.workflow.signalWithStart(DISTRICT_SYNC_WORKFLOW, {
      ...districtSyncStartOptions(districtId),
      signal: acquireCanvasWriterSignal,
      signalArgs: [request],
    });
  }

  /** Returns once the run has closed (completed, failed, cancelled, terminated, timed out, continued as new). */
  async awaitWorkflowClosed(workflowId: string, runId: string): Promise<{ status: string }> {
    const context = Context.current();
    for (;;) {
      try {
        const description = await this.client.workflow.getHandle(workflowId, runId).describe();
        if (description.status.name !== 'RUNNING') return { status: description.status.name };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return { status: 'NOT_FOUND' };
        throw error;
      }
      context.heartbeat();
      await context.sleep(WATCH_INTERVAL_MS);
    }
  }
}
