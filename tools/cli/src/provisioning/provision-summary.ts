import type { ProvisionDistrictResult } from '@sisbridge/contracts';

/** The one JSON document `provision --json` prints: counts per kind, errors, Canvas import ids. */
export interface ProvisionSummary {
  workflowId: string;
  district: string;
  outcome: ProvisionDistrictResult['outcome'] | 'running';
  reason?: string;
  kinds: Record<string, { created: number; updated: number; deleted: number }>;
  rows: number;
  canvasImportIds: number[];
  errors: number;
  warnings: number;
  guard?: ProvisionDistrictResult['guard'];
  decision?: ProvisionDistrictResult['decision'];
  snapshotId?: string;
  diffId?: string;
  buildId?: string;
}

export function summarise(workflowId: string, district: string, result: ProvisionDistrictResult): ProvisionSummary {
  const kinds: ProvisionSummary['kinds'] = {};
  let rows = 0;
  // Canvas's own import order, whatever order the stored counts come back in.
  for (const kind of ['accounts', 'terms', 'courses', 'sections', 'users', 'enrollments'] as const) {
    const count = result.counts?.[kind];
    if (!count) continue;
    kinds[kind] = { created: count.created, updated: count.updated, deleted: count.deleted };
    rows += count.rows;
  }
  return {
    workflowId,
    district,
    outcome: result.outcome,
    reason: result.reason,
    kinds,
    rows,
    canvasImportIds: result.canvasImportIds,
    errors: result.canvasMessages?.errors ?? 0,
    warnings: result.canvasMessages?.warnings ?? 0,
    guard: result.guard,
    decision: result.decision,
    snapshotId: result.snapshotId,
    diffId: result.diffId,
    buildId: result.buildId,
  };
}

export function describeSummary(summary: ProvisionSummary): string[] {
  const lines = [`${summary.workflowId}: ${summary.outcome}${summary.reason ? ` — ${summary.reason}` : ''}`];
  for (const [kind, count] of Object.entries(summary.kinds)) {
    if (count.created + count.updated + count.deleted === 0) continue;
    lines.push(`  ${kind.padEnd(12)} created ${count.created}, updated ${count.updated}, deleted ${count.deleted}`);
  }
  if (summary.canvasImportIds.length > 0)
    lines.push(`  Canvas SIS imports ${summary.canvasImportIds.join(', ')}: ${summary.errors} errors, ${summary.warnings} warnings`);
  return lines;
}
