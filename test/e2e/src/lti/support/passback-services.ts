import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startCanvasSimulator, type CanvasSimulator } from '@sisbridge/canvas-simulator';
import { TaskQueues } from '@sisbridge/contracts';
import { freePort } from '@sisbridge/local-infra';
import {
  createTestDatabase,
  createTestNamespace,
  RunningSystem,
  testClient,
  testEnv,
  TestLtiPlatform,
  type RunningComponent,
  type TestDatabase,
} from '@sisbridge/test-support';
import { importRoster, type ImportedRoster, type RosterCourse, type RosterPerson } from './canvas-roster';

export const DISTRICT = 'lti-e2e';
/** A second district, with its own API token: its callers must not see the first district's runs. */
export const OTHER_DISTRICT = 'lti-e2e-other';

export interface PassbackStackOptions {
  purpose: string;
  courses: RosterCourse[];
  people: RosterPerson[];
  /**
   * Which `passbackTeacherWorkflow` runs: the stand-in (a worker in this test process, for tests
   * about the way in), the stand-in held before its end until `releaseHeldPassbackSignal`, or none
   * (the caller starts the real orchestration worker itself).
   */
  passbackWorkflow: 'stand-in' | 'held-stand-in' | 'none';
  /** Extra settings merged into the district's entry of the districts file. */
  district?: Record<string, unknown>;
  /** The district names no developer key: its tool is registered by LTI Dynamic Registration. */
  dynamicRegistration?: boolean;
  extraEnv?: Record<string, string>;
}

/**
 * What the LTI and API end-to-end suites run against: ptp-gradebook as a process (compiled, as
 * deployed), the Canvas simulator with a small roster, a test LTI platform standing for Canvas's
 * LTI side, real Temporal and Postgres, and the district's credentials.
 */
export class PassbackStack {
  readonly bearerToken = `token-${randomBytes(12).toString('hex')}`;
  readonly hmacSecret = `secret-${randomBytes(24).toString('hex')}`;
  readonly otherToken = `other-${randomBytes(12).toString('hex')}`;
  database!: TestDatabase;
  namespace!: string;
  system!: RunningSystem;
  client!: Client;
  canvas!: CanvasSimulator;
  platform!: TestLtiPlatform;
  roster!: ImportedRoster;
  ptp!: RunningComponent;
  private worker?: { worker: Worker; running: Promise<void>; connection: NativeConnection };

  private constructor(private readonly options: PassbackStackOptions) {}

  static async start(options: PassbackStackOptions): Promise<PassbackStack> {
    const stack = new PassbackStack(options);
    try {
      await stack.boot();
    } catch (error) {
      await stack.close();
      throw error;
    }
    return stack;
  }

  get toolUrl(): string {
    return this.ptp.url('');
  }

  loginUrl(district = DISTRICT): string {
    return this.ptp.url(`/lti/${district}/login`);
  }

  launchUrl(district = DISTRICT): string {
    return this.ptp.url(`/lti/${district}/launch`);
  }

  /** Passback runs Temporal has in this test's namespace, whatever their state. */
  async passbackRuns(): Promise<Array<{ workflowId: string; runId: string; status: string }>> {
    const runs: Array<{ workflowId: string; runId: string; status: string }> = [];
    for await (const execution of this.client.workflow.list({ query: `WorkflowType = 'passbackTeacherWorkflow'` })) {
      runs.push({ workflowId: execution.workflowId, runId: execution.runId, status: execution.status.name });
    }
    return runs;
  }

  async close(): Promise<void> {
    if (this.worker) {
      this.worker.worker.shutdown();
      await this.worker.running.catch(() => undefined);
      await this.worker.connection.close();
    }
    await this.system?.stopAll();
    await this.client?.connection.close();
    await this.canvas?.close();
    await this.platform?.close();
    await this.database?.drop();
  }

  private async boot(): Promise<void> {
    this.database = await createTestDatabase(this.options.purpose.replace(/-/g, '_'));
    this.namespace = await createTestNamespace(this.options.purpose);
    this.canvas = await startCanvasSimulator({ processingTimeMs: 50, throttle: false });
    this.roster = await importRoster(this.canvas, this.options.courses, this.options.people);
    this.platform = await TestLtiPlatform.start();

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const port = await freePort();
    const districtsFile = join(mkdtempSync(join(tmpdir(), 'sisbridge-lti-')), 'districts.json');
    const base = { timeZone: 'America/Chicago', sif: { zoneUrl: 'http://127.0.0.1:1/zone/unused' } };
    writeFileSync(
      districtsFile,
      JSON.stringify({
        districts: [
          {
            ...base,
            id: DISTRICT,
            name: 'LTI end-to-end district',
            canvas: { baseUrl: this.canvas.url, rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN_LTI_E2E' },
            api: { bearerTokenEnv: 'PASSBACK_TOKEN_LTI_E2E', hmacSecretEnv: 'PASSBACK_HMAC_LTI_E2E' },
            lti: this.platform.ltiSettings('LTI_TOOL_KEY_LTI_E2E', { dynamic: this.options.dynamicRegistration === true }),
            ...this.options.district,
          },
          {
            ...base,
            id: OTHER_DISTRICT,
            name: 'Another district',
            canvas: { baseUrl: this.canvas.url, rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN_LTI_E2E' },
            api: { bearerTokenEnv: 'PASSBACK_TOKEN_OTHER' },
          },
        ],
      }),
    );
    this.system = new RunningSystem({
      databaseUrl: this.database.url,
      namespace: this.namespace,
      extra: {
        DISTRICTS_FILE: districtsFile,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        CANVAS_TOKEN_LTI_E2E: this.canvas.token,
        PASSBACK_TOKEN_LTI_E2E: this.bearerToken,
        PASSBACK_HMAC_LTI_E2E: this.hmacSecret,
        PASSBACK_TOKEN_OTHER: this.otherToken,
        LTI_TOOL_KEY_LTI_E2E: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        // Suites about something else make many logins, launches and refused calls from one address.
        LTI_LOGINS_PER_WINDOW: '1000',
        LTI_LAUNCHES_PER_WINDOW: '1000',
        API_AUTH_FAILURES_PER_WINDOW: '1000',
        ...this.options.extraEnv,
      },
    });
    this.ptp = await this.system.start('ptp-gradebook', { port });
    await this.platform.install(this.ptp.url(`/lti/${DISTRICT}/config.json`));
    this.client = await testClient(this.namespace);
    if (this.options.passbackWorkflow !== 'none') {
      quietTemporalRuntime();
      const connection = await NativeConnection.connect({ address: testEnv('temporalAddress') });
      const worker = await Worker.create({
        connection,
        namespace: this.namespace,
        taskQueue: TaskQueues.orchestration,
        workflowsPath: require.resolve(
          this.options.passbackWorkflow === 'held-stand-in' ? './held-stand-in-passback.workflow' : './stand-in-passback.workflow',
        ),
      });
      this.worker = { worker, connection, running: worker.run() };
    }
  }
}

/** The SDK logs every worker state change at INFO; a test's output needs only warnings. */
export function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already in this Jest worker by an earlier suite: keep that one.
  }
}
