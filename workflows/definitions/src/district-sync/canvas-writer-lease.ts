import { condition, getExternalWorkflowHandle, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  canvasWriterGrantedSignal,
  districtSyncWorkflowId,
  releaseCanvasWriterSignal,
  TaskQueues,
  type CanvasProvisionerActivities,
} from '@sisbridge/contracts';

const lease = proxyActivities<CanvasProvisionerActivities>({
  taskQueue: TaskQueues.canvasProvisioner,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
});

/**
 * The provisioning side of the district's Canvas writer lease (see the district sync workflow):
 * ask for it, wait until it is granted, give it back when done. A run started by the district
 * sync itself (an intra-day import) already writes under its parent's lease.
 */
export class CanvasWriterLease {
  private granted = false;
  private held = false;

  constructor(private readonly districtId: string) {
    setHandler(canvasWriterGrantedSignal, () => {
      this.granted = true;
    });
  }

  /**
   * Asks and waits. `waiting` is called once if the lease is not granted at once (another run
   * holds the district's Canvas). Patched: runs that started before the lease existed replay as
   * they ran. Returns false for a run that needs no lease (an intra-day child, or an old run).
   */
  async acquire(purpose: string, waiting: () => void): Promise<boolean> {
    const info = workflowInfo();
    const syncId = districtSyncWorkflowId(this.districtId);
    if (info.parent?.workflowId === syncId) return false;
    if (!patched('canvas-writer-lease')) return false;
    await lease.requestCanvasWriter({
      districtId: this.districtId,
      request: { workflowId: info.workflowId, runId: info.runId, purpose },
    });
    this.held = true;
    if (!this.granted) {
      waiting();
      await condition(() => this.granted);
    }
    return true;
  }

  /** Gives the lease back; never fails the run (the district sync also notices a run that closed). */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    const info = workflowInfo();
    try {
      await getExternalWorkflowHandle(districtSyncWorkflowId(this.districtId)).signal(releaseCanvasWriterSignal, {
        workflowId: info.workflowId,
        runId: info.runId,
      });
    } catch {
      // The district sync is gone (terminated by an operator): nothing holds a lease to give back.
    }
  }
}
