import type { DistrictSyncStatus } from '@sisbridge/contracts';

/** The Markdown Temporal UI shows as the district sync's current details. */
export function districtSyncDetails(status: DistrictSyncStatus): string {
  const lines = [`**District sync of ${status.districtId}** — the only writer to its Canvas`, ''];
  const intraday = status.intraday;
  lines.push(
    intraday.enabled
      ? `Intra-day sync: on (${intraday.mode} mode, window ${intraday.windowSeconds} s)`
      : 'Intra-day sync: off (the nightly run sends every change)',
  );
  if (status.holder) lines.push(`Writing to Canvas: \`${status.holder.workflowId}\` (${status.holder.purpose})`);
  if (status.waiting.length > 0) lines.push(`Waiting for Canvas: ${status.waiting.map((w) => `\`${w.workflowId}\``).join(', ')}`);
  if (status.eventsPendingSince) {
    lines.push(
      `Events pending since ${status.eventsPendingSince}${status.nextIntradayAt ? `; next intra-day import at ${status.nextIntradayAt}` : ''}`,
    );
  }
  if (status.paused) lines.push(`Paused: ${status.paused}`);
  const last = status.lastIntraday;
  if (last) {
    lines.push(
      '',
      `Last intra-day import \`${last.workflowId}\`: **${last.outcome}** — ${last.eventsApplied} events applied, ${last.rows} rows sent` +
        (last.canvasImportIds.length > 0 ? ` (Canvas SIS import ${last.canvasImportIds.join(', ')})` : '') +
        (last.reason ? `; ${last.reason}` : ''),
    );
  }
  lines.push('', `Intra-day imports so far: ${status.intradayRuns}`);
  return lines.join('\n');
}
