import { stackDistricts, type SimulatedSystems } from './stack-districts';

const systems: SimulatedSystems = {
  sif: { zoneUrl: 'http://127.0.0.1:7070/zone/SandboxZone', schoolYear: 2027, districtName: 'Sandbox', pushSecret: 'zone-signing-secret' },
  canvas: { url: 'http://127.0.0.1:7080', rootAccountId: 1, token: 'canvas-token' },
  ptp: { url: 'http://127.0.0.1:7090', clientId: 'ptp-id', clientSecret: 'ptp-secret' },
  sifIngestUrl: 'http://127.0.0.1:3001',
};

describe('stackDistricts: push-mode districts on the simulated zone', () => {
  it('get the push URL and a signing secret the simulated zone signs with, so their pushes are accepted', () => {
    const stack = stackDistricts({ districts: [{ id: 'push-town', sif: { mode: 'push' } }] }, 'test', systems, {});
    const sif = stack.districts[0]?.config.sif;
    expect(sif).toMatchObject({
      mode: 'push',
      pushUrl: 'http://127.0.0.1:3001/sif/push/push-town',
      push: { secretEnv: 'SIF_PUSH_SECRET_PUSH_TOWN' },
    });
    expect(stack.secrets['SIF_PUSH_SECRET_PUSH_TOWN']).toBe('zone-signing-secret');
  });

  it("keep a district's own push settings, and then need its own secret from the caller's environment", () => {
    const raw = { districts: [{ id: 'own-push', sif: { mode: 'push', push: { secretEnv: 'OWN_PUSH_SECRET' } } }] };
    expect(() => stackDistricts(raw, 'test', systems, {})).toThrow(/OWN_PUSH_SECRET must be set/);
    const stack = stackDistricts(raw, 'test', systems, { OWN_PUSH_SECRET: 'theirs' });
    expect(stack.districts[0]?.config.sif.push?.secretEnv).toBe('OWN_PUSH_SECRET');
    expect(Object.keys(stack.secrets)).not.toContain('SIF_PUSH_SECRET_OWN_PUSH');
  });

  it('leave pull-mode districts without push settings', () => {
    const stack = stackDistricts({ districts: [{ id: 'pull-town' }] }, 'test', systems, {});
    expect(stack.districts[0]?.config.sif.push).toBeUndefined();
    expect(Object.keys(stack.secrets).filter((name) => name.startsWith('SIF_PUSH_SECRET'))).toEqual([]);
  });
});
