import {
  buildAck,
  buildProvision,
  buildRegister,
  buildRequest,
  buildSystemControl,
  SIF_OBJECT_NAMES,
  type SifSender,
} from '@sisbridge/sif-codec';

export interface BarePull {
  ms: number;
  packets: number;
  bytes: number;
  /** Time from sending each SIF_GetMessage to the end of its response body: the zone building and sending the packet. */
  getMessageMs: number;
  ackMs: number;
}

/**
 * The floor of a pull ingest against this zone: the same SIF_Requests as the agent (same
 * objects, same @SchoolYear conditions, same buffer), then SIF_GetMessage and SIF_Ack for every
 * packet in turn, as the protocol requires, with no parsing and no storage (the inner
 * SIF_MsgId is found with indexOf). What is left is the zone's time to build and send packets
 * plus the HTTP round trips: no agent can pull faster than this, whatever it does with the bytes.
 */
export async function barePull(
  zoneUrl: string,
  maxBufferSize: number,
  schoolYear: number,
  withSchoolYear: ReadonlySet<string>,
): Promise<BarePull> {
  const sender: SifSender = { sourceId: `bench-bare-${process.pid}`, version: '2.0r1' };
  const post = async (xml: string): Promise<string> => {
    const response = await fetch(zoneUrl, { method: 'POST', headers: { 'content-type': 'application/xml;charset="utf-8"' }, body: xml });
    return response.text();
  };
  await post(buildRegister(sender, { name: 'bare pull', maxBufferSize, mode: 'Pull' }).xml);
  await post(buildProvision(sender, { subscribe: [], request: SIF_OBJECT_NAMES }).xml);
  const started = performance.now();
  for (const objectName of SIF_OBJECT_NAMES) {
    const conditions = withSchoolYear.has(objectName) ? [{ element: '@SchoolYear', operator: 'EQ' as const, value: schoolYear }] : [];
    const ack = await post(buildRequest(sender, { objectName, maxBufferSize, conditions }).xml);
    if (!ack.includes('<SIF_Code>0</SIF_Code>') && !ack.includes('<SIF_Code>1</SIF_Code>'))
      throw new Error(`bare pull: the request for ${objectName} was refused: ${ack.slice(0, 300)}`);
  }
  let packets = 0;
  let bytes = 0;
  let getMessageMs = 0;
  let ackMs = 0;
  for (let complete = 0; complete < SIF_OBJECT_NAMES.length;) {
    const asked = performance.now();
    const pulled = await post(buildSystemControl(sender, 'SIF_GetMessage').xml);
    getMessageMs += performance.now() - asked;
    const inner = pulled.indexOf('<SIF_Response');
    if (inner < 0) throw new Error(`bare pull: the zone ran out of messages after ${packets} packets: ${pulled.slice(0, 300)}`);
    packets++;
    bytes += Buffer.byteLength(pulled);
    const msgId = textAfter(pulled, 'SIF_MsgId', inner);
    const sourceId = textAfter(pulled, 'SIF_SourceId', inner);
    if (textAfter(pulled, 'SIF_MorePackets', inner) === 'No') complete++;
    const acking = performance.now();
    await post(buildAck(sender, { originalSourceId: sourceId, originalMsgId: msgId }, { status: 1 }).xml);
    ackMs += performance.now() - acking;
  }
  return { ms: performance.now() - started, packets, bytes, getMessageMs, ackMs };
}

function textAfter(xml: string, tag: string, from: number): string {
  const start = xml.indexOf(`<${tag}>`, from);
  if (start < 0) return '';
  return xml.slice(start + tag.length + 2, xml.indexOf(`</${tag}>`, start));
}
