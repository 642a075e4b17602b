import { ConfigError } from '@sisbridge/config';
import {
  DistrictRegistry,
  MissingSecretError,
  parseDistricts,
  renderSisId,
  schoolYearFor,
  SisIdPartMissingError,
  UnknownDistrictError,
} from './index';

const minimal = {
  id: 'springfield',
  name: 'Springfield Public Schools',
  timeZone: 'America/Chicago',
  sif: { zoneUrl: 'http://127.0.0.1:7070/zone/springfield' },
  canvas: { baseUrl: 'http://127.0.0.1:7080', rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN_SPRINGFIELD' },
};

describe('district configuration', () => {
  it('fills the documented defaults', () => {
    const [district] = parseDistricts('test', 'districts.yaml', { districts: [minimal] });
    expect(district?.sif).toMatchObject({
      mode: 'pull',
      dcidElement: 'DCID',
      sisIdSource: 'dcid-then-refid',
      exitDateMeaning: 'day-after-last',
      maxBufferSize: 1_048_576,
    });
    expect(district?.sisIds).toEqual({
      school: 'SCH{dcid}',
      term: 'TRM{dcid}',
      course: 'CRS{dcid}',
      section: 'SEC{dcid}',
      student: 'S{dcid}',
      staff: 'T{dcid}',
    });
    expect(district?.canvas).toMatchObject({
      courseMode: 'course-per-section',
      deleteThreshold: 0.1,
      enrollmentDropStatus: 'completed',
      userRemoveStatus: 'suspended',
    });
    expect(district?.schedules.provisioning).toEqual({ enabled: true, at: '02:00' });
  });

  it('reports every problem with its path in the file, on one line', () => {
    const bad = { ...minimal, id: 'Spring Field', timeZone: 'Mars/Olympus', canvas: { ...minimal.canvas, tokenEnv: 'canvas-token' } };
    try {
      parseDistricts('canvas-provisioner', '/etc/sisbridge/districts.yaml', { districts: [bad, bad] });
      throw new Error('expected ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toContain(
        '/etc/sisbridge/districts.yaml: districts[0].id must be lower-case letters, digits and dashes (at most 40) (got "Spring Field")',
      );
      expect(message).toContain('districts[0].timeZone must be an IANA time zone such as America/Chicago (got "Mars/Olympus")');
      expect(message).toContain(
        'districts[1].canvas.tokenEnv must be the name of an environment variable (A-Z, 0-9, _) (got "canvas-token")',
      );
    }
  });

  it('refuses student and staff SIS id templates that could collide', () => {
    expect(() => parseDistricts('t', 'f', { districts: [{ ...minimal, sisIds: { student: '{dcid}', staff: '{dcid}' } }] })).toThrow(
      'districts[0].sisIds.staff must be a template whose fixed text differs from the student template',
    );
  });

  it('names unknown settings (typos) and wrong types', () => {
    const typo = {
      ...minimal,
      canvas: { ...minimal.canvas, tokenenv: 'X', deleteThreshold: 'ten percent' },
      sif: { ...minimal.sif, mode: 'poll' },
    };
    expect(() => parseDistricts('t', 'f', { districts: [typo] })).toThrow(
      'f: districts[0].sif.mode must be one of "pull", "push" (got "poll"); f: districts[0].canvas.deleteThreshold must be a number (got "ten percent"); f: districts[0].canvas must be free of unknown settings (a typo?) (got tokenenv)',
    );
  });

  it('refuses two districts with one id', () => {
    expect(() => parseDistricts('t', 'f', { districts: [minimal, minimal] })).toThrow('districts must be a list with unique district ids');
  });

  it('looks districts and their secrets up by id, naming what is missing', () => {
    const registry = new DistrictRegistry(parseDistricts('t', 'f', { districts: [minimal] }), { CANVAS_TOKEN_SPRINGFIELD: 'abc' });
    expect(registry.get('springfield').name).toBe('Springfield Public Schools');
    expect(() => registry.get('shelbyville')).toThrow(UnknownDistrictError);
    expect(registry.secret('springfield', 'canvas.tokenEnv', 'CANVAS_TOKEN_SPRINGFIELD')).toBe('abc');
    expect(() =>
      registry.assertSecrets((d) => [
        ['canvas.tokenEnv', d.canvas.tokenEnv],
        ['ptp.clientIdEnv', 'PTP_ID'],
      ]),
    ).toThrow(new MissingSecretError('springfield', 'ptp.clientIdEnv', 'PTP_ID'));
  });

  it('derives the school year from the date in the district time zone', () => {
    const district = { schoolYearStartsInMonth: 7, timeZone: 'America/Chicago' };
    expect(schoolYearFor(district, new Date('2026-06-30T12:00:00Z'))).toBe(2026);
    // 1 July 03:00 UTC is still 30 June in Chicago.
    expect(schoolYearFor(district, new Date('2026-07-01T03:00:00Z'))).toBe(2026);
    expect(schoolYearFor(district, new Date('2026-07-01T12:00:00Z'))).toBe(2027);
    expect(schoolYearFor({ ...district, schoolYear: 2030 }, new Date())).toBe(2030);
  });

  it('renders SIS ids and says which part is missing', () => {
    expect(renderSisId('S{dcid}', { dcid: 4711, refId: 'AB' })).toBe('S4711');
    expect(renderSisId('ps-{refId}', { refId: 'AB12' })).toBe('ps-AB12');
    expect(() => renderSisId('S{dcid}', { refId: 'AB' })).toThrow(SisIdPartMissingError);
  });
});
