import { newSifGuid, sifTimestamp } from '../guid';
import { SIF_NAMESPACE } from '../sif-namespace';
import { attribute, element } from './xml-text';

/** Who sends a message, and the SIF version it is written in (`SIF_Message/@Version`). */
export interface SifSender {
  sourceId: string;
  version: string;
}

export interface HeaderFields {
  /** Chosen by the caller when it must be known before sending (requests are recorded first). */
  msgId?: string;
  timestamp?: Date;
  destinationId?: string;
}

export interface BuiltMessage {
  msgId: string;
  xml: string;
}

/** Wraps a message body: `<SIF_Message xmlns=… Version=…><SIF_X><SIF_Header>…</SIF_Header>body</SIF_X></SIF_Message>`. */
export function sifMessage(sender: SifSender, type: string, body: string, fields: HeaderFields = {}): BuiltMessage {
  const msgId = fields.msgId ?? newSifGuid();
  const header =
    `<SIF_Header>${element('SIF_MsgId', msgId)}${element('SIF_Timestamp', sifTimestamp(fields.timestamp))}` +
    `${element('SIF_SourceId', sender.sourceId)}${element('SIF_DestinationId', fields.destinationId)}</SIF_Header>`;
  const xml = `<SIF_Message${attribute('xmlns', SIF_NAMESPACE)}${attribute('Version', sender.version)}><${type}>${header}${body}</${type}></SIF_Message>`;
  return { msgId, xml };
}
