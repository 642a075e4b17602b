import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, QueryRunner } from 'typeorm';
import { IngestError } from '../failures/ingest-error';

/**
 * One ingest at a time per district, across pods: a Postgres advisory lock held on a connection
 * of its own for the length of the run. A worker that dies takes its connection, and so the
 * lock, with it; a retried activity on another pod waits for it a little, then retries later.
 */
export class DistrictLock {
  private constructor(private readonly runner: QueryRunner) {}

  static async acquire(dataSource: DataSource, districtId: string, waitMs: number, signal?: AbortSignal): Promise<DistrictLock> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    const deadline = Date.now() + waitMs;
    try {
      for (;;) {
        const rows: Array<{ locked: boolean }> = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [
          `sisbridge-sif-ingest:${districtId}`,
        ]);
        if (rows[0]?.locked) return new DistrictLock(runner);
        if (Date.now() > deadline)
          throw new IngestError(
            'transient',
            `district ${districtId}: another ingest of this district is running (waited ${Math.round(waitMs / 1000)} s)`,
          );
        await sleep(500, undefined, { signal });
      }
    } catch (error) {
      await runner.release();
      throw error;
    }
  }

  async release(): Promise<void> {
    try {
      await this.runner.query(`SELECT pg_advisory_unlock_all()`);
    } finally {
      await this.runner.release();
    }
  }
}
