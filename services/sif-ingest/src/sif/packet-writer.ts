import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { DataSource, QueryRunner } from 'typeorm';
import { COPY_CHUNK_CHARACTERS, copyTextRow } from '@sisbridge/roster-store';
import type { SifResponseMessage } from '@sisbridge/sif-codec';
import {
  afterLastPacket,
  checkObject,
  completeRequest,
  lockRequest,
  OBJECT_COLUMNS,
  objectRow,
  recordPacket,
  storeRejections,
  whyIgnored,
  type LockedRequest,
  type ReceivedObject,
  type ReceiveOutcome,
  type Rejected,
} from './packet-storage';
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
