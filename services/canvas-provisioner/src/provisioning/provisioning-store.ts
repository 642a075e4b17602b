import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RunOutcomeRecord, SisImportCountsSummary } from '@sisbridge/contracts';
import { inPgTransaction } from '@sisbridge/persistence';
import type { BuildProblem } from '../sis-import/builders/build-context';

export interface StoredBuild {
  id: string;
  runId: string;
  districtId: string;
  diffId: string;
  fileName: string;
  counts: SisImportCountsSummary;
  totalRows: number;
  changes: number;
  dryRun: boolean;
  problems: number;
}

export interface StoredImport {
  buildId: string;
  runId: string;
  canvasImportId?: number;
  state: string;
  uploadStartedAt: Date;
  restoreProgressId?: number;
  restoreState?: string;
}

export interface ImportMessage {
  severity: 'warning' | 'error';
  file?: string;
  row?: number;
  message: string;
}

interface BuildRow {
  id: string;
  run_id: string;
  district_id: string;
  diff_id: string;
  file_name: string;
  counts: SisImportCountsSummary;
  total_rows: number;
  changes: number;
  dry_run: boolean;
  problems: string;
}

interface ImportRow {
  build_id: string;
  run_id: string;
  canvas_import_id: string | null;
  state: string;
  upload_started_at: Date;
  restore_progress_id: string | null;
  restore_state: string | null;
}

/** canvas-provisioner's own tables: builds, imports and their messages, applied snapshots, runs. */
@Injectable()
export class ProvisioningStore {
  constructor(private readonly dataSource: DataSource) {}

  async lastAppliedSnapshot(districtId: string, schoolYear: number): Promise<string | undefined> {
    const rows: Array<{ snapshot_id: string }> = await this.dataSource.query(
      `SELECT snapshot_id FROM canvas_provisioner.applied_snapshot WHERE district_id = $1 AND school_year = $2 ORDER BY applied_at DESC LIMIT 1`,
      [districtId, schoolYear],
    );
    return rows[0]?.snapshot_id;
  }

  async markApplied(input: { districtId: string; schoolYear: number; snapshotId: string; diffId: string; runId: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO canvas_provisioner.applied_snapshot (district_id, school_year, snapshot_id, diff_id, run_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id) DO NOTHING`,
      [input.districtId, input.schoolYear, input.snapshotId, input.diffId, input.runId],
    );
  }

  /** Stores a run's build once: a retried build activity finds the first one and keeps it. */
  async saveBuild(build: Omit<StoredBuild, 'problems'> & { zip: Buffer }, problems: readonly BuildProblem[]): Promise<StoredBuild> {
    await inPgTransaction(this.dataSource, async (client) => {
      const inserted = await client.query(
        `INSERT INTO canvas_provisioner.sis_import_build (id, run_id, district_id, diff_id, file_name, zip, counts, total_rows, changes, dry_run)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (run_id) DO NOTHING RETURNING id`,
        [
          build.id,
          build.runId,
          build.districtId,
          build.diffId,
          build.fileName,
          build.zip,
          JSON.stringify(build.counts),
          build.totalRows,
          build.changes,
          build.dryRun,
        ],
      );
      if (inserted.rowCount === 1) {
        for (let i = 0; i < problems.length; i += 1_000) {
          const batch = problems.slice(i, i + 1_000);
          await client.query(
            `INSERT INTO canvas_provisioner.build_problem (build_id, kind, sis_id, problem)
             SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])`,
            [build.id, batch.map((p) => p.kind), batch.map((p) => p.sisId), batch.map((p) => p.problem)],
          );
        }
      }
    });
    const stored = await this.buildOfRun(build.runId);
    if (!stored) throw new Error(`build of run ${build.runId} vanished`);
    return stored;
  }

  async buildOfRun(runId: string): Promise<StoredBuild | undefined> {
    const rows: BuildRow[] = await this.dataSource.query(
      `SELECT b.id, b.run_id, b.district_id, b.diff_id, b.file_name, b.counts, b.total_rows, b.changes, b.dry_run,
              (SELECT count(*) FROM canvas_provisioner.build_problem p WHERE p.build_id = b.id) AS problems
         FROM canvas_provisioner.sis_import_build b WHERE b.run_id = $1`,
      [runId],
    );
    return rows[0] ? toBuild(rows[0]) : undefined;
  }

  async build(buildId: string): Promise<(StoredBuild & { zip: Buffer }) | undefined> {
    const rows: Array<BuildRow & { zip: Buffer }> = await this.dataSource.query(
      `SELECT b.*, (SELECT count(*) FROM canvas_provisioner.build_problem p WHERE p.build_id = b.id) AS problems
         FROM canvas_provisioner.sis_import_build b WHERE b.id = $1`,
      [buildId],
    );
    const row = rows[0];
    return row ? { ...toBuild(row), zip: row.zip } : undefined;
  }

  async buildProblems(buildId: string, limit = 1_000): Promise<BuildProblem[]> {
    return this.dataSource.query(
      `SELECT kind, sis_id AS "sisId", problem FROM canvas_provisioner.build_problem WHERE build_id = $1 ORDER BY kind, sis_id LIMIT $2`,
      [buildId, limit],
    );
  }

  /** Records that an upload of `buildId` is starting, or returns the record of an earlier attempt. */
  async beginUpload(buildId: string, runId: string, districtId: string): Promise<StoredImport> {
    await this.dataSource.query(
      `INSERT INTO canvas_provisioner.sis_import (build_id, run_id, district_id, state) VALUES ($1, $2, $3, 'uploading') ON CONFLICT (build_id) DO NOTHING`,
      [buildId, runId, districtId],
    );
    const rows: ImportRow[] = await this.dataSource.query('SELECT * FROM canvas_provisioner.sis_import WHERE build_id = $1', [buildId]);
    return toImport(rows[0] as ImportRow);
  }

  async setUploaded(buildId: string, canvasImportId: number, state: string): Promise<void> {
    await this.dataSource.query(`UPDATE canvas_provisioner.sis_import SET canvas_import_id = $2, state = $3 WHERE build_id = $1`, [
      buildId,
      canvasImportId,
      state,
    ]);
  }

  async importsOfRun(runId: string): Promise<StoredImport[]> {
    const rows: ImportRow[] = await this.dataSource.query(
      'SELECT * FROM canvas_provisioner.sis_import WHERE run_id = $1 ORDER BY upload_started_at',
      [runId],
    );
    return rows.map(toImport);
  }

  /** Stores an import's final state and every message, replacing what an earlier attempt stored. */
  async saveImportResult(
    import_: { runId: string; districtId: string; canvasImportId: number },
    state: string,
    counts: Record<string, number> | undefined,
    messages: readonly ImportMessage[],
  ): Promise<void> {
    const { runId, districtId, canvasImportId } = import_;
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query('DELETE FROM canvas_provisioner.sis_import_message WHERE run_id = $1 AND canvas_import_id = $2', [
        runId,
        canvasImportId,
      ]);
      for (let i = 0; i < messages.length; i += 1_000) {
        const batch = messages.slice(i, i + 1_000);
        await client.query(
          `INSERT INTO canvas_provisioner.sis_import_message (run_id, district_id, canvas_import_id, severity, file, row_number, message)
           SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[], $6::int[], $7::text[])`,
          [
            runId,
            districtId,
            canvasImportId,
            batch.map((m) => m.severity),
            batch.map((m) => m.file ?? null),
            batch.map((m) => m.row ?? null),
            batch.map((m) => m.message),
          ],
        );
      }
      await client.query(
        `UPDATE canvas_provisioner.sis_import SET state = $3, counts = $4, finished_at = now(),
                warnings = $5, errors = $6 WHERE run_id = $1 AND canvas_import_id = $2`,
        [
          runId,
          canvasImportId,
          state,
          counts ? JSON.stringify(counts) : null,
          messages.filter((m) => m.severity === 'warning').length,
          messages.filter((m) => m.severity === 'error').length,
        ],
      );
    });
  }

  async saveRestore(runId: string, canvasImportId: number, progressId: number, state: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE canvas_provisioner.sis_import SET restore_progress_id = $3, restore_state = $4 WHERE run_id = $1 AND canvas_import_id = $2`,
      [runId, canvasImportId, progressId, state],
    );
  }

  async recordRun(run: RunOutcomeRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO canvas_provisioner.provision_run (run_id, district_id, workflow_id, trigger, dry_run, outcome, reason, snapshot_id, diff_id, build_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (run_id) DO UPDATE SET outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, finished_at = now()`,
      [
        run.runId,
        run.districtId,
        run.workflowId,
        run.trigger,
        run.dryRun,
        run.outcome,
        run.reason ?? null,
        run.snapshotId ?? null,
        run.diffId ?? null,
        run.buildId ?? null,
      ],
    );
  }
}

function toBuild(row: BuildRow): StoredBuild {
  return {
    id: row.id,
    runId: row.run_id,
    districtId: row.district_id,
    diffId: row.diff_id,
    fileName: row.file_name,
    counts: row.counts,
    totalRows: row.total_rows,
    changes: row.changes,
    dryRun: row.dry_run,
    problems: Number(row.problems),
  };
}

function toImport(row: ImportRow): StoredImport {
  return {
    buildId: row.build_id,
    runId: row.run_id,
    canvasImportId: row.canvas_import_id === null ? undefined : Number(row.canvas_import_id),
    state: row.state,
    uploadStartedAt: row.upload_started_at,
    restoreProgressId: row.restore_progress_id === null ? undefined : Number(row.restore_progress_id),
    restoreState: row.restore_state ?? undefined,
  };
}
