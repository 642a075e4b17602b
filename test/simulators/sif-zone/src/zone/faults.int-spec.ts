import { generateDistrict } from '@sisbridge/sandbox-district';
import { TestAgent } from '../test-agent/test-agent';
import { startSifZoneSimulator, type SifZoneSimulator } from './start-sif-zone-simulator';

const district = generateDistrict({ size: 'tiny', seed: 5, schoolYear: 2026 });

async function statuses(zone: SifZoneSimulator, count: number): Promise<Array<number | 'dropped'>> {
  const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
  const seen: Array<number | 'dropped'> = [];
  for (let i = 0; i < count; i++) {
    try {
      const response = await fetch(zone.zoneUrl, {
        method: 'POST',
        body: agent.message('SIF_SystemControl', '<SIF_SystemControlData><SIF_Ping/></SIF_SystemControlData>'),
      });
      seen.push(response.status);
      await response.arrayBuffer();
    } catch {
      seen.push('dropped');
    }
  }
  return seen;
}

describe('the zone under injected faults', () => {
  let zone: SifZoneSimulator | undefined;
  afterEach(async () => {
    await zone?.close();
  });

  it('injects nothing by default', async () => {
    zone = await startSifZoneSimulator({ district });
    expect(new Set(await statuses(zone, 30))).toEqual(new Set([200]));
    expect(zone.state().faults).toEqual({ spec: 'none', counters: { requests: 0, errors5xx: 0, drops: 0, slow: 0, duplicates: 0 } });
  });

  it('answers 5xx and drops connections at the configured rates, the same way for the same seed, never on the admin endpoints', async () => {
    zone = await startSifZoneSimulator({ district, faults: '5xx=0.3,drop=0.2,seed=11' });
    const first = await statuses(zone, 40);
    expect(first.filter((status) => status === 500 || status === 502 || status === 503).length).toBeGreaterThan(3);
    expect(first.filter((status) => status === 'dropped').length).toBeGreaterThan(2);
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(10);
    for (let i = 0; i < 20; i++) expect((await fetch(`${zone.url}/__admin/state`)).status).toBe(200);
    await zone.close();
    zone = await startSifZoneSimulator({ district, faults: '5xx=0.3,drop=0.2,seed=11' });
    expect(await statuses(zone, 40)).toEqual(first);
  });

  it('delays answers by the configured latency, and can be reconfigured at run time', async () => {
    zone = await startSifZoneSimulator({ district, faults: 'latency=150ms' });
    const started = Date.now();
    await statuses(zone, 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await fetch(`${zone.url}/__admin/settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ faults: '5xx=1' }),
    });
    expect((await statuses(zone, 5)).every((status) => status !== 200)).toBe(true);
  });

  it('keeps a pull agent whole through 5xx and dropped connections: every packet arrives once acked', async () => {
    zone = await startSifZoneSimulator({ district, faults: '5xx=0.2,drop=0.1,seed=4' });
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    const retry = async <T>(attempt: () => Promise<T>): Promise<T> => {
      for (let tries = 0; ; tries++) {
        try {
          return await attempt();
        } catch (error) {
          if (tries > 20) throw error;
        }
      }
    };
    await retry(() => agent.register());
    await retry(() => agent.request('StudentPersonal', { maxBufferSize: 4_096 }));
    const refIds: string[] = [];
    for (let guard = 0; guard < 500; guard++) {
      const pulled = await retry(() => agent.getMessage());
      if (!pulled.message) break;
      const message = pulled.message;
      const ack = await retry(() => agent.acknowledge(message.sourceId, message.msgId));
      expect(ack.result).toEqual({ status: 0 });
      // An ack lost on the way is sent again with a new SIF_MsgId: the zone treats the repeat as done.
      refIds.push(
        ...message.body.children
          .filter((child) => child.name === 'SIF_ObjectData')
          .flatMap((data) => data.children.map((object) => object.attributes['RefId'] ?? '')),
      );
    }
    expect(new Set(refIds)).toEqual(new Set(district.students.map((student) => student.refId)));
  });
});
