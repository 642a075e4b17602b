import type { GateRequest, HeldAnswer, HttpGate } from '../infrastructure/http-gate';
import type { FaultContext } from './scenario';

type Match = (request: GateRequest, status: number, body: string) => boolean;

/** The zone handing out a packet of a SIF_Response to SIF_GetMessage: the agent is mid-pull. */
export const sifPacket: Match = (request, status, body) =>
  status === 200 && request.body.includes('SIF_GetMessage') && body.includes('SIF_Response');

/** Canvas answering the upload of a SIS import: it has the import, the provisioner has not heard. */
export const canvasUpload: Match = (request, status) => request.method === 'POST' && /\/sis_imports$/.test(request.path) && status === 200;

/** Canvas answering a poll of an import still running. */
export const canvasPoll: Match = (request, status, body) =>
  request.method === 'GET' &&
  /\/sis_imports\/\d+$/.test(request.path) &&
  status === 200 &&
  /"workflow_state":"(created|importing)"/.test(body);

/** PTP answering a batch of scores it saved. */
export const ptpScoreWrite: Match = (request, status) => request.method === 'PUT' && request.path === '/ws/xte/score' && status === 200;

/** The `nth` answer from now that `match` accepts. */
export function nth(n: number, match: Match): Match {
  let seen = 0;
  return (request, status, body) => match(request, status, body) && ++seen === n;
}

/**
 * Waits for a moment on the wire and holds that answer (the target acted, the caller waits), so
 * the fault lands exactly there; undefined, noted as missed, if the night ended first.
 */
export async function holdAt(context: FaultContext, gate: HttpGate, match: Match, moment: string): Promise<HeldAnswer | undefined> {
  const held = await gate.holdNext(match, context.signal);
  if (!held) context.log.missed.push(moment);
  return held;
}
