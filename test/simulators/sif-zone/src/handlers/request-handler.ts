import { childElement, childElements, childText } from '@sisbridge/sandbox-district';
import type { Agent } from '../agents/agent-registry';
import { parseSifQuery, type ParsedQuery } from '../requests/sif-query';
import { ResponseStream } from '../requests/response-stream';
import type { IncomingMessage } from '../sif/incoming-message';
import { classifyObjectName } from '../sif/sif-object-catalog';
import { SIF_ERRORS, SifError } from '../sif/sif-error';
import { negotiateVersion, versionMatches } from '../sif/sif-versions';
import { success, type AckReply, type ZoneContext } from '../zone/zone-context';

/**
 * SIF_Request: the zone checks it can route it (a SIF object PowerSchool provides, a buffer no
 * larger than the agent registered) and acks; PowerSchool's answer then arrives as SIF_Response
 * packets in the agent's queue, or as one SIF_Response carrying a SIF_Error when PowerSchool
 * cannot answer (version, query, buffer too small for one object).
 */
export function handleRequest(context: ZoneContext, agent: Agent, message: IncomingMessage): AckReply {
  const { body, header } = message;
  const { options } = context;
  const versions = childElements(body, 'SIF_Version')
    .map((version) => version.text.trim())
    .filter((version) => version !== '');
  if (versions.length === 0) return { error: SIF_ERRORS.missingElement('SIF_Request has no SIF_Version') };
  const bufferText = childText(body, 'SIF_MaxBufferSize');
  if (bufferText === undefined) return { error: SIF_ERRORS.missingElement('SIF_Request has no SIF_MaxBufferSize') };
  if (!/^\d+$/.test(bufferText) || Number(bufferText) <= 0)
    return { error: SIF_ERRORS.invalidValue(`SIF_MaxBufferSize must be a positive whole number of bytes (got "${bufferText}")`) };
  const maxBufferSize = Number(bufferText);
  const query = childElement(body, 'SIF_Query');
  const extendedQuery = childElement(body, 'SIF_ExtendedQuery');
  if (!query && !extendedQuery) return { error: SIF_ERRORS.missingElement('SIF_Request has neither SIF_Query nor SIF_ExtendedQuery') };
  const objectName = query
    ? childElement(query, 'SIF_QueryObject')?.attributes['ObjectName']
    : childElement(extendedQuery ?? body, 'SIF_From')?.attributes['ObjectName'];
  if (!objectName)
    return {
      error: SIF_ERRORS.missingElement(
        query ? 'SIF_Query has no SIF_QueryObject/@ObjectName' : 'SIF_ExtendedQuery has no SIF_From/@ObjectName',
      ),
    };
  const found = classifyObjectName(objectName);
  if (found.kind === 'invalid') return { error: SIF_ERRORS.invalidRequestObject(`${objectName} is not a SIF object`) };
  if (found.kind === 'unprovided') return { error: SIF_ERRORS.noProvider(`no agent in this zone provides ${objectName}`) };
  if (header.destinationId !== undefined && header.destinationId !== options.providerSourceId) {
    return {
      error: SIF_ERRORS.noProvider(
        `SIF_DestinationId "${header.destinationId}" provides nothing here; ${options.providerSourceId} provides ${objectName}`,
      ),
    };
  }
  if (maxBufferSize > agent.maxBufferSize) {
    return {
      error: SIF_ERRORS.bufferSizeNotSupported(
        `SIF_MaxBufferSize ${maxBufferSize} is larger than the ${agent.maxBufferSize} bytes ${agent.sourceId} registered`,
      ),
    };
  }

  // The request's own message version is the preferred one for the answer (reference/sif.md §1.1).
  const responseVersion = versions.some((version) => versionMatches(version, message.version))
    ? message.version
    : negotiateVersion(versions, options.supportedVersions, options.providerVersion);
  let error: SifError | undefined;
  let parsed: ParsedQuery | undefined;
  if (!responseVersion)
    error = SIF_ERRORS.requestVersionNotSupported(
      `PowerSchool answers in ${options.supportedVersions.join(', ')}; the request asks for ${versions.join(', ')}`,
    );
  else if (extendedQuery) error = SIF_ERRORS.extendedQueryNotSupported('PowerSchool answers SIF_Query only');
  else if (query) {
    try {
      parsed = parseSifQuery(query, found.objectName, options.yearlessSchoolYear);
    } catch (queryError) {
      if (!(queryError instanceof SifError)) throw queryError;
      error = queryError;
    }
  }
  const pinned = parsed?.refId === undefined ? undefined : context.dataset.get(found.objectName, parsed.refId);
  agent.queue.enqueueResponse(
    new ResponseStream({
      objectName: found.objectName,
      objects: parsed?.refId === undefined ? context.dataset.list(found.objectName) : pinned ? [pinned] : [],
      matches: parsed?.matches ?? (() => false),
      verbatim: context.dataset.verbatim(found.objectName),
      matchesVerbatim: parsed?.matchesVerbatim ?? (() => false),
      ...(parsed?.elements ? { elements: parsed.elements } : {}),
      requestMsgId: header.msgId,
      destinationId: agent.sourceId,
      version: responseVersion ?? message.version,
      maxBufferSize,
      onePerPacket: options.paging === 'one-per-packet',
      providerSourceId: options.providerSourceId,
      dcidElementName: context.dataset.dcidElementName,
      timestamp: () => context.timestamp(),
      ...(error ? { error } : {}),
    }),
  );
  return success();
}
