import { childElement, childElements, type SifObjectName } from '@sisbridge/sandbox-district';
import type { Agent } from '../agents/agent-registry';
import type { IncomingMessage } from '../sif/incoming-message';
import { classifyObjectName } from '../sif/sif-object-catalog';
import { SIF_ERRORS, type SifError } from '../sif/sif-error';
import { SIF_STATUS, SIF_STATUS_DESCRIPTIONS } from '../sif/sif-status';
import { success, type AckReply } from '../zone/zone-context';

function objectNames(container: ReturnType<typeof childElement>): string[] {
  return container ? childElements(container, 'SIF_Object').map((object) => object.attributes['ObjectName'] ?? '') : [];
}

function invalidNames(names: readonly string[]): string[] {
  return names.filter((name) => classifyObjectName(name).kind === 'invalid');
}

function providedNames(names: readonly string[]): SifObjectName[] {
  return names.flatMap((name) => {
    const found = classifyObjectName(name);
    return found.kind === 'provided' ? [found.objectName] : [];
  });
}

/**
 * SIF_Provision (2.x): the agent's whole set of roles at once. Subscribing and requesting are
 * granted; providing, publishing and responding are not, PowerSchool being the only provider.
 */
export function handleProvision(agent: Agent, message: IncomingMessage): AckReply {
  const list = (name: string) => objectNames(childElement(message.body, name));
  const all = [
    'SIF_ProvideObjects',
    'SIF_SubscribeObjects',
    'SIF_PublishAddObjects',
    'SIF_PublishChangeObjects',
    'SIF_PublishDeleteObjects',
    'SIF_RequestObjects',
    'SIF_RespondObjects',
  ].flatMap(list);
  const invalid = invalidNames(all);
  if (invalid.length > 0) return { error: SIF_ERRORS.invalidProvisionObject(`not SIF objects: ${invalid.join(', ')}`) };
  const refusals: Array<[string, (names: string) => SifError]> = [
    ['SIF_ProvideObjects', (names) => SIF_ERRORS.noPermissionToProvide(`${names}: PowerSchool provides every object in this zone`)],
    ['SIF_PublishAddObjects', (names) => SIF_ERRORS.noPermissionToPublish('Add', names)],
    ['SIF_PublishChangeObjects', (names) => SIF_ERRORS.noPermissionToPublish('Change', names)],
    ['SIF_PublishDeleteObjects', (names) => SIF_ERRORS.noPermissionToPublish('Delete', names)],
    ['SIF_RespondObjects', (names) => SIF_ERRORS.noPermissionToRespond(`${names}: only PowerSchool responds in this zone`)],
  ];
  for (const [element, refuse] of refusals) {
    const names = list(element);
    if (names.length > 0) return { error: refuse(names.join(', ')) };
  }
  agent.subscriptions = new Set(providedNames(list('SIF_SubscribeObjects')));
  agent.requestObjects = new Set(list('SIF_RequestObjects'));
  return success();
}

export function handleSubscribe(agent: Agent, message: IncomingMessage): AckReply {
  const names = objectNames(message.body);
  if (names.length === 0) return { error: SIF_ERRORS.missingElement('SIF_Subscribe names no SIF_Object') };
  const invalid = invalidNames(names);
  if (invalid.length > 0) return { error: SIF_ERRORS.invalidSubscribeObject(`not SIF objects: ${invalid.join(', ')}`) };
  const provided = providedNames(names);
  if (provided.length > 0 && provided.every((name) => agent.subscriptions.has(name)))
    return { status: { code: SIF_STATUS.alreadySubscribed, desc: SIF_STATUS_DESCRIPTIONS[SIF_STATUS.alreadySubscribed] } };
  for (const name of provided) agent.subscriptions.add(name);
  return success();
}

export function handleUnsubscribe(agent: Agent, message: IncomingMessage): AckReply {
  const names = objectNames(message.body);
  if (names.length === 0) return { error: SIF_ERRORS.missingElement('SIF_Unsubscribe names no SIF_Object') };
  const invalid = invalidNames(names);
  if (invalid.length > 0) return { error: SIF_ERRORS.invalidSubscribeObject(`not SIF objects: ${invalid.join(', ')}`) };
  const notSubscribed = names.filter((name) => !agent.subscriptions.has(name as SifObjectName));
  if (notSubscribed.length > 0)
    return { error: SIF_ERRORS.notASubscriber(`${agent.sourceId} is not subscribed to ${notSubscribed.join(', ')}`) };
  for (const name of providedNames(names)) agent.subscriptions.delete(name);
  return success();
}

/** SIF_Provide: this zone's ACL lets no agent provide; PowerSchool is the provider. */
export function handleProvide(message: IncomingMessage): AckReply {
  const names = objectNames(message.body);
  const invalid = invalidNames(names);
  if (invalid.length > 0) return { error: SIF_ERRORS.invalidProvisionObject(`not SIF objects: ${invalid.join(', ')}`) };
  return { error: SIF_ERRORS.noPermissionToProvide(`${names.join(', ')}: PowerSchool provides every object in this zone`) };
}

export function handleUnprovide(agent: Agent, message: IncomingMessage): AckReply {
  return { error: SIF_ERRORS.notTheProvider(`${agent.sourceId} provides nothing here (${objectNames(message.body).join(', ')})`) };
}
