import type { DistrictEvents } from './events.command';

/** The lines `sisbridge events` prints for one district. */
export function describeEvents({ events, sync }: DistrictEvents, now: Date): string[] {
  const lines = [`district ${events.districtId}`];
  if (!sync) lines.push('  intra-day sync: not running (it starts with the first event or provisioning run)');
  else if (!sync.intraday.enabled) lines.push('  intra-day sync: off (schedules.intraday.enabled); the nightly run sends every change');
  else lines.push(`  intra-day sync: on, ${sync.intraday.mode} mode, window ${sync.intraday.windowSeconds} s`);
  const { counts } = events;
  const received = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const pending = counts.received + counts.waiting;
  lines.push(
    `  events: ${received} kept (${events.receivedLast24h} received in the last 24 h), ${events.inCanvas} in Canvas, ` +
      `${pending} not applied yet${events.oldestUnapplied ? ` (oldest ${age(events.oldestUnapplied.receivedAt, now)} old)` : ''}, ` +
      `${counts.waiting} waiting, ${counts.rejected} rejected, ${counts.superseded} settled by a nightly run`,
  );
  for (const waiting of events.waiting) {
    lines.push(
      `    waiting: #${waiting.seq} ${waiting.action} ${waiting.objectName} ${waiting.refId ?? '(no RefId)'} — ${waiting.reason} (since ${waiting.receivedAt})`,
    );
  }
  if (counts.waiting > events.waiting.length) lines.push(`    … and ${counts.waiting - events.waiting.length} more waiting`);
  if (events.lastApplication) {
    const last = events.lastApplication;
    lines.push(`  last applied: ${last.eventsApplied} events by run ${last.runId} at ${last.completedAt}`);
  }
  if (sync?.holder) lines.push(`  writing to Canvas now: ${sync.holder.workflowId} (${sync.holder.purpose})`);
  if (sync?.paused) lines.push(`  paused: ${sync.paused}`);
  const last = sync?.lastIntraday;
  if (last) {
    lines.push(
      `  last intra-day import: ${last.workflowId} ${last.outcome} at ${last.finishedAt}: ${last.eventsApplied} events, ${last.rows} rows` +
        (last.canvasImportIds.length > 0 ? `, Canvas SIS import ${last.canvasImportIds.join(', ')}` : '') +
        (last.reason ? ` (${last.reason})` : ''),
    );
  } else if (sync) lines.push('  last intra-day import: none yet');
  if (sync?.nextIntradayAt) lines.push(`  next intra-day import: ${sync.nextIntradayAt}`);
  return lines;
}

function age(since: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(since)) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
