import {
  childElement,
  childElements,
  childText,
  parseXmlDocument,
  SIF_NAMESPACE,
  XmlSyntaxError,
  type XmlElement,
} from '@sisbridge/sandbox-district';
import { SIF_ERRORS, SifError } from './sif-error';

/** The message kinds SIF 2.x defines (reference/sif.md §1.3). */
export const SIF_MESSAGE_KINDS = [
  'SIF_Ack',
  'SIF_Event',
  'SIF_Provide',
  'SIF_Provision',
  'SIF_Register',
  'SIF_Request',
  'SIF_Response',
  'SIF_Subscribe',
  'SIF_SystemControl',
  'SIF_Unprovide',
  'SIF_Unregister',
  'SIF_Unsubscribe',
  'SIF_ServiceInput',
  'SIF_ServiceOutput',
  'SIF_ServiceNotify',
] as const;

export type SifMessageKind = (typeof SIF_MESSAGE_KINDS)[number];

export interface IncomingHeader {
  msgId: string;
  sourceId: string;
  timestamp: string;
  destinationId?: string;
  contexts: string[];
}

/** A SIF_Message an agent posted, read with a real XML parser and checked as far as the header. */
export interface IncomingMessage {
  version: string;
  kind: SifMessageKind;
  /** The message element itself (SIF_Register, SIF_Request, …). */
  body: XmlElement;
  header: IncomingHeader;
}

/** A message that cannot be handled, with whatever of its header could still be read for the ack. */
export class IncomingMessageError extends Error {
  constructor(
    readonly error: SifError,
    readonly partial: { version?: string; sourceId?: string; msgId?: string },
  ) {
    super(error.message);
  }
}

const GUID = /^[0-9A-F]{32}$/;

/**
 * Parses a posted SIF_Message: well-formed XML, a SIF_Message root in the SIF 2.x namespace
 * with a Version this zone speaks, exactly one message element, and a SIF_Header with
 * SIF_MsgId (a GUID), SIF_Timestamp and SIF_SourceId. Element order is not enforced: agents in
 * the field write SIF_Ack children out of schema order and zones accept it.
 */
export function parseIncomingMessage(xml: string, supportedVersions: readonly string[]): IncomingMessage {
  let root: XmlElement;
  try {
    root = parseXmlDocument(xml);
  } catch (error) {
    const detail = error instanceof XmlSyntaxError ? error.message : String(error);
    throw new IncomingMessageError(SIF_ERRORS.notWellFormed(detail), {});
  }
  const kinds = root.children.filter((child) => child.uri === SIF_NAMESPACE);
  const first = kinds[0];
  const headerElement = first ? childElement(first, 'SIF_Header') : undefined;
  const partial = {
    ...(root.attributes['Version'] ? { version: root.attributes['Version'] } : {}),
    ...(headerElement && childText(headerElement, 'SIF_SourceId') !== undefined
      ? { sourceId: childText(headerElement, 'SIF_SourceId') }
      : {}),
    ...(headerElement && childText(headerElement, 'SIF_MsgId') !== undefined ? { msgId: childText(headerElement, 'SIF_MsgId') } : {}),
  };
  const fail = (error: SifError): never => {
    throw new IncomingMessageError(error, partial);
  };

  if (root.name !== 'SIF_Message') fail(SIF_ERRORS.invalidMessage(`the root element must be SIF_Message (got ${root.name})`));
  if (root.uri !== SIF_NAMESPACE)
    fail(
      SIF_ERRORS.invalidMessage(
        `SIF_Message must be in the namespace ${SIF_NAMESPACE} (got ${root.uri === '' ? 'no namespace' : root.uri})`,
      ),
    );
  const version = root.attributes['Version'];
  if (!version) return fail(SIF_ERRORS.missingElement('SIF_Message has no Version attribute'));
  if (!supportedVersions.includes(version))
    fail(
      SIF_ERRORS.versionNotSupported(`SIF_Message Version ${version} is not supported; this zone speaks ${supportedVersions.join(', ')}`),
    );
  if (!first || kinds.length !== 1)
    return fail(SIF_ERRORS.invalidMessage(`SIF_Message must hold exactly one message element (found ${kinds.length})`));
  if (!(SIF_MESSAGE_KINDS as readonly string[]).includes(first.name))
    fail(SIF_ERRORS.messageNotSupported(`${first.name} is not a SIF 2.x message`));
  if (!headerElement) return fail(SIF_ERRORS.missingElement(`${first.name} has no SIF_Header`));

  const msgId = childText(headerElement, 'SIF_MsgId');
  const sourceId = childText(headerElement, 'SIF_SourceId');
  const timestamp = childText(headerElement, 'SIF_Timestamp');
  for (const [name, value] of [
    ['SIF_MsgId', msgId],
    ['SIF_SourceId', sourceId],
    ['SIF_Timestamp', timestamp],
  ] as const) {
    if (value === undefined || value === '') fail(SIF_ERRORS.missingElement(`SIF_Header has no ${name}`));
  }
  if (!GUID.test(msgId ?? ''))
    fail(SIF_ERRORS.invalidValue(`SIF_MsgId must be a GUID of 32 upper-case hexadecimal characters (got "${msgId}")`));
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(timestamp ?? ''))
    fail(SIF_ERRORS.invalidValue(`SIF_Timestamp must be an xs:dateTime (got "${timestamp}")`));
  const contextList = childElement(headerElement, 'SIF_Contexts');
  const contexts = contextList ? childElements(contextList, 'SIF_Context').map((context) => context.text.trim()) : [];
  const destinationId = childText(headerElement, 'SIF_DestinationId');
  return {
    version,
    kind: first.name as SifMessageKind,
    body: first,
    header: {
      msgId: msgId ?? '',
      sourceId: sourceId ?? '',
      timestamp: timestamp ?? '',
      ...(destinationId ? { destinationId } : {}),
      contexts,
    },
  };
}
