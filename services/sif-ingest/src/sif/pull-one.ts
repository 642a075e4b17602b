import type { DataSource } from 'typeorm';
import { SifErrorCategories, type AckOutcome } from '@sisbridge/sif-codec';
import { observePhase } from '../observability/ingest-phase-metrics';
import type { SifMessageReceiver } from './message-receiver';
import type { ReceiveOutcome } from './packet-storage';
import { UnreadableSifMessageError } from './read-sif-message';
import type { ZoneAgent } from './zone-agent';

export type PullStep = { kind: 'received'; outcome: ReceiveOutcome } | { kind: 'unreadable' } | { kind: 'empty' } | { kind: 'sleeping' };

/**
 * One turn of the pull loop (§1.8): SIF_GetMessage; store what came (a response packet's objects
 * go to Postgres as they are parsed, committed once the message is read whole); only then ack
 * it with its inner SIF_SourceId/SIF_MsgId. A crash between store and ack leaves the message queued, and
 * its redelivery is recognised as a duplicate. A message that cannot be read is acked with
 * SIF_Error 1/x so it leaves the queue (as the ADK does), and recorded for operators; the
 * request it belonged to then misses a packet and is asked again.
 */
export async function pullOne(
  agent: ZoneAgent,
  receiver: SifMessageReceiver,
  dataSource: DataSource,
  districtId: string,
  runId?: string,
): Promise<PullStep> {
  let pulled;
  const asked = performance.now();
  try {
    pulled = await agent.getMessage((ids) => receiver.openPacket(districtId, ids));
    observePhase('getMessage', performance.now() - asked);
  } catch (error) {
    if (!(error instanceof UnreadableSifMessageError) || !error.ids.msgId || !error.ids.sourceId) throw error;
    await recordUnreadable(dataSource, districtId, runId, error);
    await agent.ack(
      { originalSourceId: error.ids.sourceId, originalMsgId: error.ids.msgId },
      {
        error: {
          category: SifErrorCategories.xmlValidation,
          code: error.sifErrorCode,
          description: 'Unable to parse pulled SIF_Message',
          extendedDescription: error.message.slice(0, 300),
        },
      },
    );
    return { kind: 'unreadable' };
  }
  if (pulled.kind !== 'message') return { kind: pulled.kind };
  const storing = performance.now();
  const stored = pulled.writer && pulled.message.type === 'SIF_Response' ? await pulled.writer.finish(pulled.message) : undefined;
  // A writer hands back what it does not store (a duplicate, a packet to ignore, a SIF_Error), none of which depends on the objects.
  const outcome = stored ?? (await receiver.receive(districtId, pulled.message, pulled.writer ? [] : pulled.objects));
  const acking = performance.now();
  observePhase('store', acking - storing);
  await agent.ack({ originalSourceId: pulled.message.header.sourceId, originalMsgId: pulled.message.header.msgId }, ackFor(outcome));
  observePhase('ack', performance.now() - acking);
  return { kind: 'received', outcome };
}

/** Everything stored (or knowingly dropped) is acked as Immediate (1): with messages persisted before the ack, SMB is not needed (§1.9). */
export function ackFor(_outcome: ReceiveOutcome): AckOutcome {
  return { status: 1 };
}

async function recordUnreadable(
  dataSource: DataSource,
  districtId: string,
  runId: string | undefined,
  error: UnreadableSifMessageError,
): Promise<void> {
  const what = error.ids.requestMsgId
    ? `packet ${error.ids.packetNumber ?? '?'} of the response to request ${error.ids.requestMsgId}`
    : `message ${error.ids.msgId ?? '?'}`;
  await dataSource.query(
    `INSERT INTO sif_ingest.rejected_object (district_id, run_id, stage, object_name, ref_id, problem) VALUES ($1, $2, 'receive', 'SIF_Message', NULL, $3)`,
    [districtId, runId ?? null, `${what} could not be read and was acked with an error: ${error.message.slice(0, 300)}`],
  );
}
