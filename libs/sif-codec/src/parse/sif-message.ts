import { SIF_NAMESPACE } from '../sif-namespace';
import { childNamed, textAt, type SifElement } from './sif-element';
import { SifXmlError } from './sif-xml-error';

export interface SifHeader {
  msgId: string;
  timestamp?: string;
  sourceId: string;
  destinationId?: string;
}

export interface SifStatusInfo {
  code: number;
  description?: string;
}

export interface SifErrorInfo {
  category: number;
  code: number;
  description: string;
  extendedDescription?: string;
}

interface MessageBase {
  version?: string;
  namespace: string;
  header: SifHeader;
}

export interface SifAckMessage extends MessageBase {
  type: 'SIF_Ack';
  originalSourceId?: string;
  originalMsgId?: string;
  status?: SifStatusInfo;
  error?: SifErrorInfo;
  /** A pulled message: SIF_Status/SIF_Data/SIF_Message. */
  inner?: SifMessage;
}

export interface SifResponseMessage extends MessageBase {
  type: 'SIF_Response';
  requestMsgId: string;
  packetNumber: number;
  morePackets: boolean;
  error?: SifErrorInfo;
}

export interface SifEventMessage extends MessageBase {
  type: 'SIF_Event';
  /** Each SIF_EventObject's @ObjectName and @Action, in order (the objects themselves are streamed). */
  eventObjects: Array<{ objectName: string; action: string }>;
}

export interface SifSystemControlMessage extends MessageBase {
  type: 'SIF_SystemControl';
  /** The command element, e.g. SIF_Ping, SIF_Sleep, SIF_Wakeup, SIF_GetMessage. */
  command: string;
}

export interface SifOtherMessage extends MessageBase {
  type:
    | 'SIF_Register'
    | 'SIF_Unregister'
    | 'SIF_Provision'
    | 'SIF_Subscribe'
    | 'SIF_Unsubscribe'
    | 'SIF_Provide'
    | 'SIF_Unprovide'
    | 'SIF_Request'
    | 'other';
  /** The body element's name as written. */
  body: string;
}

export type SifMessage = SifAckMessage | SifResponseMessage | SifEventMessage | SifSystemControlMessage | SifOtherMessage;

/**
 * Reads the envelope the streaming reader returned (the message without its data objects):
 * the body type, the header, and what each kind of message carries. Throws SifXmlError, with
 * the SIF_Error code an ack would carry, when it is not a SIF 2.x message.
 */
export function interpretMessage(root: SifElement): SifMessage {
  if (root.name !== 'SIF_Message') throw new SifXmlError(`the document is a <${root.name}>, not a SIF_Message`, 3);
  if (root.namespace !== SIF_NAMESPACE) {
    throw new SifXmlError(`the SIF_Message is in namespace "${root.namespace}", not ${SIF_NAMESPACE}`, 3);
  }
  const body = root.children[0];
  if (!body) throw new SifXmlError('the SIF_Message is empty', 6);
  const headerElement = childNamed(body, 'SIF_Header');
  const msgId = textAt(headerElement, 'SIF_MsgId');
  const sourceId = textAt(headerElement, 'SIF_SourceId');
  if (!msgId || !sourceId) throw new SifXmlError(`the ${body.name} has no SIF_Header with SIF_MsgId and SIF_SourceId`, 6);
  const header: SifHeader = { msgId, sourceId };
  const timestamp = textAt(headerElement, 'SIF_Timestamp');
  if (timestamp) header.timestamp = timestamp;
  const destinationId = textAt(headerElement, 'SIF_DestinationId');
  if (destinationId) header.destinationId = destinationId;
  const base: MessageBase = { namespace: root.namespace, header };
  const version = root.attributes['Version'];
  if (version) base.version = version;

  switch (body.name) {
    case 'SIF_Ack':
      return readAck(base, body);
    case 'SIF_Response':
      return readResponse(base, body);
    case 'SIF_Event':
      return {
        ...base,
        type: 'SIF_Event',
        eventObjects: (childNamed(body, 'SIF_ObjectData')?.children ?? [])
          .filter((child) => child.name === 'SIF_EventObject')
          .map((child) => ({ objectName: child.attributes['ObjectName'] ?? '', action: child.attributes['Action'] ?? '' })),
      };
    case 'SIF_SystemControl': {
      const command = childNamed(body, 'SIF_SystemControlData')?.children[0]?.name;
      if (!command) throw new SifXmlError('the SIF_SystemControl has no command in SIF_SystemControlData', 6);
      return { ...base, type: 'SIF_SystemControl', command };
    }
    case 'SIF_Register':
    case 'SIF_Unregister':
    case 'SIF_Provision':
    case 'SIF_Subscribe':
    case 'SIF_Unsubscribe':
    case 'SIF_Provide':
    case 'SIF_Unprovide':
    case 'SIF_Request':
      return { ...base, type: body.name, body: body.name };
    default:
      return { ...base, type: 'other', body: body.name };
  }
}

function readAck(base: MessageBase, body: SifElement): SifAckMessage {
  const ack: SifAckMessage = { ...base, type: 'SIF_Ack' };
  const originalSourceId = textAt(body, 'SIF_OriginalSourceId');
  if (originalSourceId) ack.originalSourceId = originalSourceId;
  const originalMsgId = textAt(body, 'SIF_OriginalMsgId');
  if (originalMsgId) ack.originalMsgId = originalMsgId;
  const status = childNamed(body, 'SIF_Status');
  if (status) {
    ack.status = { code: integer(textAt(status, 'SIF_Code'), 'SIF_Status/SIF_Code') };
    const description = textAt(status, 'SIF_Desc');
    if (description) ack.status.description = description;
    const inner = childNamed(childNamed(status, 'SIF_Data'), 'SIF_Message');
    if (inner) ack.inner = interpretMessage(inner);
  }
  const error = readError(body);
  if (error) ack.error = error;
  if (!ack.status && !ack.error) throw new SifXmlError('the SIF_Ack has neither SIF_Status nor SIF_Error', 6);
  return ack;
}

function readResponse(base: MessageBase, body: SifElement): SifResponseMessage {
  const requestMsgId = textAt(body, 'SIF_RequestMsgId');
  if (!requestMsgId) throw new SifXmlError('the SIF_Response has no SIF_RequestMsgId', 6);
  const packetNumber = integer(textAt(body, 'SIF_PacketNumber'), 'SIF_PacketNumber');
  if (packetNumber < 1) throw new SifXmlError(`the SIF_Response has SIF_PacketNumber ${packetNumber}; packets are numbered from 1`, 4);
  const more = textAt(body, 'SIF_MorePackets');
  if (more !== 'Yes' && more !== 'No')
    throw new SifXmlError(`the SIF_Response has SIF_MorePackets ${JSON.stringify(more ?? '')}; it must be Yes or No`, 3);
  const response: SifResponseMessage = { ...base, type: 'SIF_Response', requestMsgId, packetNumber, morePackets: more === 'Yes' };
  const error = readError(body);
  if (error) response.error = error;
  return response;
}

function readError(body: SifElement): SifErrorInfo | undefined {
  const error = childNamed(body, 'SIF_Error');
  if (!error) return undefined;
  const info: SifErrorInfo = {
    category: integer(textAt(error, 'SIF_Category'), 'SIF_Error/SIF_Category'),
    code: integer(textAt(error, 'SIF_Code'), 'SIF_Error/SIF_Code'),
    description: textAt(error, 'SIF_Desc') ?? '',
  };
  const extended = textAt(error, 'SIF_ExtendedDesc');
  if (extended) info.extendedDescription = extended;
  return info;
}

function integer(text: string | undefined, what: string): number {
  if (text === undefined || !/^-?\d+$/.test(text))
    throw new SifXmlError(`${what} must be a whole number (got ${JSON.stringify(text ?? '')})`, text === undefined ? 6 : 3);
  return Number(text);
}
