/**
 * What storing a received packet is made of, shared by the receiver (a pushed message, read whole)
 * and the packet writer (a pulled one, stored while it is read): the outcome, the request locked,
 * the checks of each object, the rows and the bookkeeping. Below both, so neither imports the other.
 */
import type { PoolClient } from 'pg';
import { copyRows, type Cell } from '@sisbridge/roster-store';
import { validateRecord, type ObjectReading, type SifResponseMessage } from '@sisbridge/sif-codec';
/** One data object of a message, read into a record (or into the problems that keep it out). */
export interface ReceivedObject {
  reading: ObjectReading;
  /** Events only: the SIF_EventObject's @ObjectName and @Action. */
  event?: { objectName: string; action: string };
  position: number;
}

export type ReceiveOutcome =
  | {
      kind: 'packet';
      requestMsgId: string;
      packetNumber: number;
      objects: number;
      rejected: number;
      duplicate: boolean;
      requestComplete: boolean;
    }
  | { kind: 'request-error'; requestMsgId: string }
  | { kind: 'events'; stored: number; duplicate: boolean }
  | { kind: 'ignored'; reason: string };

export interface LockedRequest {
  run_id: string;
  object_name: string;
  status: string;
  last_packet: number | null;
  district_id: string;
}

export const OBJECT_COLUMNS = ['run_id', 'object_name', 'ref_id', 'request_msg_id', 'packet_number', 'position', 'data'];

export interface Accepted {
  objectName: string;
  refId: string;
  data: string;
}

export interface Rejected {
  objectName: string;
  refId: string | null;
  problem: string;
}

/** The request a packet answers, locked: packets of one request are stored one at a time. */
export async function lockRequest(client: PoolClient, requestMsgId: string): Promise<LockedRequest | undefined> {
  const found = await client.query<LockedRequest>(
    `SELECT r.run_id, r.object_name, r.status, r.last_packet, run.district_id
       FROM sif_ingest.sif_request r JOIN sif_ingest.ingest_run run ON run.id = r.run_id
      WHERE r.msg_id = $1 FOR UPDATE OF r`,
    [requestMsgId],
  );
  return found.rows[0];
}

/** Why no response to this request is taken, if none is. */
export function whyIgnored(request: LockedRequest | undefined, districtId: string): string | undefined {
  if (!request || request.district_id !== districtId)
    return 'a response to a request this agent does not know (an earlier run, or another agent)';
  if (request.status !== 'sent' && request.status !== 'sending') return `a response to a request that is ${request.status}`;
  return undefined;
}

/** Why this packet of the request is not stored (checked after a SIF_Error, which fails the request whatever its number). */
export function afterLastPacket(request: LockedRequest, packetNumber: number): string | undefined {
  return request.last_packet !== null && packetNumber > request.last_packet
    ? `packet ${packetNumber} comes after the last packet ${request.last_packet}`
    : undefined;
}

/** An object to store (as JSON), or why it is rejected: its reading's problems, another object than requested, a mandatory element missing. */
export function checkObject(object: ReceivedObject, requestObjectName: string): Accepted | Rejected {
  const problems = [...object.reading.problems];
  const record = object.reading.record;
  if (record && problems.length === 0) {
    if (record.objectName !== requestObjectName)
      problems.push(`${record.objectName} came in a response to the request for ${requestObjectName}`);
    else problems.push(...validateRecord(record));
  }
  if (record && problems.length === 0) return { objectName: record.objectName, refId: record.refId, data: JSON.stringify(record) };
  return { objectName: object.reading.objectName, refId: object.reading.refId ?? null, problem: problems.join('; ') };
}

/** A `sif_object` row; `position` counts the packet's stored objects. */
export function objectRow(
  runId: string,
  response: Pick<SifResponseMessage, 'requestMsgId' | 'packetNumber'>,
  position: number,
  object: Accepted,
): Cell[] {
  return [runId, object.objectName, object.refId, response.requestMsgId, response.packetNumber, position, object.data];
}

/** The mark "(request, packet) received"; 'duplicate' when it was there already. */
export async function recordPacket(
  client: PoolClient,
  response: SifResponseMessage,
  accepted: number,
  rejected: number,
): Promise<'recorded' | 'duplicate'> {
  const inserted = await client.query(
    `INSERT INTO sif_ingest.sif_packet (request_msg_id, packet_number, response_msg_id, more_packets, objects, rejected)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING packet_number`,
    [response.requestMsgId, response.packetNumber, response.header.msgId, response.morePackets, accepted, rejected],
  );
  return inserted.rowCount === 0 ? 'duplicate' : 'recorded';
}

export function duplicateOutcome(response: SifResponseMessage): ReceiveOutcome {
  return {
    kind: 'packet',
    requestMsgId: response.requestMsgId,
    packetNumber: response.packetNumber,
    objects: 0,
    rejected: 0,
    duplicate: true,
    requestComplete: false,
  };
}

/** Counts the packet into its request, which is complete once every packet up to the last has come. */
export async function completeRequest(
  client: PoolClient,
  request: LockedRequest,
  response: SifResponseMessage,
  accepted: number,
  rejected: number,
): Promise<ReceiveOutcome> {
  const lastPacket = response.morePackets ? request.last_packet : (request.last_packet ?? response.packetNumber);
  const updated = await client.query<{ status: string }>(
    `UPDATE sif_ingest.sif_request r
        SET last_packet = $2::integer,
            packets_received = (SELECT count(*) FROM sif_ingest.sif_packet p WHERE p.request_msg_id = r.msg_id AND ($2::integer IS NULL OR p.packet_number <= $2::integer)),
            objects_received = objects_received + $3,
            progress_at = now()
      WHERE msg_id = $1
    RETURNING CASE WHEN last_packet IS NOT NULL AND packets_received = last_packet THEN 'complete' ELSE status END AS status`,
    [response.requestMsgId, lastPacket, accepted],
  );
  const complete = updated.rows[0]?.status === 'complete';
  if (complete)
    await client.query(`UPDATE sif_ingest.sif_request SET status = 'complete', completed_at = now() WHERE msg_id = $1`, [
      response.requestMsgId,
    ]);
  return {
    kind: 'packet',
    requestMsgId: response.requestMsgId,
    packetNumber: response.packetNumber,
    objects: accepted,
    rejected,
    duplicate: false,
    requestComplete: complete,
  };
}

export async function storeRejections(
  client: PoolClient,
  districtId: string,
  runId: string,
  response: SifResponseMessage,
  rejected: readonly Rejected[],
): Promise<void> {
  if (rejected.length === 0) return;
  await copyRows(
    client,
    'sif_ingest.rejected_object',
    ['district_id', 'run_id', 'stage', 'object_name', 'ref_id', 'problem', 'request_msg_id', 'packet_number'],
    rejected.map((r) => [districtId, runId, 'receive', r.objectName, r.refId, r.problem, response.requestMsgId, response.packetNumber]),
  );
}
