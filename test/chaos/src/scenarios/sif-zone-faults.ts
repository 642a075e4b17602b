import { setTimeout as sleep } from 'node:timers/promises';
import type { GateRequest } from '../infrastructure/http-gate';
import { holdAt, nth, sifPacket } from './moments';
import type { Scenario } from './scenario';

/** The first packet of a response (its whole answer, when it becomes an error). */
const firstPacket = (request: GateRequest, status: number, body: string) =>
  sifPacket(request, status, body) && /<SIF_PacketNumber>1<\/SIF_PacketNumber>/.test(body);

/**
 * The zone's answer to a SIF_GetMessage, with the SIF_Response inside it made a SIF_Error
 * (category/code) in place of its objects: what PowerSchool sends when it cannot answer a request.
 */
export function responseAsSifError(body: string, category: number, code: number, description: string): string {
  return body
    .replace(
      /<SIF_ObjectData>[\s\S]*<\/SIF_ObjectData>|<SIF_ObjectData\s*\/>/,
      `<SIF_Error><SIF_Category>${category}</SIF_Category><SIF_Code>${code}</SIF_Code><SIF_Desc>${description}</SIF_Desc></SIF_Error>`,
    )
    .replace(/<SIF_MorePackets>Yes<\/SIF_MorePackets>/, '<SIF_MorePackets>No</SIF_MorePackets>');
}

export const zoneStopsAnswering: Scenario = {
  name: 'SIF zone stops answering mid-pull for 90 s',
  slug: 'zone-silent',
  timeLimitMs: 12 * 60_000,
  inject: async (context) => {
    const { world, log } = context;
    const held = await holdAt(context, world.gates.sif, nth(5, sifPacket), 'zone silent mid-pull');
    if (!held) return;
    const started = Date.now();
    // The packet handed out is never delivered: the agent's request hangs, like every one after it.
    world.gates.sif.stopAnswering();
    held.drop();
    await sleep(90_000);
    world.gates.sif.answerAgain();
    log.note('the zone stopped answering mid-pull (a packet lost on the way) for 90 s', Date.now() - started);
  },
};

/** A system error (11/1) in one response: the zone lost the request; sisbridge asks again within the run. */
export const zoneSystemError: Scenario = {
  name: 'SIF zone answers SIF_Error 11/1 (system) to a request',
  slug: 'zone-error-system',
  timeLimitMs: 12 * 60_000,
  inject: async (context) => {
    const { world, log } = context;
    let done = false;
    const moment = nth(4, firstPacket);
    world.gates.sif.rewriteAnswers((request, status, body) => {
      if (done || !moment(request, status, body)) return undefined;
      done = true;
      log.note('the 4th response answered SIF_Error 11/1 "Database unavailable"');
      return responseAsSifError(body, 11, 1, 'Database unavailable');
    });
  },
};

/**
 * A request error (8/1) in one response: the feed cannot be had tonight. The run must fail (no
 * snapshot, nothing sent to Canvas); the next run, with the zone answering again, must apply.
 */
export const zoneRequestError: Scenario = {
  name: 'SIF zone answers SIF_Error 8/1 (request) to a request: run fails, rerun',
  slug: 'zone-error-request',
  timeLimitMs: 12 * 60_000,
  inject: async (context) => {
    const { world, log } = context;
    let done = false;
    const moment = nth(4, firstPacket);
    world.gates.sif.rewriteAnswers((request, status, body) => {
      if (done || !moment(request, status, body)) return undefined;
      done = true;
      log.note('the 4th response answered SIF_Error 8/1 "Unable to process the request"');
      return responseAsSifError(body, 8, 1, 'Unable to process the request');
    });
  },
  beforeRerun: async (world) => world.gates.sif.rewriteAnswers(undefined),
};
