import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { freePort, startComponent, waitForHttp, type ManagedProcess } from '@sisbridge/local-infra';
import { componentEnv, TestLtiPlatform } from '@sisbridge/test-support';
import type { PassbackWorld } from '../../passback/passback-world';

/**
 * Canvas's way in, added to the passback suite's world (a provisioned district, PTP, the real
 * passback workflow): the district gets `api` and `lti` settings, a test LTI platform stands for
 * Canvas's LTI side, and a second ptp-gradebook replica, with the tool's key and PUBLIC_URL,
 * serves the API, the launch and the page (both replicas run passback activities, as in a
 * deployment with several pods).
 */
export class LtiOnPassbackWorld {
  readonly bearerToken = `token-${randomBytes(12).toString('hex')}`;
  readonly hmacSecret = `secret-${randomBytes(24).toString('hex')}`;
  platform!: TestLtiPlatform;
  private process?: ManagedProcess;
  private port = 0;

  constructor(private readonly world: PassbackWorld) {}

  async start(): Promise<this> {
    this.platform = await TestLtiPlatform.start();
    const file = JSON.parse(readFileSync(this.world.districtsFile, 'utf8')) as { districts: Array<Record<string, unknown>> };
    const [district] = file.districts;
    if (!district) throw new Error('the world has no district');
    district['api'] = { bearerTokenEnv: 'PASSBACK_TOKEN_E2E', hmacSecretEnv: 'PASSBACK_HMAC_E2E' };
    district['lti'] = this.platform.ltiSettings('LTI_TOOL_KEY_E2E');
    district['schedules'] = { passback: { enabled: true, at: '21:00', maxConcurrentTeachers: 3 } };
    writeFileSync(this.world.districtsFile, JSON.stringify(file));

    this.port = await freePort();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.process = startComponent('ptp-gradebook', {
      port: this.port,
      env: {
        ...componentEnv(this.world.system.env),
        PUBLIC_URL: this.url(''),
        PASSBACK_TOKEN_E2E: this.bearerToken,
        PASSBACK_HMAC_E2E: this.hmacSecret,
        LTI_TOOL_KEY_E2E: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    await waitForHttp(this.url('/readyz'), { timeoutMs: 60_000, process: this.process });
    await this.platform.install(this.url(`/lti/${String(district['id'])}/config.json`));
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  output(lines = 60): string {
    return this.process?.output(lines) ?? '';
  }

  async close(): Promise<void> {
    await this.process?.stop(15_000);
    await this.platform?.close();
  }
}
