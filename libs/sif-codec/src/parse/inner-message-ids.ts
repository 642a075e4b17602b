import { childNamed, textAt, type SifElement } from './sif-element';

/** What can be told about a message that could not be read to its end, to ack it and say which packet it was. */
export interface PartialMessageIds {
  /** The message to ack: the pulled (inner) one when there is one, else the message itself. */
  msgId?: string;
  sourceId?: string;
  requestMsgId?: string;
  packetNumber?: number;
}

/**
 * Digs the ids out of a partial envelope, tolerating anything missing: for a pulled SIF_Ack,
 * from SIF_Status/SIF_Data/SIF_Message; otherwise from the message itself.
 */
export function partialMessageIds(root: SifElement | undefined): PartialMessageIds {
  const body = root?.children[0];
  const inner =
    body?.name === 'SIF_Ack' ? childNamed(childNamed(childNamed(body, 'SIF_Status'), 'SIF_Data'), 'SIF_Message')?.children[0] : body;
  const header = childNamed(inner, 'SIF_Header');
  const ids: PartialMessageIds = {};
  const msgId = textAt(header, 'SIF_MsgId');
  if (msgId) ids.msgId = msgId;
  const sourceId = textAt(header, 'SIF_SourceId');
  if (sourceId) ids.sourceId = sourceId;
  const requestMsgId = textAt(inner, 'SIF_RequestMsgId');
  if (requestMsgId) ids.requestMsgId = requestMsgId;
  const packet = textAt(inner, 'SIF_PacketNumber');
  if (packet && /^\d+$/.test(packet)) ids.packetNumber = Number(packet);
  return ids;
}
