import { childElement } from '@sisbridge/sandbox-district';
import { handleAck } from '../handlers/ack-handler';
import { handleProvide, handleProvision, handleSubscribe, handleUnprovide, handleUnsubscribe } from '../handlers/provision-handler';
import { handleRegister, handleUnregister } from '../handlers/register-handler';
import { handleRequest } from '../handlers/request-handler';
import { handleSystemControl } from '../handlers/system-control-handler';
import { IncomingMessageError, parseIncomingMessage, type IncomingMessage } from '../sif/incoming-message';
import { newMsgId } from '../sif/sif-clock';
import { SIF_ERRORS } from '../sif/sif-error';
import { ackXml } from '../sif/message-writer';
import { SIF_STATUS, SIF_STATUS_DESCRIPTIONS } from '../sif/sif-status';
import type { AckReply, ZoneContext } from './zone-context';

/**
 * One POSTed SIF_Message in, its SIF_Ack out. Whatever is wrong with a message is answered with
 * the SIF_Error the reference lists, and the zone goes on serving.
 */
export class MessageDispatcher {
  constructor(private readonly context: ZoneContext) {}

  async handle(xml: string): Promise<string> {
    const { options } = this.context;
    let message: IncomingMessage;
    try {
      message = parseIncomingMessage(xml, options.supportedVersions);
    } catch (error) {
      if (!(error instanceof IncomingMessageError)) throw error;
      const version =
        error.partial.version !== undefined && options.supportedVersions.includes(error.partial.version)
          ? error.partial.version
          : options.providerVersion;
      return this.ack(version, error.partial.sourceId, error.partial.msgId, { error: error.error });
    }
    const reply = await this.reply(message);
    return this.ack(message.version, message.header.sourceId, message.header.msgId, reply);
  }

  private async reply(message: IncomingMessage): Promise<AckReply> {
    const { context } = this;
    const { header } = message;
    if (context.asleep)
      return { status: { code: SIF_STATUS.receiverSleeping, desc: SIF_STATUS_DESCRIPTIONS[SIF_STATUS.receiverSleeping] } };
    const otherContexts = header.contexts.filter((name) => name !== 'SIF_Default');
    if (otherContexts.length > 0)
      return { error: SIF_ERRORS.contextNotSupported(`this zone has only the SIF_Default context (got ${otherContexts.join(', ')})`) };
    if (!context.messageIds.firstTime(header.sourceId, header.msgId))
      return { status: { code: SIF_STATUS.duplicateMessage, desc: SIF_STATUS_DESCRIPTIONS[SIF_STATUS.duplicateMessage] } };
    if (message.kind === 'SIF_Register') return handleRegister(context, message);
    const agent = context.agents.get(header.sourceId);
    if (!agent)
      return {
        error: SIF_ERRORS.sourceIdNotRegistered(
          `"${header.sourceId}" has not registered in zone ${context.options.zoneId} (SourceIds are case-sensitive)`,
        ),
      };
    switch (message.kind) {
      case 'SIF_Unregister':
        return handleUnregister(context, message);
      case 'SIF_Provision':
        return handleProvision(agent, message);
      case 'SIF_Subscribe':
        return handleSubscribe(agent, message);
      case 'SIF_Unsubscribe':
        return handleUnsubscribe(agent, message);
      case 'SIF_Provide':
        return handleProvide(message);
      case 'SIF_Unprovide':
        return handleUnprovide(agent, message);
      case 'SIF_Request':
        return handleRequest(context, agent, message);
      case 'SIF_SystemControl':
        return handleSystemControl(context, agent, message);
      case 'SIF_Ack':
        return handleAck(agent, message);
      case 'SIF_Event': {
        const action =
          childElement(childElement(message.body, 'SIF_ObjectData') ?? message.body, 'SIF_EventObject')?.attributes['Action'] ?? 'Change';
        return { error: SIF_ERRORS.noPermissionToPublish(action, `only ${context.options.providerSourceId} reports events in this zone`) };
      }
      case 'SIF_Response':
        return { error: SIF_ERRORS.invalidRequestMsgId(`no SIF_Request was routed to ${agent.sourceId}, so it has nothing to respond to`) };
      default:
        return { error: SIF_ERRORS.messageNotSupported(`${message.kind} is not supported by this zone`) };
    }
  }

  /** The SIF_Ack for a message from `originalSourceId` (undefined when it could not be read). */
  private ack(version: string, originalSourceId: string | undefined, originalMsgId: string | undefined, reply: AckReply): string {
    const { options } = this.context;
    const sourceId = options.ackSourceId === 'agent' && originalSourceId ? originalSourceId : options.zisSourceId;
    return ackXml({
      version,
      header: { msgId: newMsgId(), timestamp: this.context.timestamp(), sourceId },
      originalSourceId,
      originalMsgId,
      ...('error' in reply ? { error: reply.error } : { status: reply.status }),
    });
  }
}
