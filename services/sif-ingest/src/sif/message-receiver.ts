import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { DataSource, QueryRunner } from 'typeorm';
import { inPgTransaction } from '@sisbridge/persistence';
import { COPY_CHUNK_CHARACTERS, copyRows, copyTextRow, type Cell } from '@sisbridge/roster-store';
import {
  validateRecord,
  type PartialMessageIds,
  type SifEventMessage,
  type SifMessage,
  type SifResponseMessage,
} from '@sisbridge/sif-codec';
import type { ReceivedObject } from './read-sif-message';

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

const OBJECT_COLUMNS = ['run_id', 'object_name', 'ref_id', 'request_msg_id', 'packet_number', 'position', 'data'];

interface Accepted {
  objectName: string;
  refId: string;
  data: string;
}

interface Rejected {
  objectName: string;
  refId: string | null;
  problem: string;
}

/** The request a packet answers, locked: packets of one request are stored one at a time. */
async function lockRequest(client: PoolClient, requestMsgId: string): Promise<LockedRequest | undefined> {
  const found = await client.query<LockedRequest>(
    `SELECT r.run_id, r.object_name, r.status, r.last_packet, run.district_id
       FROM sif_ingest.sif_request r JOIN sif_ingest.ingest_run run ON run.id = r.run_id
      WHERE r.msg_id = $1 FOR UPDATE OF r`,
    [requestMsgId],
  );
  return found.rows[0];
}

/** Why no response to this request is taken, if none is. */
function whyIgnored(request: LockedRequest | undefined, districtId: string): string | undefined {
  if (!request || request.district_id !== districtId)
    return 'a response to a request this agent does not know (an earlier run, or another agent)';
  if (request.status !== 'sent' && request.status !== 'sending') return `a response to a request that is ${request.status}`;
  return undefined;
}

/** Why this packet of the request is not stored (checked after a SIF_Error, which fails the request whatever its number). */
function afterLastPacket(request: LockedRequest, packetNumber: number): string | undefined {
  return request.last_packet !== null && packetNumber > request.last_packet
    ? `packet ${packetNumber} comes after the last packet ${request.last_packet}`
    : undefined;
}

/** An object to store (as JSON), or why it is rejected: its reading's problems, another object than requested, a mandatory element missing. */
function checkObject(object: ReceivedObject, requestObjectName: string): Accepted | Rejected {
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
function objectRow(
  runId: string,
  response: Pick<SifResponseMessage, 'requestMsgId' | 'packetNumber'>,
  position: number,
  object: Accepted,
): Cell[] {
  return [runId, object.objectName, object.refId, response.requestMsgId, response.packetNumber, position, object.data];
}

/** The mark "(request, packet) received"; 'duplicate' when it was there already. */
async function recordPacket(
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

function duplicateOutcome(response: SifResponseMessage): ReceiveOutcome {
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
async function completeRequest(
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

async function storeRejections(
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

/**
 * One response packet stored while it is read: the transaction opens as soon as the packet's
 * header is known (the request locked, the packet checked against what is stored), and each
 * object, once parsed and checked, goes to COPY, so Postgres inserts while the agent parses the
 * rest. Nothing is committed before `finish`, after the whole message is read; `abort` (a body
 * cut off, a message that turns out unreadable) rolls it back. Only the common case is handled
 * here: a packet to ignore, a duplicate or a response carrying a SIF_Error is handed back
 * (`finish` returns undefined, nothing stored) to `receivePacket`, whose decisions about those
 * do not depend on the objects.
 */
export class PacketWriter {
  private readonly opened: Promise<void>;
  private runner?: QueryRunner;
  private client?: PoolClient;
  private failure?: unknown;
  private state: 'opening' | 'storing' | 'handing-back' = 'opening';
  private request?: LockedRequest;
  private waiting: ReceivedObject[] = [];
  private copy?: CopyStreamQuery;
  private copied?: Promise<void>;
  private chunk = '';
  private accepted = 0;
  private readonly rejected: Rejected[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly districtId: string,
    private readonly requestMsgId: string,
    private readonly packetNumber: number,
  ) {
    this.opened = this.open().catch((error: unknown) => {
      this.failure = error;
    });
  }

  /** One object of the packet, as soon as it is read. */
  add(object: ReceivedObject): void {
    if (this.state === 'opening') this.waiting.push(object);
    else if (this.state === 'storing') this.store(object);
  }

  /**
   * Completes the packet once its message is read whole: the rest of the COPY, its rejections,
   * its mark and its request's progress, then COMMIT. Undefined, with nothing stored, when the
   * packet is for `receivePacket` to decide.
   */
  async finish(response: SifResponseMessage): Promise<ReceiveOutcome | undefined> {
    await this.opened;
    try {
      if (this.failure) throw this.failure;
      if (response.requestMsgId !== this.requestMsgId || response.packetNumber !== this.packetNumber) {
        throw new Error(
          `the SIF_Response read as packet ${response.packetNumber} of ${response.requestMsgId} began as packet ${this.packetNumber} of ${this.requestMsgId}`,
        );
      }
      const client = this.client;
      const request = this.request;
      if (this.state !== 'storing' || !client || !request || response.error) {
        await this.close('ROLLBACK');
        return undefined;
      }
      await this.endCopy();
      await storeRejections(client, this.districtId, request.run_id, response, this.rejected);
      if ((await recordPacket(client, response, this.accepted, this.rejected.length)) === 'duplicate') {
        await this.close('ROLLBACK');
        return undefined;
      }
      const outcome = await completeRequest(client, request, response, this.accepted, this.rejected.length);
      await this.close('COMMIT');
      return outcome;
    } catch (error) {
      await this.abortCopy();
      await this.close('ROLLBACK');
      throw error;
    }
  }

  /** Rolls back whatever was stored (the message could not be read to its end). */
  async abort(): Promise<void> {
    await this.opened;
    await this.abortCopy();
    await this.close('ROLLBACK');
  }

  private async open(): Promise<void> {
    this.runner = this.dataSource.createQueryRunner();
    const client = (await this.runner.connect()) as PoolClient;
    this.client = client;
    await client.query('BEGIN');
    const request = await lockRequest(client, this.requestMsgId);
    const stored = await client.query('SELECT 1 FROM sif_ingest.sif_packet WHERE request_msg_id = $1 AND packet_number = $2', [
      this.requestMsgId,
      this.packetNumber,
    ]);
    if (!request || whyIgnored(request, this.districtId) || afterLastPacket(request, this.packetNumber) || stored.rowCount !== 0) {
      // Nothing to store: the lock is let go at once, and the objects are dropped as they come.
      this.state = 'handing-back';
      this.waiting = [];
      await this.close('ROLLBACK');
      return;
    }
    this.request = request;
    const copy = client.query(copyFrom(`COPY sif_ingest.sif_object (${OBJECT_COLUMNS.join(', ')}) FROM STDIN`));
    this.copy = copy;
    this.copied = new Promise<void>((resolve, reject) => {
      copy.once('finish', resolve);
      // Every error, not just the first, must have a listener (a write after a failure emits one more).
      copy.on('error', reject);
      copy.once('close', resolve);
    });
    // A failed COPY is seen when finish or abort waits for it; until then it is only recorded.
    this.copied.catch(() => undefined);
    this.state = 'storing';
    for (const object of this.waiting) this.store(object);
    this.waiting = [];
  }

  private store(object: ReceivedObject): void {
    const request = this.request;
    if (!request) return;
    const checked = checkObject(object, request.object_name);
    if (!('data' in checked)) {
      this.rejected.push(checked);
      return;
    }
    this.chunk += copyTextRow(
      objectRow(request.run_id, { requestMsgId: this.requestMsgId, packetNumber: this.packetNumber }, this.accepted++, checked),
    );
    if (this.chunk.length >= COPY_CHUNK_CHARACTERS) this.flush();
  }

  private flush(): void {
    if (this.chunk === '' || !this.copy || this.copy.destroyed) return;
    this.copy.write(this.chunk);
    this.chunk = '';
  }

  private async endCopy(): Promise<void> {
    this.flush();
    this.copy?.end();
    await this.copied;
  }

  /** Stops a COPY still open (its CopyFail makes Postgres abandon it); the rollback then undoes the rest. */
  private async abortCopy(): Promise<void> {
    if (this.copy && !this.copy.writableFinished) this.copy.destroy();
    await this.copied?.catch(() => undefined);
  }

  private async close(end: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const runner = this.runner;
    const client = this.client;
    if (!runner) return;
    this.runner = undefined;
    this.client = undefined;
    try {
      if (end === 'COMMIT') await client?.query('COMMIT');
      else await client?.query('ROLLBACK').catch(() => undefined);
    } finally {
      await runner.release();
    }
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
