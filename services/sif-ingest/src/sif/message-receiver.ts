import type { DataSource } from 'typeorm';
import { inPgTransaction } from '@sisbridge/persistence';
import { copyRows, type Cell } from '@sisbridge/roster-store';
import {
  validateRecord,
  type PartialMessageIds,
  type SifEventMessage,
  type SifMessage,
  type SifResponseMessage,
} from '@sisbridge/sif-codec';
import {
  afterLastPacket,
  checkObject,
  completeRequest,
  duplicateOutcome,
  lockRequest,
  OBJECT_COLUMNS,
  objectRow,
  recordPacket,
  storeRejections,
  whyIgnored,
  type ReceivedObject,
  type ReceiveOutcome,
  type Rejected,
} from './packet-storage';
import { PacketWriter } from './packet-writer';
/**
 * The one idempotent receiver of pulled and pushed messages. A response packet's objects, its
 * rejections and the mark "(request, packet) received" are written in one transaction; only
 * then is the message acked. A packet seen before (a duplicated delivery, or a redelivery after
 * a crash between store and ack) finds its mark and is acked without being stored again.
 * Pulled packets are stored while they are read (`openPacket`), pushed ones once read whole.
 */
export class SifMessageReceiver {
  constructor(private readonly dataSource: DataSource) {}

  async receive(districtId: string, message: SifMessage, objects: readonly ReceivedObject[]): Promise<ReceiveOutcome> {
    if (message.type === 'SIF_Response') return this.receivePacket(districtId, message, objects);
    if (message.type === 'SIF_Event') return this.receiveEvents(districtId, message, objects);
    return { kind: 'ignored', reason: `a ${message.type === 'other' ? message.body : message.type} is not a message this agent handles` };
  }

  /**
   * Starts storing a response packet whose objects are still being read (pull mode): the
   * transaction opens and its objects go to Postgres with COPY as they are parsed, so that
   * Postgres works while the rest of the packet is read; `PacketWriter.finish` completes it once
   * the whole message is read. Undefined when the ids do not name a response packet.
   */
  openPacket(districtId: string, ids: PartialMessageIds): PacketWriter | undefined {
    if (!ids.requestMsgId || ids.packetNumber === undefined) return undefined;
    return new PacketWriter(this.dataSource, districtId, ids.requestMsgId, ids.packetNumber);
  }

  /** A packet read whole, or one a `PacketWriter` handed back (it handles only the common case). */
  receivePacket(districtId: string, response: SifResponseMessage, objects: readonly ReceivedObject[]): Promise<ReceiveOutcome> {
    return inPgTransaction(this.dataSource, async (client) => {
      const request = await lockRequest(client, response.requestMsgId);
      const ignored = whyIgnored(request, districtId);
      if (ignored || !request) return { kind: 'ignored', reason: ignored ?? 'a response to a request this agent does not know' };
      if (response.error) {
        await client.query(
          `UPDATE sif_ingest.sif_request SET status = 'failed', error_category = $2, error_code = $3, error_description = $4, progress_at = now(), completed_at = now() WHERE msg_id = $1`,
          [response.requestMsgId, response.error.category, response.error.code, response.error.description.slice(0, 500)],
        );
        return { kind: 'request-error', requestMsgId: response.requestMsgId };
      }
      const late = afterLastPacket(request, response.packetNumber);
      if (late) return { kind: 'ignored', reason: late };
      const accepted: Cell[][] = [];
      const rejected: Rejected[] = [];
      for (const object of objects) {
        const checked = checkObject(object, request.object_name);
        if ('data' in checked) accepted.push(objectRow(request.run_id, response, accepted.length, checked));
        else rejected.push(checked);
      }
      const packet = await recordPacket(client, response, accepted.length, rejected.length);
      if (packet === 'duplicate') return duplicateOutcome(response);
      if (accepted.length > 0) await copyRows(client, 'sif_ingest.sif_object', OBJECT_COLUMNS, accepted);
      await storeRejections(client, districtId, request.run_id, response, rejected);
      return completeRequest(client, request, response, accepted.length, rejected.length);
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
      if (!['Add', 'Change', 'Delete'].includes(action))
        problems.push(`SIF_EventObject/@Action must be Add, Change or Delete (got ${JSON.stringify(action.slice(0, 20))})`);
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
      `INSERT INTO sif_ingest.sif_event (district_id, msg_id, published_at, position, object_name, action, ref_id, data, problem)
       SELECT $1, $2, $9::timestamptz, * FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
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
        publishedAt(event.header.timestamp),
      ],
    );
    const stored = (result as unknown[]).length;
    return { kind: 'events', stored, duplicate: stored === 0 };
  }
}

/**
 * When PowerSchool published an event: its SIF_Timestamp when that carries a UTC offset (or Z).
 * [U] Zones differ; a timestamp without one cannot be placed in time, so none is kept and the
 * time it was stored stands in for it.
 */
export function publishedAt(timestamp: string | undefined): string | null {
  if (!timestamp || !/(Z|[+-]\d{2}:?\d{2})$/i.test(timestamp.trim())) return null;
  const time = Date.parse(timestamp.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
