import { childElement, childText } from '@sisbridge/sandbox-district';
import type { AckOutcome } from '../agents/agent-queue';
import type { Agent } from '../agents/agent-registry';
import type { IncomingMessage } from '../sif/incoming-message';
import { SIF_ERRORS } from '../sif/sif-error';
import { SIF_STATUS } from '../sif/sif-status';
import { success, type AckReply } from '../zone/zone-context';

/**
 * A pull agent's SIF_Ack for a message it was given: SIF_OriginalMsgId must be that message's
 * own SIF_MsgId (the inner one, not the zone's outer SIF_Ack). Code 1 removes the message; 2
 * and 3 are Selective Message Blocking; a SIF_Error also removes it (the agent gave up on it).
 */
export function handleAck(agent: Agent, message: IncomingMessage): AckReply {
  const originalMsgId = childText(message.body, 'SIF_OriginalMsgId');
  if (!originalMsgId) return { error: SIF_ERRORS.missingElement('SIF_Ack has no SIF_OriginalMsgId') };
  if (childText(message.body, 'SIF_OriginalSourceId') === undefined)
    return { error: SIF_ERRORS.missingElement('SIF_Ack has no SIF_OriginalSourceId') };
  const error = childElement(message.body, 'SIF_Error');
  let outcome: AckOutcome;
  if (error) {
    outcome = {
      error: {
        category: Number(childText(error, 'SIF_Category')),
        code: Number(childText(error, 'SIF_Code')),
        desc: childText(error, 'SIF_Desc') ?? '',
      },
    };
  } else {
    const status = childElement(message.body, 'SIF_Status');
    if (!status) return { error: SIF_ERRORS.missingElement('SIF_Ack has neither SIF_Status nor SIF_Error') };
    const code = Number(childText(status, 'SIF_Code'));
    if (code !== SIF_STATUS.immediate && code !== SIF_STATUS.intermediate && code !== SIF_STATUS.final) {
      return {
        error: SIF_ERRORS.invalidValue(
          `an agent acknowledges a delivered message with SIF_Code 1, 2 or 3 (got "${childText(status, 'SIF_Code') ?? ''}")`,
        ),
      };
    }
    outcome = { status: code };
  }
  const result = agent.queue.acknowledge(originalMsgId, outcome);
  if (result === 'unknown') {
    return {
      error: SIF_ERRORS.invalidValue(
        `SIF_OriginalMsgId ${originalMsgId} is not a message this zone delivered to ${agent.sourceId}; acknowledge the SIF_MsgId of the message inside SIF_Status/SIF_Data, not the zone's SIF_Ack`,
      ),
    };
  }
  return success();
}
