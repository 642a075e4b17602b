import { escapeAttribute, escapeText, SIF_NAMESPACE, XSI_NAMESPACE } from '@sisbridge/sandbox-district';
import type { SifError } from './sif-error';

/** An outgoing SIF_Message whose root element is added when it is delivered (push, or inside a pull ack). */
export interface RenderedMessage {
  msgId: string;
  version: string;
  kind: 'SIF_Event' | 'SIF_Response';
  /** The SIF_Event or SIF_Response element. */
  body: string;
  objectName: string;
  action?: string;
  requestMsgId?: string;
  packetNumber?: number;
  morePackets?: boolean;
}

export interface HeaderFields {
  msgId: string;
  timestamp: string;
  sourceId: string;
  destinationId?: string;
  /** PowerSchool's responses carry SIF_Security with levels 0/0 (reference/sif.md §3.3). */
  security?: boolean;
}

const SECURITY =
  '<SIF_Security><SIF_SecureChannel><SIF_AuthenticationLevel>0</SIF_AuthenticationLevel><SIF_EncryptionLevel>0</SIF_EncryptionLevel></SIF_SecureChannel></SIF_Security>';

/** SIF_Header, children in schema order. */
export function headerXml(header: HeaderFields): string {
  return (
    '<SIF_Header>' +
    `<SIF_MsgId>${header.msgId}</SIF_MsgId>` +
    `<SIF_Timestamp>${header.timestamp}</SIF_Timestamp>` +
    (header.security ? SECURITY : '') +
    `<SIF_SourceId>${escapeText(header.sourceId)}</SIF_SourceId>` +
    (header.destinationId === undefined ? '' : `<SIF_DestinationId>${escapeText(header.destinationId)}</SIF_DestinationId>`) +
    '</SIF_Header>'
  );
}

/**
 * The SIF_Message root around a body. A message nested in a pull ack may leave out `xmlns`: it
 * inherits the parent's default namespace, and PowerSchool's zone traffic does exactly that.
 */
export function messageXml(version: string, body: string, xmlns: boolean): string {
  return `<SIF_Message${xmlns ? ` xmlns="${SIF_NAMESPACE}"` : ''} Version="${escapeAttribute(version)}">${body}</SIF_Message>`;
}

export function renderMessage(message: RenderedMessage, xmlns: boolean): string {
  return messageXml(message.version, message.body, xmlns);
}

export function errorXml(error: SifError): string {
  return (
    '<SIF_Error>' +
    `<SIF_Category>${error.category}</SIF_Category>` +
    `<SIF_Code>${error.code}</SIF_Code>` +
    `<SIF_Desc>${escapeText(error.desc)}</SIF_Desc>` +
    (error.extendedDesc ? `<SIF_ExtendedDesc>${escapeText(error.extendedDesc)}</SIF_ExtendedDesc>` : '') +
    '</SIF_Error>'
  );
}

export interface AckFields {
  version: string;
  header: HeaderFields;
  /** Undefined when the message could not be read that far. */
  originalSourceId: string | undefined;
  originalMsgId: string | undefined;
  status?: { code: number; desc?: string; data?: string };
  error?: SifError;
}

/** A whole SIF_Ack message, as the body of an HTTP response. */
export function ackXml(ack: AckFields): string {
  const status = ack.status
    ? `<SIF_Status><SIF_Code>${ack.status.code}</SIF_Code>${ack.status.desc ? `<SIF_Desc>${escapeText(ack.status.desc)}</SIF_Desc>` : ''}${ack.status.data === undefined ? '' : `<SIF_Data>${ack.status.data}</SIF_Data>`}</SIF_Status>`
    : '';
  // An id that could not be read from a broken message is sent as xsi:nil rather than made up.
  const originalMsgId =
    ack.originalMsgId === undefined
      ? `<SIF_OriginalMsgId xmlns:xsi="${XSI_NAMESPACE}" xsi:nil="true"/>`
      : `<SIF_OriginalMsgId>${escapeText(ack.originalMsgId)}</SIF_OriginalMsgId>`;
  const body =
    '<SIF_Ack>' +
    headerXml(ack.header) +
    `<SIF_OriginalSourceId>${escapeText(ack.originalSourceId ?? '')}</SIF_OriginalSourceId>` +
    originalMsgId +
    (ack.error ? errorXml(ack.error) : status) +
    '</SIF_Ack>';
  return messageXml(ack.version, body, true);
}
