import { sifMessage, type BuiltMessage, type HeaderFields, type SifSender } from './sif-header';
import { element } from './xml-text';

/** The message an ack answers: the inner message's SIF_SourceId and SIF_MsgId for a pulled one. */
export interface AckTarget {
  originalSourceId: string;
  originalMsgId: string;
}

export type AckOutcome =
  | { status: number; description?: string }
  | { error: { category: number; code: number; description: string; extendedDescription?: string } };

/** SIF_Ack with SIF_Status (e.g. 1, "stored") or SIF_Error (e.g. 1/2, not well-formed). */
export function buildAck(sender: SifSender, target: AckTarget, outcome: AckOutcome, fields?: HeaderFields): BuiltMessage {
  const result =
    'status' in outcome
      ? `<SIF_Status>${element('SIF_Code', outcome.status)}${element('SIF_Desc', outcome.description)}</SIF_Status>`
      : `<SIF_Error>${element('SIF_Category', outcome.error.category)}${element('SIF_Code', outcome.error.code)}${element('SIF_Desc', outcome.error.description)}${element('SIF_ExtendedDesc', outcome.error.extendedDescription)}</SIF_Error>`;
  const body = `${element('SIF_OriginalSourceId', target.originalSourceId)}${element('SIF_OriginalMsgId', target.originalMsgId)}${result}`;
  return sifMessage(sender, 'SIF_Ack', body, fields);
}
