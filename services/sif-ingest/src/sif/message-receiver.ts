import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { inPgTransaction } from '@sisbridge/persistence';
import { copyRows } from '@sisbridge/roster-store';
import { validateRecord, type SifEventMessage, type SifMessage, type SifResponseMessage } from '@sisbridge/sif-codec';
import type { ReceivedObject } from './read-sif-message';

export type ReceiveOutcome =
  | { kind: 'packet'; requestMsgId: string; packetNumber: number; objects: number; rejected: number; duplicate: boolean; requestComplete: boolean }
  | { kind: 'request-error'; requestMsgId: string }
  | { kind: 'events'; stored: number; duplicate: boolean }
  | { kind: 'ignored'; reason: string };

interface LockedRequest {
  run_id: string;
  object_name: string;
  status: string;
  last_packet: number | null;
  district_id: string;
}

/**
 * The one idempotent receiver of pulled and pushed messages. A response packet's objects, its
 * rejections and the mark "(request, packet) received" are written in one transaction; only
 * then is the message acked. A packet seen before (a duplicated delivery, or a redelivery after
 * a crash between store and ack) finds its mark and is acked without being stored again.
 */
export class SifMessageReceiver {
  constructor(private readonly dataSource: DataSource) {}

  async receive(districtId: string, message: SifMessage, objects: readonly ReceivedObject[]): Promise<ReceiveOutcome> {
    if (message.type === 'SIF_Response') return this.receivePacket(districtId, message, objects);
    if (message.type === 'SIF_Event') return this.receiveEvents(districtId, message, objects);
    return { kind: 'ignored', reason: `a ${message.type === 'other' ? message.body : message.type} is not a message this agent handles` };
  }

  private receivePacket(districtId: string, response: SifResponseMessage, objects: readonly ReceivedObject[]): Promise<ReceiveOutcome> {
    return inPgTransaction(this.dataSource, async (client) => {
      const found = await client.query<LockedRequest>(
        `SELECT r.run_id, r.object_name, r.status, r.last_packet, run.district_id
           FROM sif_ingest.sif_request r JOIN sif_ingest.ingest_run run ON run.id = r.run_id
          WHERE r.msg_id = $1 FOR UPDATE OF r`,
        [response.requestMsgId],
      );
      const request = found.rows[0];
      if (!request || request.district_id !== districtId) return { kind: 'ignored', reason: 'a response to a request this agent does not know (an earlier run, or another agent)' };
      if (request.status !== 'sent' && request.status !== 'sending') return { kind: 'ignored', reason: `a response to a request that is ${request.status}` };
      if (response.error) {
        await client.query(
          `UPDATE sif_ingest.sif_request SET status = 'failed', error_category = $2, error_code = $3, error_description = $4, progress_at = now(), completed_at = now() WHERE msg_id = $1`,
          [response.requestMsgId, response.error.category, response.error.code, response.error.description.slice(0, 500)],
        );
        return { kind: 'request-error', requestMsgId: response.requestMsgId };
      }
      if (request.last_packet !== null && response.packetNumber > request.last_packet) {
        return { kind: 'ignored', reason: `packet ${response.packetNumber} comes after the last packet ${request.last_packet}` };
      }
      const accepted: Array<[string, string, string]> = [];
      const rejected: Array<[string, string | null, string]> = [];
      for (const object of objects) {
        const problems = [...object.reading.problems];
        const record = object.reading.record;
        if (record && problems.length === 0) {
          if (record.objectName !== request.object_name) problems.push(`${record.objectName} came in a response to the request for ${request.object_name}`);
          else problems.push(...validateRecord(record));
        }
        if (record && problems.length === 0) accepted.push([record.objectName, record.refId, JSON.stringify(record)]);
        else rejected.push([object.reading.objectName, object.reading.refId ?? null, problems.join('; ')]);
      }
      const inserted = await client.query(
        `INSERT INTO sif_ingest.sif_packet (request_msg_id, packet_number, response_msg_id, more_packets, objects, rejected)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING packet_number`,
        [response.requestMsgId, response.packetNumber, response.header.msgId, response.morePackets, accepted.length, rejected.length],
      );
      if (inserted.rowCount === 0) {
        return { kind: 'packet', requestMsgId: response.requestMsgId, packetNumber: response.packetNumber, objects: 0, rejected: 0, duplicate: true, requestComplete: false };
      }
      await storeObjects(client, request.run_id, response, accepted);
      await storeRejections(client, districtId, request.run_id, response, rejected);
      const lastPacket = response.morePackets ? request.last_packet : (request.last_packet ?? response.packetNumber);
      const updated = await client.query<{ status: string }>(
        `UPDATE sif_ingest.sif_request r
            SET last_packet = $2::integer,
                packets_received = (SELECT count(*) FROM sif_ingest.sif_packet p WHERE p.request_msg_id = r.msg_id AND ($2::integer IS NULL OR p.packet_number <= $2::integer)),
                objects_received = objects_received + $3,
                progress_at = now()
          WHERE msg_id = $1
        RETURNING CASE WHEN last_packet IS NOT NULL AND packets_received = last_packet THEN 'complete' ELSE status END AS status`,
        [response.requestMsgId, lastPacket, accepted.length],
      );
      const complete = updated.rows[0]?.status === 'complete';
      if (complete) await client.query(`UPDATE sif_ingest.sif_request SET status = 'complete', completed_at = now() WHERE msg_id = $1`, [response.requestMsgId]);
      return { kind: 'packet', requestMsgId: response.requestMsgId, packetNumber: response.packetNumber, objects: accepted.length, rejected: rejected.length, duplicate: false, requestComplete: complete };
    });
  }

  /**
   * Stores each object of a SIF_Event as received (applied later, in order, by applySifEvents).
   * An Add must be a whole object; a Change is partial by design (§1.12); a Delete needs only
   * its RefId, whatever else the publisher sends (§1.13: publishers differ).
   */
  private async receiveEvents(districtId: string, event: SifEventMessage, objects: readonly ReceivedObject[]): Promise<ReceiveOutcome> {
    if (objects.length === 0) return { kind: 'ignored', reason: 'a SIF_Event without objects' };
    const rows = objects.map((object) => {
      const action = object.event?.action ?? '';
      const problems = [...object.reading.problems];
      const record = object.reading.record;
      if (!['Add', 'Change', 'Delete'].includes(action)) problems.push(`SIF_EventObject/@Action must be Add, Change or Delete (got ${JSON.stringify(action.slice(0, 20))})`);
      else if (action === 'Add' && record && problems.length === 0) problems.push(...validateRecord(record));
      const problem = problems.length > 0 ? problems.join('; ') : null;
      return {
        position: object.position,
        objectName: object.reading.objectName,
        action,
        refId: object.reading.refId ?? null,
        data: problem === null && record ? JSON.stringify(record) : null,
        problem,
      };
    });
    const result = await this.dataSource.query(
      `INSERT INTO sif_ingest.sif_event (district_id, msg_id, position, object_name, action, ref_id, data, problem)
       SELECT $1, $2, * FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       ON CONFLICT DO NOTHING RETURNING seq`,
      [
        districtId,
        event.header.msgId,
        rows.map((r) => r.position),
        rows.map((r) => r.objectName),
        rows.map((r) => r.action),
        rows.map((r) => r.refId),
        rows.map((r) => r.data),
        rows.map((r) => r.problem),
      ],
    );
    const stored = (result as unknown[]).length;
    return { kind: 'events', stored, duplicate: stored === 0 };
  }
}

async function storeObjects(client: PoolClient, runId: string, response: SifResponseMessage, accepted: ReadonlyArray<[string, string, string]>): Promise<void> {
  if (accepted.length === 0) return;
  await copyRows(
    client,
    'sif_ingest.sif_object',
    ['run_id', 'object_name', 'ref_id', 'request_msg_id', 'packet_number', 'position', 'data'],
    accepted.map(([objectName, refId, data], position) => [runId, objectName, refId, response.requestMsgId, response.packetNumber, position, data]),
  );
}

async function storeRejections(
  client: PoolClient,
  districtId: string,
  runId: string,
  response: SifResponseMessage,
  rejected: ReadonlyArray<[string, string | null, string]>,
): Promise<void> {
  if (rejected.length === 0) return;
  await copyRows(
    client,
    'sif_ingest.rejected_object',
    ['district_id', 'run_id', 'stage', 'object_name', 'ref_id', 'problem', 'request_msg_id', 'packet_number'],
    rejected.map(([objectName, refId, problem]) => [districtId, runId, 'receive', objectName, refId, problem, response.requestMsgId, response.packetNumber]),
  );
}
