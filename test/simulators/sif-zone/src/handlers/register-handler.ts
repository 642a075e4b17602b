import { childElement, childElements, childText } from '@sisbridge/sandbox-district';
import { agentAclXml } from '../agents/agent-acl';
import type { Agent } from '../agents/agent-registry';
import type { IncomingMessage } from '../sif/incoming-message';
import { SIF_ERRORS } from '../sif/sif-error';
import { negotiateVersion } from '../sif/sif-versions';
import { success, type AckReply, type ZoneContext } from '../zone/zone-context';

function positiveInteger(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}

/**
 * SIF_Register: checks the agent may register, that one of its versions is spoken here, its
 * buffer, mode and (for push) protocol; then registers it, or updates its settings when it
 * re-registers (its queue and subscriptions are kept). The ack carries the agent's ACL.
 */
export function handleRegister(context: ZoneContext, message: IncomingMessage): AckReply {
  const { body, header } = message;
  const { options } = context;
  const restrict = options.restrictSourceIds;
  if (restrict && !restrict.includes(header.sourceId)) {
    return {
      error: SIF_ERRORS.noPermissionToRegister(`SIF_SourceId "${header.sourceId}" is not one this zone admits (${restrict.join(', ')})`),
    };
  }
  const name = childText(body, 'SIF_Name');
  if (!name) return { error: SIF_ERRORS.missingElement('SIF_Register has no SIF_Name') };
  const versions = childElements(body, 'SIF_Version')
    .map((version) => version.text.trim())
    .filter((version) => version !== '');
  if (versions.length === 0) return { error: SIF_ERRORS.missingElement('SIF_Register has no SIF_Version') };
  const version = negotiateVersion(versions, options.supportedVersions, options.providerVersion);
  if (!version)
    return {
      error: SIF_ERRORS.versionsNotSupported(`none of ${versions.join(', ')} is spoken here (${options.supportedVersions.join(', ')})`),
    };
  const bufferText = childText(body, 'SIF_MaxBufferSize');
  if (bufferText === undefined) return { error: SIF_ERRORS.missingElement('SIF_Register has no SIF_MaxBufferSize') };
  const maxBufferSize = positiveInteger(bufferText);
  if (maxBufferSize === undefined)
    return { error: SIF_ERRORS.invalidValue(`SIF_MaxBufferSize must be a positive whole number of bytes (got "${bufferText}")`) };
  if (maxBufferSize < options.minBufferSize)
    return {
      error: SIF_ERRORS.bufferTooSmallToRegister(
        `SIF_MaxBufferSize ${maxBufferSize} is below this zone's minimum of ${options.minBufferSize} bytes`,
      ),
    };
  const mode = childText(body, 'SIF_Mode');
  if (mode === undefined) return { error: SIF_ERRORS.missingElement('SIF_Register has no SIF_Mode') };
  if (mode !== 'Push' && mode !== 'Pull') return { error: SIF_ERRORS.invalidValue(`SIF_Mode must be Push or Pull (got "${mode}")`) };

  let url: string | undefined;
  if (mode === 'Push') {
    const protocol = childElement(body, 'SIF_Protocol');
    if (!protocol) return { error: SIF_ERRORS.missingElement('a Push agent must register SIF_Protocol with its SIF_URL') };
    const type = protocol.attributes['Type'];
    if (type !== 'HTTP' && type !== 'HTTPS')
      return { error: SIF_ERRORS.transportNotSupported(`SIF_Protocol Type must be HTTP or HTTPS (got "${type ?? ''}")`) };
    url = childText(protocol, 'SIF_URL');
    if (!url) return { error: SIF_ERRORS.missingElement('SIF_Protocol has no SIF_URL') };
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { error: SIF_ERRORS.invalidValue(`SIF_URL is not a URL (got "${url}")`) };
    }
    if (parsed.protocol !== `${type.toLowerCase()}:`)
      return { error: SIF_ERRORS.invalidValue(`SIF_URL ${url} does not match SIF_Protocol Type ${type}`) };
  }

  const existing = context.agents.get(header.sourceId);
  const agent: Agent = existing ?? {
    sourceId: header.sourceId,
    name,
    versions,
    version,
    maxBufferSize,
    mode,
    asleep: false,
    subscriptions: new Set(),
    requestObjects: new Set(),
    queue: context.newQueue(header.sourceId),
    registeredAt: header.timestamp,
    push: { attempts: 0, failures: 0 },
  };
  Object.assign(agent, { name, versions, version, maxBufferSize, mode, registeredAt: header.timestamp });
  if (url === undefined) delete agent.url;
  else agent.url = url;
  context.agents.set(agent);
  void context.syncPush(agent);
  options.log(
    `${existing ? 're-registered' : 'registered'} ${agent.sourceId} (${mode}${url ? ` to ${url}` : ''}, SIF ${version}, buffer ${maxBufferSize})`,
  );
  return success(agentAclXml());
}

/** SIF_Unregister: the agent, its queue and its subscriptions are gone. */
export async function handleUnregister(context: ZoneContext, message: IncomingMessage): Promise<AckReply> {
  context.agents.delete(message.header.sourceId);
  await context.stopPush(message.header.sourceId);
  context.options.log(`unregistered ${message.header.sourceId}`);
  return success();
}
