/**
 * Task queues: one per service (its activities), and one for workflow code.
 *
 * A workflow reaches a service only through `proxyActivities({ taskQueue })` with one of these
 * names, so that each service can be scaled, rate-limited and deployed on its own.
 */
export const TaskQueues = {
  orchestration: 'orchestration',
  sifIngest: 'sif-ingest',
  canvasProvisioner: 'canvas-provisioner',
  ptpGradebook: 'ptp-gradebook',
} as const;

export type TaskQueue = (typeof TaskQueues)[keyof typeof TaskQueues];
