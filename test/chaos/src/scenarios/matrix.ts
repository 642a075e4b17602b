import { killCanvasProvisionerPoll, killCanvasProvisionerUpload, killPtpGradebook, killSifIngest, killWorkflowWorker } from './kills';
import { postgresPartition, postgresRestart, temporalPartition, temporalRestart } from './outages';
import type { Scenario } from './scenario';
import { simulatorFaults } from './simulator-faults';
import { zoneRequestError, zoneStopsAnswering, zoneSystemError } from './sif-zone-faults';

/** The fault matrix, in the order `npm run chaos` runs it (after the fault-free reference). */
export const SCENARIOS: readonly Scenario[] = [
  simulatorFaults,
  killSifIngest,
  killCanvasProvisionerUpload,
  killCanvasProvisionerPoll,
  killPtpGradebook,
  killWorkflowWorker,
  temporalRestart,
  postgresRestart,
  postgresPartition,
  temporalPartition,
  zoneStopsAnswering,
  zoneSystemError,
  zoneRequestError,
];
