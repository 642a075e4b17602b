import { SIF_OBJECT_NAMES } from '@sisbridge/sandbox-district';

function access(element: string, objectNames: readonly string[]): string {
  return objectNames.length === 0
    ? `<${element}/>`
    : `<${element}>${objectNames.map((name) => `<SIF_Object ObjectName="${name}"/>`).join('')}</${element}>`;
}

/**
 * The SIF_AgentACL this zone grants every agent (in SIF_Status/SIF_Data of the register and
 * SIF_GetAgentACL acks): subscribe to and request what PowerSchool provides; nothing to provide,
 * publish or respond to, since PowerSchool is the zone's only provider.
 */
export function agentAclXml(): string {
  return (
    '<SIF_AgentACL>' +
    access('SIF_ProvideAccess', []) +
    access('SIF_SubscribeAccess', SIF_OBJECT_NAMES) +
    access('SIF_PublishAddAccess', []) +
    access('SIF_PublishChangeAccess', []) +
    access('SIF_PublishDeleteAccess', []) +
    access('SIF_RequestAccess', SIF_OBJECT_NAMES) +
    access('SIF_RespondAccess', []) +
    '</SIF_AgentACL>'
  );
}
