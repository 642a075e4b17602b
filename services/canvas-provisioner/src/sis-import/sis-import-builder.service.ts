import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { BuildSisImportResult } from '@sisbridge/contracts';
import { DistrictRegistry } from '@sisbridge/district-config';
import type { RosterChange, RosterEnrollment, RosterUser } from '@sisbridge/roster';
import { RosterDiffs, RosterSnapshots } from '@sisbridge/roster-store';
import { ProvisioningStore } from '../provisioning/provisioning-store';
import { zipFiles } from './csv/zip-files';
import { SnapshotIndexLoader } from './snapshot-index.loader';
import { planSisImport, totalRows } from './sis-import-plan';

/**
 * Builds a run's SIS Import from its roster diff and stores the zip, once per run: a retried
 * activity returns the build already stored, so the same run never uploads two different files.
 */
@Injectable()
export class SisImportBuilderService {
  constructor(
    private readonly districts: DistrictRegistry,
    private readonly store: ProvisioningStore,
    private readonly lookups: SnapshotIndexLoader,
    private readonly snapshots: RosterSnapshots,
    private readonly diffs: RosterDiffs,
  ) {}

  async build(input: { runId: string; districtId: string; diffId: string; dryRun: boolean }): Promise<BuildSisImportResult> {
    const existing = await this.store.buildOfRun(input.runId);
    if (existing) return toResult(existing);

    const district = this.districts.get(input.districtId);
    const diff = await this.diffs.get(input.diffId);
    if (!diff) throw new Error(`diff ${input.diffId} does not exist`);
    if (diff.districtId !== input.districtId) throw new Error(`diff ${input.diffId} belongs to district ${diff.districtId}`);

    const [before, after] = await Promise.all([
      this.lookups.load(this.snapshots, diff.fromSnapshotId),
      this.lookups.load(this.snapshots, diff.toSnapshotId),
    ]);
    const smallKindChanges = (['school', 'term', 'course', 'section'] as const).reduce(
      (sum, kind) => sum + diff.counts[kind].add + diff.counts[kind].change + diff.counts[kind].remove,
      0,
    );
    const plan = await planSisImport({
      context: { canvas: district.canvas, before, after },
      userChanges: this.diffs.changes(diff.id, 'user') as AsyncIterable<RosterChange<RosterUser>>,
      enrollmentChanges: this.diffs.changes(diff.id, 'enrollment') as AsyncIterable<RosterChange<RosterEnrollment>>,
      smallKindChanges,
    });
    const buildId = randomUUID();
    const stored = await this.store.saveBuild(
      {
        id: buildId,
        runId: input.runId,
        districtId: input.districtId,
        diffId: diff.id,
        // Unique per build, and so are the CSV names inside (Canvas reads a file's kind from its
        // header row, not its name): a retried upload recognises its own import in Canvas by them.
        fileName: `sisbridge-${input.districtId}-${buildId}.zip`,
        zip: await zipFiles(plan.files.map((file) => ({ name: `sisbridge-${buildId}-${file.name}`, content: file.content }))),
        counts: plan.counts,
        totalRows: totalRows(plan.counts),
        changes: plan.changesConsidered,
        dryRun: input.dryRun,
      },
      plan.problems,
    );
    return toResult(stored);
  }
}

function toResult(build: {
  id: string;
  counts: BuildSisImportResult['counts'];
  totalRows: number;
  problems: number;
  changes: number;
}): BuildSisImportResult {
  return { buildId: build.id, counts: build.counts, totalRows: build.totalRows, problems: build.problems, changes: build.changes };
}
