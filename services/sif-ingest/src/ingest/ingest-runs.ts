import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RosterCounts } from '@sisbridge/contracts';
import type { IngestErrorKind } from '../failures/ingest-error';

export type RunKind = 'full' | 'events';
export type RunStatus = 'running' | 'complete' | 'failed';
export type RunPhase = 'register' | 'request' | 'receive' | 'build' | 'complete' | 'failed';

/** One ingest run: a nightly full pull (`full`) or an application of SIF_Events (`events`). Its id is its snapshot's id. */
export interface IngestRun {
  id: string;
  districtId: string;
  kind: RunKind;
  schoolYear: number;
  /** The day the run judges exit dates against (YYYY-MM-DD, district time), fixed at its start so a resumed run decides the same. */
  asOf: string;
  status: RunStatus;
  phase: RunPhase;
  baseRunId?: string;
  previousSnapshotId?: string;
  /** Events with this `seq` or later are not reflected in this run's objects. */
  eventSeqFrom: number;
  counts: RosterCounts;
  rejected: number;
  eventsApplied: number;
  failureKind?: IngestErrorKind;
  failureReason?: string;
}

export interface NewRun {
  id: string;
  districtId: string;
  kind: RunKind;
  schoolYear: number;
  asOf: string;
  baseRunId?: string;
  previousSnapshotId?: string;
  eventSeqFrom: number;
}

interface RunRow {
  id: string;
  district_id: string;
  kind: RunKind;
  school_year: number;
  as_of: string;
  status: RunStatus;
  phase: RunPhase;
  base_run_id: string | null;
  previous_snapshot_id: string | null;
  event_seq_from: string;
  counts: RosterCounts;
  rejected: number;
  events_applied: number;
  failure_type: IngestErrorKind | null;
  failure_reason: string | null;
}

const COLUMNS = `id, district_id, kind, school_year, to_char(as_of, 'YYYY-MM-DD') AS as_of, status, phase, base_run_id, previous_snapshot_id,
  event_seq_from, counts, rejected, events_applied, failure_type, failure_reason`;

/** `sif_ingest.ingest_run`: created once per run id (a retried activity finds its own run). */
@Injectable()
export class IngestRuns {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the run, or returns the one already there with this id (its school year and as-of date win). */
  async start(run: NewRun): Promise<IngestRun> {
    await this.dataSource.query(
      `INSERT INTO sif_ingest.ingest_run (id, district_id, kind, school_year, as_of, status, phase, base_run_id, previous_snapshot_id, event_seq_from)
       VALUES ($1, $2, $3, $4, $5, 'running', 'register', $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [run.id, run.districtId, run.kind, run.schoolYear, run.asOf, run.baseRunId ?? null, run.previousSnapshotId ?? null, run.eventSeqFrom],
    );
    const existing = await this.get(run.id);
    if (!existing) throw new Error(`ingest run ${run.id} was written but cannot be read back`);
    if (existing.districtId !== run.districtId)
      throw new Error(`ingest run ${run.id} belongs to district ${existing.districtId}, not ${run.districtId}`);
    return existing;
  }

  async get(id: string): Promise<IngestRun | undefined> {
    const rows: RunRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM sif_ingest.ingest_run WHERE id = $1`, [id]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async setPhase(id: string, phase: RunPhase): Promise<void> {
    await this.dataSource.query(`UPDATE sif_ingest.ingest_run SET phase = $2 WHERE id = $1 AND status = 'running'`, [id, phase]);
  }

  async complete(
    id: string,
    result: { counts: RosterCounts; rejected: number; eventsApplied?: number; eventSeqFrom?: number },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE sif_ingest.ingest_run SET status = 'complete', phase = 'complete', counts = $2, rejected = $3, events_applied = $4,
              event_seq_from = coalesce($5, event_seq_from), completed_at = now()
        WHERE id = $1`,
      [id, JSON.stringify(result.counts), result.rejected, result.eventsApplied ?? 0, result.eventSeqFrom ?? null],
    );
  }

  async fail(id: string, kind: IngestErrorKind, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sif_ingest.ingest_run SET status = 'failed', phase = 'failed', failure_type = $2, failure_reason = $3, completed_at = now() WHERE id = $1 AND status = 'running'`,
      [id, kind, reason],
    );
  }

  /** The district's newest complete run of a school year (nightly or events): the one events apply to. */
  async latestComplete(districtId: string, schoolYear: number): Promise<IngestRun | undefined> {
    const rows: RunRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sif_ingest.ingest_run WHERE district_id = $1 AND school_year = $2 AND status = 'complete'
        ORDER BY completed_at DESC LIMIT 1`,
      [districtId, schoolYear],
    );
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** The `seq` every SIF_Event stored from now on will have at least (one sequence for all districts). */
  async nextEventSeq(): Promise<number> {
    const rows: Array<{ next: string }> = await this.dataSource.query(`SELECT coalesce(max(seq), 0) + 1 AS next FROM sif_ingest.sif_event`);
    return Number(rows[0]?.next ?? 1);
  }

  /**
   * Bounded retention of raw objects: keeps those of the district's newest `keep` complete runs
   * (events apply to the newest) and of runs still going; deletes the rest.
   */
  async pruneRawObjects(districtId: string, keep: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM sif_ingest.sif_object WHERE run_id IN (
         SELECT id FROM sif_ingest.ingest_run WHERE district_id = $1 AND status <> 'running'
            AND id NOT IN (SELECT id FROM sif_ingest.ingest_run WHERE district_id = $1 AND status = 'complete' ORDER BY completed_at DESC LIMIT $2))`,
      [districtId, keep],
    );
  }
}

function toRun(row: RunRow): IngestRun {
  const run: IngestRun = {
    id: row.id,
    districtId: row.district_id,
    kind: row.kind,
    schoolYear: row.school_year,
    asOf: row.as_of,
    status: row.status,
    phase: row.phase,
    eventSeqFrom: Number(row.event_seq_from),
    counts: row.counts,
    rejected: row.rejected,
    eventsApplied: row.events_applied,
  };
  if (row.base_run_id) run.baseRunId = row.base_run_id;
  if (row.previous_snapshot_id) run.previousSnapshotId = row.previous_snapshot_id;
  if (row.failure_type) run.failureKind = row.failure_type;
  if (row.failure_reason) run.failureReason = row.failure_reason;
  return run;
}
