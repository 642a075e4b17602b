import { DistrictRegistry, MissingSecretError, parseDistricts } from '@sisbridge/district-config';
import { DistrictCanvasClients } from './district-canvas-clients';

const district = (id: string, tokenEnv: string) => ({
  id,
  name: id,
  timeZone: 'America/Chicago',
  schoolYear: 2026,
  sif: { zoneUrl: 'http://127.0.0.1:1/zone/x' },
  canvas: { baseUrl: 'http://127.0.0.1:1', rootAccountId: 1, tokenEnv },
});

describe('DistrictCanvasClients', () => {
  const registry = (env: Record<string, string>) =>
    new DistrictRegistry(
      parseDistricts('test', 'inline', {
        districts: [district('springfield', 'SPRINGFIELD_TOKEN'), district('shelbyville', 'SHELBYVILLE_TOKEN')],
      }),
      env,
    );

  it('keeps one client per district and profile', () => {
    const clients = new DistrictCanvasClients(registry({ SPRINGFIELD_TOKEN: 'a', SHELBYVILLE_TOKEN: 'b' }));
    const batch = clients.forDistrict('springfield');
    expect(clients.forDistrict('springfield', 'batch')).toBe(batch);
    expect(clients.forDistrict('springfield', 'interactive')).not.toBe(batch);
    expect(clients.forDistrict('shelbyville')).not.toBe(batch);
  });

  it('names the missing token variable when a district is first used', () => {
    const clients = new DistrictCanvasClients(registry({ SPRINGFIELD_TOKEN: 'a' }));
    expect(clients.forDistrict('springfield')).toBeDefined();
    expect(() => clients.forDistrict('shelbyville')).toThrow(MissingSecretError);
    expect(() => clients.forDistrict('shelbyville')).toThrow(/SHELBYVILLE_TOKEN/);
  });

  it('refuses a district that is not configured', () => {
    const clients = new DistrictCanvasClients(registry({ SPRINGFIELD_TOKEN: 'a', SHELBYVILLE_TOKEN: 'b' }));
    expect(() => clients.forDistrict('ogdenville')).toThrow(/ogdenville/);
  });
});
