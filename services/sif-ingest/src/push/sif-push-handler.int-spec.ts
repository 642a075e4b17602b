import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { DistrictRegistry, parseDistricts } from '@sisbridge/district-config';
import { hmacSignature, MetricsRegistry } from '@sisbridge/service-kit';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';
import { openTestDataSource } from '../testing/ingest-harness.test-helper';
import { PushAuthenticator } from './push-authenticator';
import { pushSignedParts } from './push-signature';
import { SifPushHandler } from './sif-push-handler';

const SECRET = 'springfield-push-secret';
const REF = (n: number) => `A${String(n).padStart(31, '0')}`;

function eventXml(msgId: string, objects: number): string {
  const students = Array.from(
    { length: objects },
    (_, i) =>
      `<StudentPersonal RefId="${REF(i + 1)}"><LocalId>S${i}</LocalId><Name Type="04"><LastName>L</LastName><FirstName>F</FirstName></Name></StudentPersonal>`,
  ).join('');
  return (
    `<SIF_Message xmlns="http://www.sifinfo.org/infrastructure/2.x" Version="2.0r1"><SIF_Event><SIF_Header><SIF_MsgId>${msgId}</SIF_MsgId>` +
    `<SIF_Timestamp>2026-12-07T09:00:00-06:00</SIF_Timestamp><SIF_SourceId>PowerSchool</SIF_SourceId></SIF_Header>` +
    `<SIF_ObjectData><SIF_EventObject ObjectName="StudentPersonal" Action="Add">${students}</SIF_EventObject></SIF_ObjectData></SIF_Event></SIF_Message>`
  );
}

/**
 * The push endpoint over HTTP, on a real Postgres: every push is authenticated for its district
 * before anything in it is read, and held to the district's limits; a refused push stores nothing,
 * and an unknown district, a pull-mode one and bad credentials all get the same answer.
 */
describe('SIF push endpoint: authentication and limits (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let server: Server;
  let url = '';
  const notified: Array<{ districtId: string; events: number }> = [];
  const refused: Array<{ districtId: string; reason: string }> = [];

  beforeAll(async () => {
    database = await createTestDatabase('sif_push_auth');
    dataSource = await openTestDataSource(database.url);
    const base = {
      name: 'D',
      timeZone: 'America/Chicago',
      canvas: { baseUrl: 'http://canvas.example', rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN' },
    };
    const districts = parseDistricts('test', 'test', {
      districts: [
        {
          ...base,
          id: 'springfield',
          sif: {
            zoneUrl: 'http://zis.example/zone/S',
            mode: 'push',
            push: { secretEnv: 'PUSH_SECRET', maxBodyBytes: 64 * 1024, maxDecompressedBytes: 256 * 1024, maxObjectsPerMessage: 5 },
          },
        },
        { ...base, id: 'shelbyville', sif: { zoneUrl: 'http://zis.example/zone/T', mode: 'pull' } },
      ],
    });
    const handler = new SifPushHandler(
      dataSource,
      new PushAuthenticator(new DistrictRegistry(districts, { PUSH_SECRET: SECRET })),
      { eventsStored: async (districtId, events) => void notified.push({ districtId, events }) },
      new MetricsRegistry('sif-ingest-test'),
      { refused: ({ districtId, reason }) => void refused.push({ districtId, reason }) },
    );
    server = createServer((req, res) => {
      const districtId = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      void handler.handle({ districtId, headers: req.headers, body: req }).then((answer) => {
        res.writeHead(answer.httpStatus, { 'content-type': answer.contentType });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    url = `http://127.0.0.1:${address.port}/sif/push`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await dataSource?.destroy();
    await database?.drop();
  });

  async function push(districtId: string, body: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const response = await fetch(`${url}/${districtId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', ...headers },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  function signature(body: Buffer, at = new Date(), secret = SECRET): Record<string, string> {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    return { 'x-sisbridge-timestamp': timestamp, 'x-sisbridge-signature': hmacSignature(secret, pushSignedParts(timestamp, body)) };
  }

  async function storedEvents(): Promise<number> {
    const rows: Array<{ n: string }> = await dataSource.query('SELECT count(*) AS n FROM sif_ingest.sif_event');
    return Number(rows[0]?.n);
  }

  it('refuses, storing nothing, a push without credentials, with a bad signature or an old timestamp, to a pull-mode district or an unknown one — all alike', async () => {
    const body = Buffer.from(eventXml('M1', 1));
    const answers = [
      await push('springfield', body),
      await push('springfield', body, signature(body, new Date(), 'not-the-secret')),
      await push('springfield', body, signature(body, new Date(Date.now() - 3_600_000))),
      await push('shelbyville', body, signature(body)),
      await push('atlantis', body, signature(body)),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.text).toContain('<SIF_Category>3</SIF_Category>');
    }
    // The caller cannot tell an unknown district from a wrong secret: the answers are the same.
    expect(
      new Set(answers.map((answer) => answer.text.replace(/<SIF_MsgId>[^<]*<\/SIF_MsgId>|<SIF_Timestamp>[^<]*<\/SIF_Timestamp>/g, '')))
        .size,
    ).toBe(1);
    expect(refused.map((r) => r.reason)).toEqual(['no-credentials', 'bad-signature', 'bad-signature', 'pull-mode', 'unknown-district']);
    expect(await storedEvents()).toBe(0);
    expect(notified).toEqual([]);
  });

  it('refuses, storing nothing, an oversized body, a gzip bomb and a message with too many objects', async () => {
    const large = Buffer.from(eventXml('M2', 1).replace('<LastName>L</LastName>', `<LastName>${'x'.repeat(70 * 1024)}</LastName>`));
    expect((await push('springfield', large, signature(large))).status).toBe(413);

    const bomb = gzipSync(Buffer.concat([Buffer.from(eventXml('M3', 1).slice(0, -20)), Buffer.alloc(8 * 1024 * 1024, 0x20)]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const bombed = await push('springfield', bomb, { ...signature(bomb), 'content-encoding': 'gzip' });
    expect(bombed.status).toBe(413);
    expect(bombed.text).toContain('decompressed body is larger than 262144 bytes');

    const many = Buffer.from(eventXml('M4', 6));
    const crowded = await push('springfield', many, signature(many));
    expect(crowded.status).toBe(413);
    expect(crowded.text).toContain('more than 5 objects');
    expect(await storedEvents()).toBe(0);
    expect(notified).toEqual([]);
  });

  it('stores a signed push (gzip or not) before acking it, once per message id, and tells the district sync', async () => {
    const body = Buffer.from(eventXml('M5', 2));
    const accepted = await push('springfield', body, signature(body));
    expect(accepted.status).toBe(200);
    expect(accepted.text).toContain('<SIF_Code>1</SIF_Code>');
    const zipped = gzipSync(Buffer.from(eventXml('M6', 1)));
    expect((await push('springfield', zipped, { ...signature(zipped), 'content-encoding': 'gzip' })).status).toBe(200);
    // The zone sends M5 again (its ack was lost): acked, stored once.
    expect((await push('springfield', body, signature(body))).status).toBe(200);
    expect(await storedEvents()).toBe(3);
    const published: Array<{ published_at: Date }> = await dataSource.query(
      `SELECT published_at FROM sif_ingest.sif_event WHERE msg_id = 'M5'`,
    );
    expect(published.map((row) => row.published_at.toISOString())).toEqual(['2026-12-07T15:00:00.000Z', '2026-12-07T15:00:00.000Z']);
    expect(notified).toEqual([
      { districtId: 'springfield', events: 2 },
      { districtId: 'springfield', events: 1 },
    ]);
  });
});
