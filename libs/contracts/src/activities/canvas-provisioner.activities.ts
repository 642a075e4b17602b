import type { WiringCheckInput, WiringCheckReceipt } from './wiring-check';

/** Activities served by canvas-provisioner on the `canvas-provisioner` task queue. */
export interface CanvasProvisionerActivities {
  canvasProvisionerWiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt>;
}
