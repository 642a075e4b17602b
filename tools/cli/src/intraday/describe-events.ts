import type { DistrictEvents } from './events.command';

/** The lines `sisbridge events` prints for one district. */
export function describeEvents({ events, sync }: DistrictEvents, now: Date): string[] {
  const lines = [`district ${events.districtId}`];
  if (!sync) lines.push('  intra-day sync: not running (it starts with the first event or provisioning run)');
  else if (!sync.intraday.enabled) lines.push('  intra-day sync: off (schedules.intraday.enabled); the nightly run sends every change');
  else lines.push(`  intra-day sync: on, ${sync.intraday.mode} mode, window ${sync.intraday.windowSeconds} s`);
  lines.push(
    `  events: ${events.received} received (${events.receivedLast24h} in the last 24 h), ${events.inCanvas} in Canvas, ` +
      `${events.pending} pending${events.oldestPendingAt ? ` (oldest ${age(events.oldestPendingAt, now)} old)` : ''}, ` +
      `${events.waiting} waiting, ${events.refused} refused`,
  );
  for (const waiting of events.waitingEvents) {
    lines.push(
      `    waiting: ${waiting.action} ${waiting.objectName} ${waiting.refId ?? '(no RefId)'} — ${waiting.reason} (since ${waiting.storedAt})`,
    );
  }
  if (events.waiting > events.waitingEvents.length) lines.push(`    … and ${events.waiting - events.waitingEvents.length} more waiting`);
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
