import { DistrictRegistry, MissingSecretError, parseDistricts } from './index';

const minimal = {
  id: 'springfield',
  name: 'Springfield Public Schools',
  timeZone: 'America/Chicago',
  sif: { zoneUrl: 'http://127.0.0.1:7070/zone/springfield' },
  canvas: { baseUrl: 'http://127.0.0.1:7080', rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN_SPRINGFIELD' },
};

const lti = {
  issuer: 'https://canvas.instructure.com',
  clientId: '10000000000123',
  deploymentIds: ['42:8865aa05b4b79b64a91a86042e43af5ea8ae79eb'],
  jwksUrl: 'https://sso.canvaslms.com/api/lti/security/jwks',
  authorizationEndpoint: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
  toolPrivateKeyEnv: 'LTI_TOOL_KEY_SPRINGFIELD',
};

describe('district configuration: passback API and LTI tool', () => {
  it('leaves both out unless configured, and the nightly passback off with five teachers at once', () => {
    const [district] = parseDistricts('test', 'districts.yaml', { districts: [minimal] });
    expect(district?.api).toBeUndefined();
    expect(district?.lti).toBeUndefined();
    expect(district?.schedules.passback).toEqual({ enabled: false, at: '21:00', maxConcurrentTeachers: 5 });
  });

  it('fills the LTI defaults: anonymous privacy, course-scoped launches, a title', () => {
    const [district] = parseDistricts('test', 'districts.yaml', {
      districts: [
        {
          ...minimal,
          lti,
          api: { bearerTokenEnv: 'PASSBACK_TOKEN_SPRINGFIELD' },
          schedules: { passback: { at: '22:15', maxConcurrentTeachers: 3 } },
        },
      ],
    });
    expect(district?.lti).toEqual({ ...lti, privacyLevel: 'anonymous', launchScope: 'course', title: 'Sync Grades to PowerTeacher Pro' });
    expect(district?.api).toEqual({ bearerTokenEnv: 'PASSBACK_TOKEN_SPRINGFIELD', hmacToleranceSeconds: 300 });
    expect(district?.schedules.passback).toEqual({ enabled: true, at: '22:15', maxConcurrentTeachers: 3 });
  });

  it('refuses an api block naming no credential, and says what to do', () => {
    expect(() => parseDistricts('t', 'f', { districts: [{ ...minimal, api: {} }] })).toThrow(
      'f: districts[0].api must be settings naming bearerTokenEnv, hmacSecretEnv or both',
    );
  });

  it('names each bad LTI setting with its path', () => {
    const bad = {
      ...minimal,
      lti: { ...lti, deploymentIds: [], jwksUrl: 'sso.canvaslms.com/jwks', toolPrivateKeyEnv: 'lti-key', launchScope: 'school' },
    };
    try {
      parseDistricts('ptp-gradebook', 'districts.yaml', { districts: [bad] });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('districts[0].lti.jwksUrl must be an http:// or https:// URL (got "sso.canvaslms.com/jwks")');
      expect(message).toContain(
        'districts[0].lti.toolPrivateKeyEnv must be the name of an environment variable (A-Z, 0-9, _) (got "lti-key")',
      );
      expect(message).toContain('districts[0].lti.launchScope must be one of "course", "teacher" (got "school")');
    }
  });

  it('refuses a typo in the LTI settings rather than ignoring it', () => {
    expect(() => parseDistricts('t', 'f', { districts: [{ ...minimal, lti: { ...lti, clientID: '1' } }] })).toThrow(
      'f: districts[0].lti must be free of unknown settings (a typo?) (got clientID)',
    );
  });

  it('names the missing secret variables at start-up', () => {
    const registry = new DistrictRegistry(
      parseDistricts('t', 'f', { districts: [{ ...minimal, lti, api: { hmacSecretEnv: 'PASSBACK_HMAC_SPRINGFIELD' } }] }),
      {
        LTI_TOOL_KEY_SPRINGFIELD: 'pem',
      },
    );
    expect(() =>
      registry.assertSecrets((d) => [
        ...(d.lti ? [['lti.toolPrivateKeyEnv', d.lti.toolPrivateKeyEnv] as [string, string]] : []),
        ...(d.api?.hmacSecretEnv ? [['api.hmacSecretEnv', d.api.hmacSecretEnv] as [string, string]] : []),
      ]),
    ).toThrow(new MissingSecretError('springfield', 'api.hmacSecretEnv', 'PASSBACK_HMAC_SPRINGFIELD'));
  });
});
