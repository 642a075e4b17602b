import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inPgTransaction } from '@sisbridge/persistence';
import type { SifErrorInfo } from '@sisbridge/sif-codec';

export type RequestStatus = 'sending' | 'sent' | 'complete' | 'failed' | 'superseded';

/** One SIF_Request of a run and how far its response has come. */
export interface SifRequestRecord {
  msgId: string;
  runId: string;
  objectName: string;
  attempt: number;
  status: RequestStatus;
  /** The number of the packet that said SIF_MorePackets=No, once it has come. */
  lastPacket?: number;
  packetsReceived: number;
  objectsReceived: number;
  error?: SifErrorInfo;
  /** When the request was sent or its latest packet stored: a request without progress for missingPacketTimeoutSeconds is asked again. */
  progressAt: Date;
}

interface RequestRow {
  msg_id: string;
  run_id: string;
  object_name: string;
  attempt: number;
  status: RequestStatus;
  last_packet: number | null;
  packets_received: number;
  objects_received: number;
  error_category: number | null;
  error_code: number | null;
  error_description: string | null;
  progress_at: Date;
}

/**
 * `sif_ingest.sif_request`: every SIF_Request a run sends is recorded *before* it is sent (as
 * `sending`), so a worker that dies between recording and sending leaves a trace; the resumed
 * run supersedes such a request and sends a new one. A superseded request's objects and
 * rejections go with it, and its late packets are acked and dropped.
 */
@Injectable()
export class SifRequests {
  constructor(private readonly dataSource: DataSource) {}

  /** The current (not superseded) request of each object of the run. */
  async current(runId: string): Promise<Map<string, SifRequestRecord>> {
    const rows: RequestRow[] = await this.dataSource.query(
      `SELECT * FROM sif_ingest.sif_request WHERE run_id = $1 AND status <> 'superseded' ORDER BY attempt`,
      [runId],
    );
    return new Map(rows.map((row) => [row.object_name, toRecord(row)]));
  }

  async recordSending(runId: string, objectName: string, attempt: number, msgId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sif_ingest.sif_request (msg_id, run_id, object_name, attempt, status) VALUES ($1, $2, $3, $4, 'sending')`,
      [msgId, runId, objectName, attempt],
    );
  }

  async markSent(msgId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sif_ingest.sif_request SET status = 'sent', progress_at = now() WHERE msg_id = $1 AND status = 'sending'`,
      [msgId],
    );
  }

  /** Gives up on a request (missing packets, a lost send): its objects and rejections are deleted with it. */
  async supersede(msgId: string): Promise<void> {
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query(`UPDATE sif_ingest.sif_request SET status = 'superseded' WHERE msg_id = $1`, [msgId]);
      // Found by run and kind (the index), then by request: an object's rows are those of its run's current request.
      await client.query(
        `DELETE FROM sif_ingest.sif_object o USING sif_ingest.sif_request r
          WHERE r.msg_id = $1 AND o.run_id = r.run_id AND o.object_name = r.object_name AND o.request_msg_id = $1`,
        [msgId],
      );
      await client.query(`DELETE FROM sif_ingest.rejected_object WHERE request_msg_id = $1`, [msgId]);
    });
  }

  /** Totals for progress reports. */
  async totals(runId: string): Promise<{ packets: number; objects: number; rejected: number }> {
    const rows: Array<{ packets: string | null; objects: string | null; rejected: string | null }> = await this.dataSource.query(
      `SELECT (SELECT sum(packets_received) FROM sif_ingest.sif_request WHERE run_id = $1 AND status <> 'superseded') AS packets,
              (SELECT sum(objects_received) FROM sif_ingest.sif_request WHERE run_id = $1 AND status <> 'superseded') AS objects,
              (SELECT count(*) FROM sif_ingest.rejected_object WHERE run_id = $1) AS rejected`,
      [runId],
    );
    return { packets: Number(rows[0]?.packets ?? 0), objects: Number(rows[0]?.objects ?? 0), rejected: Number(rows[0]?.rejected ?? 0) };
  }
}

export function toRecord(row: RequestRow): SifRequestRecord {
  const record: SifRequestRecord = {
    msgId: row.msg_id,
    runId: row.run_id,
    objectName: row.object_name,
    attempt: row.attempt,
    status: row.status,
    packetsReceived: row.packets_received,
    objectsReceived: row.objects_received,
    progressAt: row.progress_at,
  };
  if (row.last_packet !== null) record.lastPacket = row.last_packet;
  if (row.error_category !== null && row.error_code !== null) {
    record.error = { category: row.error_category, code: row.error_code, description: row.error_description ?? '' };
  }
  return record;
}

export type { RequestRow };
