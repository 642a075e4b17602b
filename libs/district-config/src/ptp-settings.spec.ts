import { parseDistricts } from './index';

const district = {
  id: 'springfield',
  name: 'Springfield Public Schools',
  timeZone: 'America/Chicago',
  sif: { zoneUrl: 'http://127.0.0.1:7070/zone/springfield' },
  canvas: { baseUrl: 'http://127.0.0.1:7080', rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN_SPRINGFIELD' },
};
const ptp = { baseUrl: 'https://ps.springfield.example', clientIdEnv: 'PTP_ID', clientSecretEnv: 'PTP_SECRET' };

describe('PowerTeacher Pro settings', () => {
  it('fills the documented defaults, with every [U] reading at the reference-leaning choice', () => {
    const [parsed] = parseDistricts('t', 'f', { districts: [{ ...district, ptp }] });
    expect(parsed?.ptp).toEqual({
      ...ptp,
      minIntervalMs: 0,
      maxAssignmentNameLength: 30,
      maxConcurrentRequests: 4,
      requestTimeoutSeconds: 60,
      maxAttemptsPerRequest: 4,
      scores: { excused: 'exempt', missing: 'flag', late: 'flag', aboveMaximum: 'extra-points', batchSize: 200, writeQuery: {} },
    });
  });

  it('takes the other readings', () => {
    const [parsed] = parseDistricts('t', 'f', {
      districts: [
        {
          ...district,
          ptp: {
            ...ptp,
            scores: {
              excused: 'exempt-with-zero',
              aboveMaximum: 'clamp',
              writeQuery: { status: 'A,I,P', push_assignment_scores: 'false' },
            },
          },
        },
      ],
    });
    expect(parsed?.ptp?.scores).toMatchObject({
      excused: 'exempt-with-zero',
      aboveMaximum: 'clamp',
      missing: 'flag',
      writeQuery: { status: 'A,I,P', push_assignment_scores: 'false' },
    });
  });

  it('never lets names go over PowerTeacher Pro’s 50 characters, and names bad values', () => {
    expect(() => parseDistricts('t', 'f', { districts: [{ ...district, ptp: { ...ptp, maxAssignmentNameLength: 60 } }] })).toThrow(
      'districts[0].ptp.maxAssignmentNameLength',
    );
    expect(() => parseDistricts('t', 'f', { districts: [{ ...district, ptp: { ...ptp, scores: { excused: 'zero' } } }] })).toThrow(
      'districts[0].ptp.scores.excused must be one of "exempt", "exempt-with-zero" (got "zero")',
    );
    expect(() =>
      parseDistricts('t', 'f', { districts: [{ ...district, ptp: { ...ptp, scores: { writeQuery: { 'users_dcid&x': '1' } } } }] }),
    ).toThrow('districts[0].ptp.scores.writeQuery');
  });
});
