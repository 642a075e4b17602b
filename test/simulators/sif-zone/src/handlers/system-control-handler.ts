import { childElement, childElements } from '@sisbridge/sandbox-district';
import { agentAclXml } from '../agents/agent-acl';
import type { Agent } from '../agents/agent-registry';
import type { IncomingMessage } from '../sif/incoming-message';
import { renderMessage } from '../sif/message-writer';
import { SIF_ERRORS } from '../sif/sif-error';
import { SIF_STATUS, SIF_STATUS_DESCRIPTIONS } from '../sif/sif-status';
import { success, type AckReply, type ZoneContext } from '../zone/zone-context';

const sleeping: AckReply = { status: { code: SIF_STATUS.receiverSleeping, desc: SIF_STATUS_DESCRIPTIONS[SIF_STATUS.receiverSleeping] } };

/**
 * SIF_SystemControl. SIF_GetMessage is the pull loop: the next queued message comes back inside
 * SIF_Status/SIF_Data (without xmlns by default, as PowerSchool zones send it), code 9 when the
 * queue is empty, 8 while the agent sleeps, 5/9 for a push agent. The message stays queued until
 * the agent acks its SIF_MsgId.
 */
export function handleSystemControl(context: ZoneContext, agent: Agent, message: IncomingMessage): AckReply {
  const data = childElement(message.body, 'SIF_SystemControlData');
  const command = data?.children[0];
  if (!data || !command) return { error: SIF_ERRORS.missingElement('SIF_SystemControl has no SIF_SystemControlData command') };
  switch (command.name) {
    case 'SIF_GetMessage': {
      if (agent.mode === 'Push')
        return {
          error: SIF_ERRORS.registeredForPush(
            `${agent.sourceId} is registered for Push mode; messages are delivered to ${agent.url ?? 'its SIF_URL'}`,
          ),
        };
      if (agent.asleep) return sleeping;
      const next = agent.queue.next();
      if (!next) return { status: { code: SIF_STATUS.noMessages, desc: SIF_STATUS_DESCRIPTIONS[SIF_STATUS.noMessages] } };
      agent.queue.delivered(next);
      return success(renderMessage(next, context.options.innerMessageXmlns));
    }
    case 'SIF_Ping':
      return success();
    case 'SIF_Sleep':
      agent.asleep = true;
      return success();
    case 'SIF_Wakeup':
      agent.asleep = false;
      context.notifyAll();
      return success();
    case 'SIF_GetAgentACL':
      return success(agentAclXml());
    case 'SIF_CancelRequests': {
      const ids = childElements(childElement(command, 'SIF_RequestMsgIds') ?? command, 'SIF_RequestMsgId').map((id) => id.text.trim());
      agent.queue.cancelRequests(ids);
      return success();
    }
    default:
      return {
        error: SIF_ERRORS.messageNotSupported(
          `${command.name} is not supported by this zone (it supports SIF_GetMessage, SIF_Ping, SIF_Sleep, SIF_Wakeup, SIF_GetAgentACL, SIF_CancelRequests)`,
        ),
      };
  }
}
