import type { ComponentName } from '@sisbridge/local-infra';
import type { HttpGate } from '../infrastructure/http-gate';
import { canvasPoll, canvasUpload, holdAt, nth, ptpScoreWrite, sifPacket } from './moments';
import type { FaultContext, Scenario } from './scenario';

/** Where in the night a process is killed: the gate and the answer it holds at that moment. */
interface KillPoint {
  moment: string;
  gate: (context: FaultContext) => HttpGate;
  match: Parameters<typeof holdAt>[2];
}

const midIngest = (packet: number): KillPoint => ({
  moment: `mid-ingest (packet ${packet} handed out, not yet stored)`,
  gate: ({ world }) => world.gates.sif,
  match: nth(packet, sifPacket),
});
const midUpload = (): KillPoint => ({
  moment: 'mid-upload (Canvas has the import, the answer is not back)',
  gate: ({ world }) => world.gates.canvas,
  match: canvasUpload,
});
const midPoll = (): KillPoint => ({
  moment: 'mid-poll (Canvas still importing)',
  gate: ({ world }) => world.gates.canvas,
  match: nth(2, canvasPoll),
});
const midScoreWrite = (batch: number): KillPoint => ({
  moment: `mid-score-write (PTP saved batch ${batch}, the answer is not back)`,
  gate: ({ world }) => world.gates.ptp,
  match: nth(batch, ptpScoreWrite),
});

/**
 * `kill -9` of one process at each of its moments, one after another, each followed by the
 * restart an orchestrator makes. When the killed process is the one waiting for the held answer,
 * the answer is dropped with it; otherwise (the workflow worker) it is delivered once the
 * process is back.
 */
function killAt(name: ComponentName, points: () => KillPoint[]): (context: FaultContext) => Promise<void> {
  return async (context) => {
    // Made afresh for each run: the `nth` matchers count.
    for (const point of points()) {
      const held = await holdAt(context, point.gate(context), point.match, point.moment);
      if (!held) continue;
      const down = await context.world.system.kill(name);
      context.log.note(`kill -9 ${name} ${point.moment}`, down);
      if (name === 'workflow-worker') held.release();
      else held.drop();
    }
  };
}

export const killSifIngest: Scenario = {
  name: 'kill -9 sif-ingest mid-ingest (x2)',
  slug: 'kill-sif-ingest',
  timeLimitMs: 12 * 60_000,
  inject: killAt('sif-ingest', () => [midIngest(3), midIngest(8)]),
};

/**
 * The upload and the poll of one night's SIS import are two scenarios: a night sends one import,
 * which Canvas has finished long before a killed provisioner is back, so a second kill in the same
 * night would find no import still running to poll.
 */
export const killCanvasProvisionerUpload: Scenario = {
  name: 'kill -9 canvas-provisioner mid-upload',
  slug: 'kill-canvas-provisioner-upload',
  timeLimitMs: 12 * 60_000,
  inject: killAt('canvas-provisioner', () => [midUpload()]),
};

export const killCanvasProvisionerPoll: Scenario = {
  name: 'kill -9 canvas-provisioner mid-poll',
  slug: 'kill-canvas-provisioner-poll',
  timeLimitMs: 12 * 60_000,
  inject: killAt('canvas-provisioner', () => [midPoll()]),
};

export const killPtpGradebook: Scenario = {
  name: 'kill -9 ptp-gradebook mid-score-write (x2)',
  slug: 'kill-ptp-gradebook',
  timeLimitMs: 12 * 60_000,
  inject: killAt('ptp-gradebook', () => [midScoreWrite(3), midScoreWrite(10)]),
};

export const killWorkflowWorker: Scenario = {
  name: 'kill -9 workflow-worker mid-ingest, -upload, -poll, -score-write',
  slug: 'kill-workflow-worker',
  timeLimitMs: 12 * 60_000,
  // The import must still be running once the worker killed mid-upload is back, for the mid-poll kill to find it.
  world: { canvasProcessingTimeMs: 60_000 },
  inject: killAt('workflow-worker', () => [midIngest(5), midUpload(), midPoll(), midScoreWrite(10)]),
};
