import type { Client } from '@temporalio/client';
import type { Client as PgClient } from 'pg';
import { PROVISION_DISTRICT_WORKFLOW } from '@sisbridge/contracts';

/** The events stored since the stream began (`seq` above `seqBefore`), as sif_ingest.sif_event holds them. */
export interface EventFigures {
  stored: number;
  messages: number;
  received: number;
  waiting: number;
  applied: number;
  superseded: number;
  rejected: number;
  imported: number;
  /** Applied or superseded, but no Canvas import recorded for them. */
  notImported: number;
  withPublishedAt: number;
  /** Milliseconds from published_at (else received_at) to imported_at, sorted. */
  latencies: number[];
  /** Milliseconds from published_at to received_at, sorted (events with a publish time). */
  receive: number[];
}

export async function eventFigures(pg: PgClient, districtId: string, seqBefore: number): Promise<EventFigures> {
  const counts = await pg.query<Record<string, string>>(
    `SELECT count(*) AS stored,
            count(DISTINCT msg_id) AS messages,
            count(*) FILTER (WHERE state = 'received') AS received,
            count(*) FILTER (WHERE state = 'waiting') AS waiting,
            count(*) FILTER (WHERE state = 'applied') AS applied,
            count(*) FILTER (WHERE state = 'superseded') AS superseded,
            count(*) FILTER (WHERE state = 'rejected') AS rejected,
            count(imported_at) AS imported,
            count(*) FILTER (WHERE state IN ('applied', 'superseded') AND imported_at IS NULL) AS not_imported,
            count(published_at) AS with_published_at
       FROM sif_ingest.sif_event WHERE district_id = $1 AND seq > $2`,
    [districtId, seqBefore],
  );
  const row = counts.rows[0] ?? {};
  const n = (key: string) => Number(row[key] ?? 0);
  const times = await pg.query<{ latency: string | null; receive: string | null }>(
    `SELECT 1000 * extract(epoch FROM imported_at - coalesce(published_at, received_at)) AS latency,
            1000 * extract(epoch FROM received_at - published_at) AS receive
       FROM sif_ingest.sif_event WHERE district_id = $1 AND seq > $2`,
    [districtId, seqBefore],
  );
  const sorted = (values: Array<string | null>) =>
    values
      .filter((v): v is string => v !== null)
      .map(Number)
      .sort((a, b) => a - b);
  return {
    stored: n('stored'),
    messages: n('messages'),
    received: n('received'),
    waiting: n('waiting'),
    applied: n('applied'),
    superseded: n('superseded'),
    rejected: n('rejected'),
    imported: n('imported'),
    notImported: n('not_imported'),
    withPublishedAt: n('with_published_at'),
    latencies: sorted(times.rows.map((r) => r.latency)),
    receive: sorted(times.rows.map((r) => r.receive)),
  };
}

/** The intra-day provisioning runs: as canvas-provisioner recorded them, and as Temporal lists them. */
export async function importFigures(
  pg: PgClient,
  client: Client,
  districtId: string,
): Promise<{ imports: number; rows: number; outcomes: string; temporal: string }> {
  const runs = await pg.query<{ outcome: string; runs: string; rows: string }>(
    `SELECT r.outcome, count(*) AS runs, coalesce(sum(b.total_rows), 0) AS rows
       FROM canvas_provisioner.provision_run r
       LEFT JOIN canvas_provisioner.sis_import_build b ON b.run_id = r.run_id
      WHERE r.district_id = $1 AND r.trigger = 'intraday'
      GROUP BY r.outcome ORDER BY r.outcome`,
    [districtId],
  );
  const applied = runs.rows.find((r) => r.outcome === 'applied');
  const statuses = new Map<string, number>();
  const query = `WorkflowType = '${PROVISION_DISTRICT_WORKFLOW}' AND SisbridgeDistrict = '${districtId}' AND SisbridgeRunKind = 'intraday'`;
  for await (const execution of client.workflow.list({ query })) {
    statuses.set(execution.status.name, (statuses.get(execution.status.name) ?? 0) + 1);
  }
  return {
    imports: Number(applied?.runs ?? 0),
    rows: Number(applied?.rows ?? 0),
    outcomes: runs.rows.map((r) => `${r.outcome} ${r.runs} (${r.rows} rows)`).join(', ') || 'no run recorded',
    temporal: [...statuses].map(([status, count]) => `${count} ${status}`).join(', ') || 'no intra-day workflow listed',
  };
}

/** What keeps the bench from settling: events not settled, or settled but not imported, grouped. */
export async function unsettledEvents(pg: PgClient, districtId: string, seqBefore: number): Promise<string[]> {
  const rows = await pg.query<{ state: string; object_name: string; action: string; reason: string | null; n: string }>(
    `SELECT state, object_name, action, reason, count(*) AS n
       FROM sif_ingest.sif_event
      WHERE district_id = $1 AND seq > $2 AND (state IN ('received', 'waiting') OR (state IN ('applied', 'superseded') AND imported_at IS NULL))
      GROUP BY state, object_name, action, reason ORDER BY count(*) DESC LIMIT 20`,
    [districtId, seqBefore],
  );
  return rows.rows.map((r) => `${r.state}, ${r.object_name}, ${r.action}, ${r.reason ?? '-'}: ${r.n}`);
}

/** Seconds after `origin`, for timelines. */
function at(ms: number, origin: number): string {
  return `${ms >= origin ? '+' : '-'}${(Math.abs(ms - origin) / 1000).toFixed(1)} s`;
}

function millis(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
}

/** Each intra-day provisioning run: when it started and closed, relative to `origin`. */
export async function intradayTimeline(client: Client, districtId: string, origin: number): Promise<string[]> {
  const query = `WorkflowType = '${PROVISION_DISTRICT_WORKFLOW}' AND SisbridgeDistrict = '${districtId}' AND SisbridgeRunKind = 'intraday'`;
  const lines: Array<{ start: number; line: string }> = [];
  for await (const execution of client.workflow.list({ query })) {
    const start = execution.startTime.getTime();
    lines.push({
      start,
      line: `${execution.workflowId}: started ${at(start, origin)}, ${execution.closeTime ? `closed ${at(execution.closeTime.getTime(), origin)}` : 'not closed'}, ${execution.status.name}`,
    });
  }
  return lines.sort((a, b) => a.start - b.start).map((l) => l.line);
}

/** The district sync's activities (drains, intra-day children) from its history: when each was scheduled and how it ended. */
export async function districtSyncTimeline(client: Client, workflowId: string, origin: number): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, { type: string; at: number }>();
  const lines: string[] = [];
  for (const event of history.events ?? []) {
    const time = millis(event.eventTime);
    if (time < origin) {
      if (event.activityTaskScheduledEventAttributes)
        scheduled.set(String(event.eventId), { type: event.activityTaskScheduledEventAttributes.activityType?.name ?? '?', at: time });
      continue;
    }
    const a = event.activityTaskScheduledEventAttributes;
    if (a) scheduled.set(String(event.eventId), { type: a.activityType?.name ?? '?', at: time });
    const ended =
      (event.activityTaskCompletedEventAttributes && {
        how: 'completed',
        id: event.activityTaskCompletedEventAttributes.scheduledEventId,
      }) ||
      (event.activityTaskFailedEventAttributes && {
        how: `failed: ${event.activityTaskFailedEventAttributes.failure?.message ?? '?'}`,
        id: event.activityTaskFailedEventAttributes.scheduledEventId,
      }) ||
      (event.activityTaskCanceledEventAttributes && { how: 'cancelled', id: event.activityTaskCanceledEventAttributes.scheduledEventId }) ||
      (event.activityTaskTimedOutEventAttributes && {
        how: `timed out: ${event.activityTaskTimedOutEventAttributes.failure?.message ?? '?'}`,
        id: event.activityTaskTimedOutEventAttributes.scheduledEventId,
      });
    if (ended) {
      const start = scheduled.get(String(ended.id));
      if (start && start.type !== 'watchCanvasWriter')
        lines.push(`${start.type}: scheduled ${at(start.at, origin)}, ${ended.how} ${at(time, origin)}`);
    }
    const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
    if (child) lines.push(`child ${child.workflowId ?? '?'} started ${at(time, origin)}`);
    const closed = event.childWorkflowExecutionCompletedEventAttributes ?? event.childWorkflowExecutionFailedEventAttributes;
    if (closed) lines.push(`child ${closed.workflowExecution?.workflowId ?? '?'} closed ${at(time, origin)}`);
  }
  for (const [, start] of scheduled)
    if (start.at >= origin && !lines.some((l) => l.startsWith(`${start.type}: scheduled ${at(start.at, origin)}`)))
      lines.push(`${start.type}: scheduled ${at(start.at, origin)}, still open`);
  return lines;
}

/** Events stored per `bucketSeconds` after `origin` (received_at), and published in it (published_at). */
export async function storedTimeline(
  pg: PgClient,
  districtId: string,
  seqBefore: number,
  origin: number,
  bucketSeconds = 10,
): Promise<string> {
  const rows = await pg.query<{ bucket: string; stored: string; published: string }>(
    `WITH e AS (SELECT received_at, published_at FROM sif_ingest.sif_event WHERE district_id = $1 AND seq > $2),
          r AS (SELECT floor(extract(epoch FROM received_at - to_timestamp($3 / 1000.0)) / $4) AS bucket, count(*) AS n FROM e GROUP BY 1),
          p AS (SELECT floor(extract(epoch FROM published_at - to_timestamp($3 / 1000.0)) / $4) AS bucket, count(*) AS n FROM e WHERE published_at IS NOT NULL GROUP BY 1)
     SELECT coalesce(r.bucket, p.bucket) AS bucket, coalesce(r.n, 0) AS stored, coalesce(p.n, 0) AS published
       FROM r FULL JOIN p ON p.bucket = r.bucket ORDER BY 1`,
    [districtId, seqBefore, origin, bucketSeconds],
  );
  return rows.rows.map((r) => `${Number(r.bucket) * bucketSeconds}s: ${r.published} published/${r.stored} stored`).join('; ');
}
