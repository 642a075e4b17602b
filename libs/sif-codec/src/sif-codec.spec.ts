import {
  buildAck,
  buildRegister,
  buildRequest,
  interpretMessage,
  readObject,
  SifMessageReader,
  SifXmlError,
  validateRecord,
  type SifDataObject,
} from './index';

const NS = 'http://www.sifinfo.org/infrastructure/2.x';
const pulled = (inner: string, innerXmlns: boolean) =>
  `<SIF_Message xmlns="${NS}" Version="2.0r1"><SIF_Ack><SIF_Header><SIF_MsgId>A1</SIF_MsgId><SIF_SourceId>ZIS</SIF_SourceId></SIF_Header>` +
  `<SIF_OriginalSourceId>me</SIF_OriginalSourceId><SIF_OriginalMsgId>B2</SIF_OriginalMsgId><SIF_Status><SIF_Code>0</SIF_Code><SIF_Data>` +
  `<SIF_Message${innerXmlns ? ` xmlns="${NS}"` : ''} Version="2.0r1"><SIF_Response><SIF_Header><SIF_MsgId>C3</SIF_MsgId><SIF_SourceId>PowerSchool</SIF_SourceId><SIF_DestinationId>me</SIF_DestinationId></SIF_Header>` +
  `<SIF_RequestMsgId>D4</SIF_RequestMsgId><SIF_PacketNumber>2</SIF_PacketNumber><SIF_MorePackets>No</SIF_MorePackets><SIF_ObjectData>${inner}</SIF_ObjectData></SIF_Response></SIF_Message>` +
  `</SIF_Data></SIF_Status></SIF_Ack></SIF_Message>`;

function read(xml: string, chunk = 7, maxFieldLength = 64) {
  const objects: SifDataObject[] = [];
  const reader = new SifMessageReader((object) => objects.push(object), { maxFieldLength, maxObjectElements: 50 });
  for (let i = 0; i < xml.length; i += chunk) reader.write(xml.slice(i, i + chunk));
  return { message: interpretMessage(reader.end()), objects };
}

describe('SIF codec', () => {
  it.each([true, false])('reads a pulled response in small chunks, the inner message with its own xmlns: %s', (innerXmlns) => {
    const school = `<SchoolInfo RefId="F6"><SchoolName>Example &amp; Co</SchoolName><SIF_ExtendedElements><SIF_ExtendedElement Name="DCID">7</SIF_ExtendedElement></SIF_ExtendedElements></SchoolInfo>`;
    const { message, objects } = read(pulled(school + school.replace('F6', 'F7'), innerXmlns));
    expect(message.type).toBe('SIF_Ack');
    if (message.type !== 'SIF_Ack') return;
    expect(message.inner).toMatchObject({
      type: 'SIF_Response',
      requestMsgId: 'D4',
      packetNumber: 2,
      morePackets: false,
      namespace: NS,
      header: { msgId: 'C3', sourceId: 'PowerSchool' },
    });
    expect(objects.map((o) => readObject(o, 64))).toEqual([
      {
        objectName: 'SchoolInfo',
        refId: 'F6',
        record: { objectName: 'SchoolInfo', refId: 'F6', schoolName: 'Example & Co', extendedElements: { DCID: '7' } },
        problems: [],
      },
      {
        objectName: 'SchoolInfo',
        refId: 'F7',
        record: { objectName: 'SchoolInfo', refId: 'F7', schoolName: 'Example & Co', extendedElements: { DCID: '7' } },
        problems: [],
      },
    ]);
  });

  it('flags an over-long value without keeping it, an object in another namespace, and text that was not UTF-8', () => {
    const objects = read(
      pulled(
        `<StaffPersonal RefId="A"><LocalId>${'x'.repeat(500)}</LocalId></StaffPersonal>` +
          `<StaffPersonal xmlns="http://www.sifinfo.org/uk/infrastructure/2.x" RefId="B"/>` +
          `<StaffPersonal RefId="C"><LocalId>Ren\uFFFDe</LocalId></StaffPersonal>`,
        false,
      ),
    ).objects.map((o) => readObject(o, 64).problems);
    expect(objects).toEqual([
      ['StaffPersonal/LocalId is 500 characters long; the longest value accepted is 64 (maxFieldLength)'],
      [
        'StaffPersonal is in the XML namespace "http://www.sifinfo.org/uk/infrastructure/2.x", not the SIF 2.x US namespace http://www.sifinfo.org/infrastructure/2.x',
      ],
      ['StaffPersonal/LocalId holds bytes that are not valid UTF-8 (shown as U+FFFD)'],
    ]);
  });

  it('names the mandatory elements a whole object lacks', () => {
    const [object] = read(pulled(`<TermInfo RefId="T" SchoolYear="2026"><StartDate>2025-08-20</StartDate></TermInfo>`, false)).objects;
    const record = object && readObject(object, 64).record;
    expect(record && validateRecord(record)).toEqual(['TermInfo/@SchoolInfoRefId is missing', 'TermInfo/EndDate is missing']);
  });

  it('refuses what is not well-formed, and what is not a SIF message', () => {
    expect(() => read('<SIF_Message xmlns="x"><SIF_Ack>')).toThrow(SifXmlError);
    expect(() => read('<Other/>')).toThrow('the document is a <Other>, not a SIF_Message');
  });

  it('builds register, request and ack messages that read back', () => {
    const sender = { sourceId: 'agent', version: '2.0r1' };
    expect(buildRegister(sender, { name: 'n', maxBufferSize: 65536, mode: 'Push', pushUrl: 'https://a.example/sif/push/d' }).xml).toContain(
      '<SIF_Version>2.0r1</SIF_Version><SIF_Version>2.*</SIF_Version><SIF_MaxBufferSize>65536</SIF_MaxBufferSize><SIF_Mode>Push</SIF_Mode><SIF_Protocol Type="HTTPS" Secure="Yes"><SIF_URL>https://a.example/sif/push/d</SIF_URL></SIF_Protocol>',
    );
    const request = buildRequest(
      sender,
      { objectName: 'SectionInfo', maxBufferSize: 4096, conditions: [{ element: '@SchoolYear', operator: 'EQ', value: 2026 }] },
      { msgId: 'M1' },
    );
    expect(request.xml).toContain(
      '<SIF_ConditionGroup Type="None"><SIF_Conditions Type="None"><SIF_Condition><SIF_Element>@SchoolYear</SIF_Element><SIF_Operator>EQ</SIF_Operator><SIF_Value>2026</SIF_Value></SIF_Condition></SIF_Conditions></SIF_ConditionGroup>',
    );
    expect(read(request.xml).message).toMatchObject({ type: 'SIF_Request', header: { msgId: 'M1', sourceId: 'agent' } });
    const ack = read(
      buildAck(
        sender,
        { originalSourceId: 'PowerSchool', originalMsgId: 'X' },
        { error: { category: 1, code: 2, description: 'bad <xml>' } },
      ).xml,
    ).message;
    expect(ack).toMatchObject({ type: 'SIF_Ack', originalMsgId: 'X', error: { category: 1, code: 2, description: 'bad <xml>' } });
  });
});
