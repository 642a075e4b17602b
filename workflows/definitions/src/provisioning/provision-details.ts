import type { GuardVerdict, ProvisionProgress } from '@sisbridge/contracts';

/** The Markdown Temporal UI shows as the run's current details. */
export function provisionDetails(districtId: string, progress: ProvisionProgress): string {
  const lines = [`**Provisioning ${districtId}** — ${progress.step} (${progress.percent}%)`, '', progress.status];
  if (progress.snapshotId) lines.push('', `Snapshot \`${progress.snapshotId}\``);
  if (progress.diffId) lines.push(`Diff \`${progress.diffId}\``);
  if (progress.guard && progress.guard.kinds.length > 0) lines.push('', ...guardTable(progress.guard));
  if (progress.canvasImportIds.length > 0) lines.push('', `Canvas SIS imports: ${progress.canvasImportIds.join(', ')}`);
  return lines.join('\n');
}

export function guardTable(guard: GuardVerdict): string[] {
  return [
    `Delete guard (threshold ${Math.round(guard.threshold * 100)}%):`,
    '',
    '| kind | removing | of | share | |',
    '|---|---|---|---|---|',
    ...guard.kinds.map(
      (k) => `| ${k.kind} | ${k.removing} | ${k.existing} | ${(k.share * 100).toFixed(1)}% | ${k.over ? '**over**' : ''} |`,
    ),
  ];
}

/** "enrollment: 212 of 1,940 (10.9%)" for each kind over the threshold. */
export function guardSummary(guard: GuardVerdict): string {
  return guard.kinds
    .filter((k) => k.over)
    .map((k) => `${k.kind}: ${k.removing} of ${k.existing} (${(k.share * 100).toFixed(1)}%)`)
    .join(', ');
}
