import { DistrictRegistry, parseDistricts } from '@sisbridge/district-config';
import { ptpGradebookConfigSchema, type PtpGradebookConfig } from '../../ptp-gradebook.config';
import { ToolUrls } from './tool-urls';

const base = {
  id: 'springfield',
  name: 'S',
  timeZone: 'America/Chicago',
  sif: { zoneUrl: 'http://127.0.0.1:1/z' },
  canvas: { baseUrl: 'http://127.0.0.1:2', rootAccountId: 1, tokenEnv: 'T' },
};
const lti = {
  issuer: 'i',
  clientId: 'c',
  deploymentIds: ['d'],
  jwksUrl: 'http://127.0.0.1:3/j',
  authorizationEndpoint: 'http://127.0.0.1:3/a',
  toolPrivateKeyEnv: 'K',
};
const config = (publicUrl?: string): PtpGradebookConfig =>
  ptpGradebookConfigSchema.parse({ DATABASE_URL: 'postgres://u@127.0.0.1/db', ...(publicUrl ? { PUBLIC_URL: publicUrl } : {}) });
const withLti = new DistrictRegistry(parseDistricts('t', 'f', { districts: [{ ...base, lti }] }), {});
const withoutLti = new DistrictRegistry(parseDistricts('t', 'f', { districts: [base] }), {});

describe("the tool's public URLs", () => {
  it('are built on PUBLIC_URL, the launch URL being the redirect_uri', () => {
    const urls = ToolUrls.load(config('https://sisbridge.example.org/'), withLti);
    expect(urls.login('springfield')).toBe('https://sisbridge.example.org/lti/springfield/login');
    expect(urls.launch('springfield')).toBe('https://sisbridge.example.org/lti/springfield/launch');
    expect(urls.keySet('springfield')).toBe('https://sisbridge.example.org/lti/springfield/jwks.json');
    expect(urls.page('a.b.c')).toBe('https://sisbridge.example.org/lti/passback#session=a.b.c');
    expect(urls.host).toBe('sisbridge.example.org');
  });

  it('need PUBLIC_URL, on https, as soon as a district has an LTI tool', () => {
    expect(() => ToolUrls.load(config(), withLti)).toThrow(
      'ptp-gradebook: invalid configuration: PUBLIC_URL must be the https:// URL Canvas and browsers reach ptp-gradebook at, e.g. https://sisbridge.example.org (districts springfield have an LTI tool) (it is not set)',
    );
    expect(() => ToolUrls.load(config('http://sisbridge.example.org'), withLti)).toThrow('(got "http://sisbridge.example.org")');
    expect(ToolUrls.load(config('http://127.0.0.1:3003'), withLti).launch('springfield')).toBe(
      'http://127.0.0.1:3003/lti/springfield/launch',
    );
    expect(() => ToolUrls.load(config(), withoutLti)).not.toThrow();
  });
});
