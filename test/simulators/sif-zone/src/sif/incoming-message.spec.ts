import { IncomingMessageError, parseIncomingMessage } from './incoming-message';
import { SIF_2_VERSIONS } from './sif-versions';

const NS = 'http://www.sifinfo.org/infrastructure/2.x';
const MSG_ID = '5A1C0E6B2F4D4B0E9C3A7D2E1F0B9A88';
const header = (msgId = MSG_ID) =>
  `<SIF_Header><SIF_MsgId>${msgId}</SIF_MsgId><SIF_Timestamp>2025-08-20T07:00:00-06:00</SIF_Timestamp><SIF_SourceId>lms</SIF_SourceId></SIF_Header>`;

function failure(xml: string): { category: number; code: number; extendedDesc?: string; partial: object } | undefined {
  try {
    parseIncomingMessage(xml, SIF_2_VERSIONS);
  } catch (error) {
    if (!(error instanceof IncomingMessageError)) throw error;
    return {
      category: error.error.category,
      code: error.error.code,
      ...(error.error.extendedDesc ? { extendedDesc: error.error.extendedDesc } : {}),
      partial: error.partial,
    };
  }
  return undefined;
}

describe('reading a posted SIF_Message', () => {
  it('reads the header whatever the order of the elements after it', () => {
    const message = parseIncomingMessage(
      `<SIF_Message xmlns="${NS}" Version="2.0r1"><SIF_Ack><SIF_OriginalSourceId>PowerSchool</SIF_OriginalSourceId>${header()}<SIF_OriginalMsgId>X</SIF_OriginalMsgId></SIF_Ack></SIF_Message>`,
      SIF_2_VERSIONS,
    );
    expect([message.kind, message.version, message.header.msgId, message.header.sourceId]).toEqual(['SIF_Ack', '2.0r1', MSG_ID, 'lms']);
  });

  it.each([
    ['not well-formed XML', '<SIF_Message><SIF_Ack></SIF_Message>', 1, 2],
    [
      'another namespace',
      `<SIF_Message xmlns="http://www.sifinfo.org/uk/infrastructure/2.x" Version="2.0r1"><SIF_Register>${header()}</SIF_Register></SIF_Message>`,
      1,
      3,
    ],
    ['no namespace', `<SIF_Message Version="2.0r1"><SIF_Register>${header()}</SIF_Register></SIF_Message>`, 1, 3],
    [
      'a version this zone does not speak',
      `<SIF_Message xmlns="${NS}" Version="1.5r1"><SIF_Register>${header()}</SIF_Register></SIF_Message>`,
      12,
      3,
    ],
    ['no Version', `<SIF_Message xmlns="${NS}"><SIF_Register>${header()}</SIF_Register></SIF_Message>`, 1, 6],
    ['an unknown message', `<SIF_Message xmlns="${NS}" Version="2.0r1"><SIF_Shout>${header()}</SIF_Shout></SIF_Message>`, 12, 2],
    [
      'no SIF_SourceId',
      `<SIF_Message xmlns="${NS}" Version="2.0r1"><SIF_Register><SIF_Header><SIF_MsgId>${MSG_ID}</SIF_MsgId><SIF_Timestamp>2025-08-20T07:00:00</SIF_Timestamp></SIF_Header></SIF_Register></SIF_Message>`,
      1,
      6,
    ],
    [
      'a lower-case GUID',
      `<SIF_Message xmlns="${NS}" Version="2.0r1"><SIF_Register>${header(MSG_ID.toLowerCase())}</SIF_Register></SIF_Message>`,
      1,
      4,
    ],
  ])('answers %s with its SIF_Error', (_what, xml, category, code) => {
    expect(failure(xml)).toMatchObject({ category, code });
  });

  it('keeps what it could read of the header for the ack', () => {
    expect(failure(`<SIF_Message xmlns="${NS}" Version="1.5r1"><SIF_Register>${header()}</SIF_Register></SIF_Message>`)?.partial).toEqual({
      version: '1.5r1',
      sourceId: 'lms',
      msgId: MSG_ID,
    });
    expect(failure('not xml at all')?.partial).toEqual({});
  });
});
