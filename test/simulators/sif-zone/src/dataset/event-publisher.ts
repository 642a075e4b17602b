import { escapeAttribute, type SifObjectName } from '@sisbridge/sandbox-district';
import { newMsgId } from '../sif/sif-clock';
import { headerXml, type RenderedMessage } from '../sif/message-writer';
import { compareVersions } from '../sif/sif-versions';
import type { ZoneContext } from '../zone/zone-context';
import { powerSchoolReports, type EventAction } from './powerschool-events';

export interface PublishedEvent {
  objectName: SifObjectName;
  refId: string;
  action: EventAction;
  /** SIF_MsgId of the event (the same for every subscriber, as the zone routes one event). */
  msgId: string | null;
  /** The subscribers it was queued for; empty when nobody subscribes or PowerSchool does not report it. */
  deliveredTo: string[];
  /** Why it was not published, when it was not. */
  suppressed?: string;
}

/** The messages each published event was queued as, per subscriber, to deliver the same event again. */
const queuedMessages = new WeakMap<PublishedEvent, Map<string, RenderedMessage>>();

/** SIF_Action="Delete" on list items exists from SIF 2.5 on. */
export function supportsListItemDeletes(version: string): boolean {
  return compareVersions(version, '2.5') >= 0;
}

/**
 * Publishes PowerSchool's SIF_Events to every subscriber's queue. `eventObject` writes the
 * object (whole, partial or key only) for a message version, or null when there is nothing to
 * report for that version.
 */
export function publishEvent(
  context: ZoneContext,
  objectName: SifObjectName,
  refId: string,
  action: EventAction,
  eventObject: (version: string) => string | null,
): PublishedEvent {
  if (!powerSchoolReports(objectName, action, context.options.deleteEvents)) {
    const why =
      action === 'Delete' && objectName !== 'LEAInfo'
        ? 'Delete events are off, as PowerSchool ships them'
        : `PowerSchool does not report ${objectName} ${action} events`;
    return { objectName, refId, action, msgId: null, deliveredTo: [], suppressed: why };
  }
  const msgId = newMsgId();
  const timestamp = context.timestamp();
  const header = headerXml({ msgId, timestamp, sourceId: context.options.providerSourceId, security: true });
  const deliveredTo: string[] = [];
  const queued = new Map<string, RenderedMessage>();
  const byVersion = new Map<string, string | null>();
  for (const agent of context.agents.subscribersOf(objectName)) {
    if (!byVersion.has(agent.version)) byVersion.set(agent.version, eventObject(agent.version));
    const objectXml = byVersion.get(agent.version);
    if (!objectXml) continue;
    const message: RenderedMessage = {
      msgId,
      version: agent.version,
      kind: 'SIF_Event',
      body: `<SIF_Event>${header}<SIF_ObjectData><SIF_EventObject ObjectName="${escapeAttribute(objectName)}" Action="${action}">${objectXml}</SIF_EventObject></SIF_ObjectData></SIF_Event>`,
      objectName,
      action,
    };
    agent.queue.enqueueMessage(message);
    deliveredTo.push(agent.sourceId);
    queued.set(agent.sourceId, message);
  }
  const published: PublishedEvent = { objectName, refId, action, msgId, deliveredTo };
  queuedMessages.set(published, queued);
  return published;
}

/**
 * Delivers an event again, as it was (same SIF_MsgId, same body), to each subscriber it went to
 * that is still registered: what a zone that lost an ack does. The agent must apply it once.
 */
export function redeliverEvent(context: ZoneContext, event: PublishedEvent): PublishedEvent {
  const deliveredTo: string[] = [];
  for (const [sourceId, message] of queuedMessages.get(event) ?? []) {
    const agent = context.agents.all().find((candidate) => candidate.sourceId === sourceId);
    if (!agent) continue;
    agent.queue.enqueueMessage(message);
    deliveredTo.push(sourceId);
  }
  return { ...event, deliveredTo };
}
