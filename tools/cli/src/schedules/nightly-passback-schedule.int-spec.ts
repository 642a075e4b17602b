import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { NIGHTLY_PASSBACK_WORKFLOW } from '@sisbridge/contracts';
import { createTestNamespace, testClient, testEnv } from '@sisbridge/test-support';

const run = promisify(execFile);
const CLI = resolve(__dirname, '../../dist/main.js');

const district = (id: string, passback?: Record<string, unknown>) => ({
  id,
  name: id,
  timeZone: 'America/Chicago',
  sif: { zoneUrl: 'http://127.0.0.1:1/zone' },
  canvas: { baseUrl: 'http://127.0.0.1:2', rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN' },
  ...(passback ? { schedules: { passback } } : {}),
});

/** `sisbridge schedules apply` creates, updates, pauses and prunes each district's nightly passback schedule. */
describe('sisbridge schedules apply: the nightly passback schedules', () => {
  let namespace: string;
  let client: Client;
  const dir = mkdtempSync(join(tmpdir(), 'sisbridge-schedules-'));

  beforeAll(async () => {
    namespace = await createTestNamespace('passback-schedules');
    client = await testClient(namespace);
  });

  afterAll(async () => {
    await client?.connection.close();
  });

  async function apply(districts: unknown[], ...flags: string[]): Promise<Array<{ scheduleId: string; action: string; paused?: boolean }>> {
    const file = join(dir, `districts-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify({ districts }));
    const env = { ...process.env, TEMPORAL_ADDRESS: testEnv('temporalAddress'), TEMPORAL_NAMESPACE: namespace, DISTRICTS_FILE: file };
    return JSON.parse((await run(process.execPath, [CLI, 'schedules', 'apply', '--json', ...flags], { env })).stdout) as Array<{
      scheduleId: string;
      action: string;
      paused?: boolean;
    }>;
  }

  it('creates one per district, paused unless enabled; follows the districts file on every apply; prunes removed districts', async () => {
    const first = await apply([district('north', { enabled: true, at: '22:15' }), district('south')]);
    expect(first.filter((item) => item.scheduleId.startsWith('passback-nightly-'))).toEqual([
      { scheduleId: 'passback-nightly-north', action: 'created', paused: false },
      { scheduleId: 'passback-nightly-south', action: 'created', paused: true },
    ]);
    const north = await client.schedule.getHandle('passback-nightly-north').describe();
    expect(north.action).toMatchObject({ type: 'startWorkflow', workflowType: NIGHTLY_PASSBACK_WORKFLOW, args: [{ districtId: 'north' }] });
    expect(north.spec.calendars).toEqual([
      expect.objectContaining({ hour: [{ start: 22, end: 22, step: 1 }], minute: [{ start: 15, end: 15, step: 1 }] }),
    ]);
    expect(north.spec.timezone).toBe('America/Chicago');
    expect(north.state.paused).toBe(false);
    expect((await client.schedule.getHandle('passback-nightly-south').describe()).state.paused).toBe(true);

    const second = await apply([district('north', { enabled: false, at: '23:00' }), district('south', { enabled: true, at: '21:00' })]);
    expect(
      second.filter((item) => item.scheduleId.startsWith('passback-nightly-')).map((item) => [item.scheduleId, item.action, item.paused]),
    ).toEqual([
      ['passback-nightly-north', 'updated', true],
      ['passback-nightly-south', 'updated', false],
    ]);
    const updated = await client.schedule.getHandle('passback-nightly-north').describe();
    expect(updated.state.paused).toBe(true);
    expect(updated.spec.calendars?.[0]?.hour).toEqual([{ start: 23, end: 23, step: 1 }]);

    const pruned = await apply([district('south', { enabled: true, at: '21:00' })], '--prune');
    expect(
      pruned
        .filter((item) => item.action === 'deleted')
        .map((item) => item.scheduleId)
        .sort(),
    ).toEqual(['passback-nightly-north', 'provision-north']);
  });
});
