import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { INGEST_DISTRICT_WORKFLOW, TaskQueues, type IngestDistrictWorkflow } from '@sisbridge/contracts';
import { freePort } from '@sisbridge/local-infra';
import type { RosterEntity } from '@sisbridge/roster';
import { generateDistrict, type DistrictSize, type SandboxDistrict } from '@sisbridge/sandbox-district';
import { startSifZoneSimulator, type SifZoneSimulator } from '@sisbridge/sif-zone-simulator';
import { createTestDatabase, createTestNamespace, RunningSystem, testClient, type TestDatabase } from '@sisbridge/test-support';
import { expectedRoster } from './expected-roster';

const TIME_ZONE = 'America/Chicago';
const FAULTS = '5xx=0.1,drop=0.1,duplicate=0.1,seed=7';

interface Case {
  id: string;
  size: DistrictSize;
  mode: 'pull' | 'push';
  faults?: string;
}

const PUSH_SECRET = 'the-zones-and-sif-ingest-share-this';

const CASES: Case[] = [
  { id: 'tiny-pull', size: 'tiny', mode: 'pull' },
  { id: 'small-pull', size: 'small', mode: 'pull' },
  { id: 'tiny-push', size: 'tiny', mode: 'push' },
  { id: 'small-push', size: 'small', mode: 'push' },
  { id: 'faults-pull', size: 'small', mode: 'pull', faults: FAULTS },
  { id: 'faults-push', size: 'small', mode: 'push', faults: FAULTS },
  { id: 'killed', size: 'small', mode: 'pull' },
];

/**
 * The acceptance suite: the compiled sif-ingest and workflow worker as processes, the SIF zone
 * simulator (written from the reference by someone else) serving generated districts, real
 * Temporal and Postgres. Each snapshot must hold exactly the generated district under the
 * mission's rules, computed here from the district's model.
 */
describe('ingest from the SIF zone simulator', () => {
  let database: TestDatabase;
  let system: RunningSystem;
  let client: Client;
  let pg: PgClient;
  const districts = new Map<string, SandboxDistrict>();
  const zones: SifZoneSimulator[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('ingest_sif_zone');
    const namespace = await createTestNamespace('ingest-sif-zone');
    const sifIngestPort = await freePort();
    const config = [];
    for (const [index, c] of CASES.entries()) {
      const district = generateDistrict({ size: c.size, seed: 100 + index });
      districts.set(c.id, district);
      const zone = await startSifZoneSimulator({
        district,
        zoneId: `zone-${c.id}`,
        ...(c.faults ? { faults: c.faults } : {}),
        // Pushes are signed with the district's shared secret, as sif-ingest requires.
        ...(c.mode === 'push' ? { pushSecret: PUSH_SECRET } : {}),
      });
      zones.push(zone);
      config.push({
        id: c.id,
        name: `District ${c.id}`,
        timeZone: TIME_ZONE,
        schoolYear: district.schoolYear,
        sif: {
          zoneUrl: zone.zoneUrl,
          mode: c.mode,
          ...(c.mode === 'push'
            ? { pushUrl: `http://127.0.0.1:${sifIngestPort}/sif/push/${c.id}`, push: { secretEnv: 'SIF_PUSH_SECRET_INGEST' } }
            : {}),
          pollIntervalSeconds: 0.2,
          missingPacketTimeoutSeconds: 20,
          maxBufferSize: 65_536,
        },
        canvas: { baseUrl: 'http://127.0.0.1:1', rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN_UNUSED' },
      });
    }
    const districtsFile = join(mkdtempSync(join(tmpdir(), 'sisbridge-ingest-')), 'districts.json');
    writeFileSync(districtsFile, JSON.stringify({ districts: config }));
    system = new RunningSystem({
      databaseUrl: database.url,
      namespace,
      extra: { DISTRICTS_FILE: districtsFile, SIF_PUSH_SECRET_INGEST: PUSH_SECRET },
    });
    await system.start('sif-ingest', { port: sifIngestPort });
    await system.start('workflow-worker');
    client = await testClient(namespace);
    pg = new PgClient({ connectionString: database.url });
    await pg.connect();
  }, 180_000);

  afterAll(async () => {
    await system?.stopAll();
    await Promise.all(zones.map((zone) => zone.close()));
    await client?.connection.close();
    await pg?.end();
    await database?.drop();
  });

  function ingest(districtId: string) {
    return client.workflow.start<IngestDistrictWorkflow>(INGEST_DISTRICT_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId: `ingest-${districtId}-${Date.now()}`,
      args: [{ districtId }],
    });
  }

  async function snapshot(snapshotId: string): Promise<RosterEntity[]> {
    const rows = await pg.query<{ data: RosterEntity }>('SELECT data FROM roster.entity WHERE snapshot_id = $1', [snapshotId]);
    return sorted(rows.rows.map((row) => row.data));
  }

  function expected(districtId: string): RosterEntity[] {
    const district = districts.get(districtId);
    if (!district) throw new Error(districtId);
    const asOf = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(),
    );
    return sorted(expectedRoster(district, { asOf, exitDateMeaning: 'day-after-last' }));
  }

  async function rejections(runId: string): Promise<string[]> {
    const rows = await pg.query<{ object_name: string; problem: string }>(
      'SELECT object_name, problem FROM sif_ingest.rejected_object WHERE run_id = $1',
      [runId],
    );
    return rows.rows.map((row) => `${row.object_name}: ${row.problem}`);
  }

  it.each(CASES.filter((c) => c.id !== 'killed').map((c) => [c.id, c] as const))(
    '%s: the snapshot holds exactly the generated district',
    async (_name, c) => {
      const result = await (await ingest(c.id)).result();
      expect(await rejections(result.ingest.runId)).toEqual([]);
      const actual = await snapshot(result.ingest.snapshotId);
      const want = expected(c.id);
      expect(actual.length).toBe(want.length);
      expect(actual).toEqual(want);
      expect(result.diff?.counts['user']?.add).toBe(want.filter((entity) => entity.kind === 'user').length);
    },
  );

  it('a sif-ingest killed during the ingest and started again completes the same snapshot, with no duplicate rows', async () => {
    const handle = await ingest('killed');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const packets = await pg.query<{ n: string }>(
        `SELECT count(*) AS n FROM sif_ingest.sif_packet p JOIN sif_ingest.sif_request r ON r.msg_id = p.request_msg_id
           JOIN sif_ingest.ingest_run run ON run.id = r.run_id WHERE run.district_id = 'killed'`,
      );
      if (Number(packets.rows[0]?.n ?? 0) >= 3) break;
      if (Date.now() > deadline) throw new Error('the ingest did not start receiving');
      await sleep(20);
    }
    await system.get('sif-ingest').process.kill();
    await system.start('sif-ingest', { port: system.get('sif-ingest').port });
    const result = await handle.result();
    expect(await snapshot(result.ingest.snapshotId)).toEqual(expected('killed'));
    const duplicates = await pg.query(
      `SELECT object_name, ref_id FROM sif_ingest.sif_object WHERE run_id = $1 GROUP BY object_name, ref_id HAVING count(*) > 1`,
      [result.ingest.runId],
    );
    expect(duplicates.rows).toEqual([]);
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? [])
      .map((event) => event.activityTaskStartedEventAttributes?.attempt)
      .filter((attempt) => attempt !== undefined && attempt !== null);
    expect(Math.max(...attempts.map(Number))).toBeGreaterThanOrEqual(2);
  }, 240_000);
});

function sorted(entities: RosterEntity[]): RosterEntity[] {
  const order = ['school', 'term', 'course', 'section', 'user', 'enrollment'];
  return [...entities].sort(
    (a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.sisId < b.sisId ? -1 : a.sisId > b.sisId ? 1 : 0),
  );
}
