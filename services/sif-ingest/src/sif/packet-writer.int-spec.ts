import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';
import { newSifGuid } from '@sisbridge/sif-codec';
import { IngestRuns } from '../ingest/ingest-runs';
import { SifRequests } from '../ingest/sif-requests';
import { newRunId, openTestDataSource } from '../testing/ingest-harness.test-helper';
import { ref } from '../testing/mini-district.test-helper';
import { SifMessageReceiver } from './message-receiver';
import { readSifMessage, UnreadableSifMessageError } from './read-sif-message';

const NS = 'http://www.sifinfo.org/infrastructure/2.x';

const student = (label: string, localId = label) =>
  `<StudentPersonal RefId="${ref(label)}"><LocalId>${localId}</LocalId><Name Type="04"><LastName>L\t${label}\\</LastName><FirstName>F</FirstName></Name></StudentPersonal>`;

/** A pulled SIF_Ack carrying packet `packet` of the response to `requestMsgId`. */
function pulledPacket(requestMsgId: string, packet: number, more: boolean, objects: string): string {
  return (
    `<SIF_Message xmlns="${NS}" Version="2.0r1"><SIF_Ack><SIF_Header><SIF_MsgId>${newSifGuid()}</SIF_MsgId><SIF_SourceId>ZIS</SIF_SourceId></SIF_Header>` +
    `<SIF_OriginalSourceId>agent</SIF_OriginalSourceId><SIF_OriginalMsgId>${newSifGuid()}</SIF_OriginalMsgId><SIF_Status><SIF_Code>0</SIF_Code><SIF_Data>` +
    `<SIF_Message Version="2.0r1"><SIF_Response><SIF_Header><SIF_MsgId>${newSifGuid()}</SIF_MsgId><SIF_SourceId>PowerSchool</SIF_SourceId></SIF_Header>` +
    `<SIF_RequestMsgId>${requestMsgId}</SIF_RequestMsgId><SIF_PacketNumber>${packet}</SIF_PacketNumber><SIF_MorePackets>${more ? 'Yes' : 'No'}</SIF_MorePackets>` +
    `<SIF_ObjectData>${objects}</SIF_ObjectData></SIF_Response></SIF_Message></SIF_Data></SIF_Status></SIF_Ack></SIF_Message>`
  );
}

/** The text in chunks of `size` bytes, as a response body arrives. */
async function* body(xml: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(xml);
  for (let offset = 0; offset < bytes.length; offset += size) {
    yield bytes.subarray(offset, offset + size);
    // Let the writer's queries run between chunks, as they do between network reads.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Storing a packet while it is read: committed only once read whole, handed back when it is not to be stored, rolled back when cut off. */
describe('response packets stored as they are read (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let receiver: SifMessageReceiver;

  beforeAll(async () => {
    database = await createTestDatabase('sif_ingest_packet_writer');
    dataSource = await openTestDataSource(database.url);
    receiver = new SifMessageReceiver(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function sentRequest(): Promise<{ runId: string; msgId: string }> {
    const runId = newRunId();
    await new IngestRuns(dataSource).start({
      id: runId,
      districtId: 'mini',
      kind: 'full',
      schoolYear: 2026,
      asOf: '2025-10-15',
      eventSeqFrom: 1,
    });
    const msgId = newSifGuid();
    const requests = new SifRequests(dataSource);
    await requests.recordSending(runId, 'StudentPersonal', 1, msgId);
    await requests.markSent(msgId);
    return { runId, msgId };
  }

  async function read(xml: string) {
    return readSifMessage(body(xml, 97), 8_192, (ids) => receiver.openPacket('mini', ids));
  }

  async function stored(runId: string): Promise<Array<{ ref_id: string; position: number; data: string }>> {
    return dataSource.query('SELECT ref_id, position, data FROM sif_ingest.sif_object WHERE run_id = $1 ORDER BY position', [runId]);
  }

  it('stores the objects as they are read, with their rejections, and commits once the message is read whole', async () => {
    const { runId, msgId } = await sentRequest();
    const read1 = await read(
      pulledPacket(
        msgId,
        1,
        false,
        student('a') + `<StudentPersonal RefId="${ref('b')}"><LocalId>2</LocalId></StudentPersonal>` + student('c'),
      ),
    );
    expect(read1.writer).toBeDefined();
    expect(read1.objects).toEqual([]);
    const message = read1.message.type === 'SIF_Ack' ? read1.message.inner : undefined;
    if (message?.type !== 'SIF_Response') throw new Error('not a response');
    expect(await read1.writer?.finish(message)).toEqual({
      kind: 'packet',
      requestMsgId: msgId,
      packetNumber: 1,
      objects: 2,
      rejected: 1,
      duplicate: false,
      requestComplete: true,
    });

    const rows = await stored(runId);
    expect(rows.map((row) => [row.ref_id, row.position])).toEqual([
      [ref('a'), 0],
      [ref('c'), 1],
    ]);
    // Tabs and backslashes survive COPY's text format.
    expect(JSON.parse(rows[0]?.data ?? '{}')).toMatchObject({ name: { lastName: 'L\ta\\' } });
    const rejected: Array<{ ref_id: string; problem: string }> = await dataSource.query(
      `SELECT ref_id, problem FROM sif_ingest.rejected_object WHERE run_id = $1`,
      [runId],
    );
    expect(rejected).toEqual([{ ref_id: ref('b'), problem: 'StudentPersonal/Name is missing' }]);
  });

  it('hands a packet stored before back, and stores nothing twice', async () => {
    const { runId, msgId } = await sentRequest();
    const xml = pulledPacket(msgId, 1, true, student('a'));
    for (const expected of [false, true]) {
      const again = await read(xml);
      const message = again.message.type === 'SIF_Ack' ? again.message.inner : undefined;
      if (message?.type !== 'SIF_Response') throw new Error('not a response');
      const outcome = (await again.writer?.finish(message)) ?? (await receiver.receivePacket('mini', message, []));
      expect(outcome).toMatchObject({ kind: 'packet', duplicate: expected });
    }
    expect(await stored(runId)).toHaveLength(1);
  });

  it('rolls back what a message cut off half-way had stored, and lets go of its request', async () => {
    const { runId, msgId } = await sentRequest();
    const whole = pulledPacket(msgId, 1, false, Array.from({ length: 200 }, (_, i) => student(`s${i}`)).join(''));
    const broken = `${whole.slice(0, Math.floor(whole.length * 0.8))}</SIF_Ack>`;
    await expect(read(broken)).rejects.toThrow(UnreadableSifMessageError);
    expect(await stored(runId)).toEqual([]);
    // The request row is not left locked by an open transaction.
    await dataSource.transaction(async (manager) => {
      expect(await manager.query(`SELECT msg_id FROM sif_ingest.sif_request WHERE msg_id = $1 FOR UPDATE NOWAIT`, [msgId])).toHaveLength(1);
    });
    // The whole message, read again, is stored.
    const again = await read(whole);
    const message = again.message.type === 'SIF_Ack' ? again.message.inner : undefined;
    if (message?.type !== 'SIF_Response') throw new Error('not a response');
    expect(await again.writer?.finish(message)).toMatchObject({ objects: 200, requestComplete: true });
    expect(await stored(runId)).toHaveLength(200);
  });
});
