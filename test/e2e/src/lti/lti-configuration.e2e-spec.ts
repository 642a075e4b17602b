import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startComponent } from '@sisbridge/local-infra';
import { componentEnv, createTestDatabase, createTestNamespace, type TestDatabase } from '@sisbridge/test-support';

/**
 * A district whose LTI tool or API is misconfigured stops ptp-gradebook at start-up with one line
 * naming the setting (exit 78), rather than failing a teacher's first click.
 */
describe('ptp-gradebook refuses to start with a broken LTI or API configuration', () => {
  let database: TestDatabase;
  let namespace: string;
  const dir = mkdtempSync(join(tmpdir(), 'sisbridge-lti-config-'));

  beforeAll(async () => {
    database = await createTestDatabase('lti_config');
    namespace = await createTestNamespace('lti-config');
  });

  afterAll(async () => {
    await database?.drop();
  });

  const lti = {
    issuer: 'https://canvas.instructure.com',
    clientId: '1',
    deploymentIds: ['d'],
    jwksUrl: 'http://127.0.0.1:1/jwks',
    authorizationEndpoint: 'http://127.0.0.1:1/auth',
    toolPrivateKeyEnv: 'LTI_KEY',
  };
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  async function start(district: Record<string, unknown>, env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
    const file = join(dir, `districts-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        districts: [
          {
            id: 'springfield',
            name: 'S',
            timeZone: 'America/Chicago',
            sif: { zoneUrl: 'http://127.0.0.1:1/z' },
            canvas: { baseUrl: 'http://127.0.0.1:2', rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN' },
            ...district,
          },
        ],
      }),
    );
    const child = startComponent('ptp-gradebook', {
      port: await freePort(),
      env: { ...componentEnv({ databaseUrl: database.url, namespace }), DISTRICTS_FILE: file, CANVAS_TOKEN: 't', ...env },
    });
    const status = await child.waitForExit();
    return {
      code: status.code,
      lines: child
        .output()
        .split('\n')
        .filter((line) => line.trim().length > 0),
    };
  }

  it.each([
    [
      'PUBLIC_URL is missing',
      { lti },
      { LTI_KEY: pem },
      /^ptp-gradebook: invalid configuration: PUBLIC_URL must be the https:\/\/ URL Canvas and browsers reach ptp-gradebook at/,
    ],
    [
      'the tool key variable is not set',
      { lti },
      { PUBLIC_URL: 'https://sisbridge.example.org' },
      /^ptp-gradebook: invalid configuration: district springfield: lti.toolPrivateKeyEnv names the environment variable LTI_KEY, which is not set$/,
    ],
    [
      'the tool key is not a key',
      { lti },
      { PUBLIC_URL: 'https://sisbridge.example.org', LTI_KEY: 'not a key' },
      /^ptp-gradebook: invalid configuration: LTI_KEY must be an RSA private key of at least 2048 bits in PEM/,
    ],
    [
      'the API token variable is not set',
      { api: { bearerTokenEnv: 'PASSBACK_TOKEN' } },
      {},
      /^ptp-gradebook: invalid configuration: district springfield: api.bearerTokenEnv names the environment variable PASSBACK_TOKEN, which is not set$/,
    ],
  ])('%s', async (_name, district, env, line) => {
    const { code, lines } = await start(district, env);
    expect(code).toBe(78);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });
});
