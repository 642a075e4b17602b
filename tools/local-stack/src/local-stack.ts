import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProvisionDistrictResult } from '@sisbridge/contracts';
import { connectClient, temporalConfigSchema } from '@sisbridge/temporal';
import {
  COMPONENTS,
  databaseFor,
  portInUse,
  REPO_ROOT,
  resolvePostgres,
  resolveTemporalCli,
  startComponent,
  startTemporalDevServer,
  waitForHttp,
  type ComponentName,
  type LocalPostgres,
  type TemporalDevServer,
  ManagedProcess,
} from '@sisbridge/local-infra';
import { runProvisioning } from './run-provisioning';
import { runWiringCheck } from './run-wiring-check';
import { SANDBOX_DISTRICT_ID, startSandbox, type Sandbox } from './sandbox-simulators';
import type { StackConfig } from './stack-config';

export interface StackOptions {
  config: StackConfig;
  /** Exit after the first provisioning completes (`npm start -- --once`). */
  once: boolean;
  /** Load the sandbox district from a directory of SIF XML files instead of generating it. */
  sifData?: string;
  print: (line: string) => void;
}

/** A component that did not come up, with the reason, for the one-line failure report. */
export class StackStartError extends Error {
  constructor(
    readonly component: string,
    reason: string,
  ) {
    super(`${component}: ${reason}`);
  }
}

/**
 * The whole system on one machine: Temporal dev server (with UI), Postgres, the three services
 * and the workflow worker, then the wiring check workflow as proof that it all works.
 */
export class LocalStack {
  private temporal?: TemporalDevServer;
  private postgres?: LocalPostgres;
  private sandbox?: Sandbox;
  private readonly processes: ManagedProcess[] = [];
  private readonly logs: WriteStream[] = [];
  private stopping = false;

  constructor(private readonly options: StackOptions) {}

  async start(): Promise<void> {
    const { config, print } = this.options;
    const dataDir = resolve(REPO_ROOT, config.SISBRIDGE_DATA_DIR);
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    mkdirSync(join(dataDir, 'temporal'), { recursive: true });
    await this.refuseBusyPorts();

    const source = await this.step('temporal', () =>
      resolveTemporalCli({ allowBuild: true, allowDownload: !process.env['CI'], log: print, repoToolsDir: resolve(REPO_ROOT, '.tools') }),
    );
    this.temporal = await this.step('temporal', () =>
      startTemporalDevServer({
        source,
        port: config.TEMPORAL_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        dbFilename: join(dataDir, 'temporal', 'dev.db'),
      }),
    );
    this.postgres = await this.step('postgres', () =>
      resolvePostgres({ embeddedDataDir: join(dataDir, 'postgres'), embeddedPort: config.EMBEDDED_POSTGRES_PORT, log: print }),
    );
    const databaseUrl = await this.step('postgres', () =>
      process.env['DATABASE_URL'] ? Promise.resolve(process.env['DATABASE_URL']) : databaseFor(this.postgres as LocalPostgres, 'sisbridge'),
    );

    this.sandbox = await this.step('simulators', () =>
      startSandbox({
        ports: { sif: config.SIF_SIMULATOR_PORT, canvas: config.CANVAS_SIMULATOR_PORT, ptp: config.PTP_SIMULATOR_PORT },
        sifData: this.options.sifData,
        districtsFile: join(dataDir, 'districts.sandbox.yaml'),
      }),
    );

    const shared = {
      ...this.sandbox.secrets,
      DISTRICTS_FILE: this.sandbox.districtsFile,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: `127.0.0.1:${config.TEMPORAL_PORT}`,
      TEMPORAL_NAMESPACE: 'default',
      LOG_LEVEL: config.LOG_LEVEL,
      // The local stack migrates at start-up; in Kubernetes a pre-upgrade Job does it.
      RUN_MIGRATIONS_ON_START: 'true',
    };
    // Services first (each migrates its own schema), then the worker that drives them.
    await Promise.all(
      (['sif-ingest', 'canvas-provisioner', 'ptp-gradebook'] as const).map((name) => this.startComponent(name, shared, dataDir)),
    );
    await this.startComponent('workflow-worker', shared, dataDir);

    const client = await this.step('temporal', () =>
      connectClient(temporalConfigSchema.parse({ TEMPORAL_ADDRESS: shared.TEMPORAL_ADDRESS })),
    );
    const check = await this.step('wiring check workflow', () => runWiringCheck(client, 'local stack start-up', 120_000));
    await this.step('schedules', () => this.applySchedules(shared, dataDir));
    print('Provisioning the sandbox district into the Canvas simulator…');
    const provisioning = await this.step('provisioning workflow', () => runProvisioning(client, SANDBOX_DISTRICT_ID));
    await client.connection.close();

    const ui = `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`;
    print('');
    print('sisbridge local stack is up:');
    print(`  ${pad('Temporal UI')}${ui}`);
    print(`  ${pad('Temporal frontend')}127.0.0.1:${config.TEMPORAL_PORT} (namespace default)`);
    print(`  ${pad('Postgres')}${redact(databaseUrl)} (${this.postgres.source})`);
    for (const name of Object.keys(COMPONENTS) as ComponentName[]) {
      const port = this.portOf(name);
      print(`  ${pad(name)}http://127.0.0.1:${port}${COMPONENTS[name].docs ? '/docs' : '/readyz'}`);
    }
    const services = check.result.receipts.map((receipt) => `${receipt.service} → ${receipt.schema}`).join(', ');
    print(`  ${pad('wiring check')}completed (${services}): ${ui}/namespaces/default/workflows/${check.workflowId}`);
    const sandbox = this.sandbox;
    print(
      `  ${pad('SIF zone (sim)')}${sandbox.sif.zoneUrl}  (${sandbox.district.lea.leaName}, SchoolYear ${sandbox.district.schoolYear}${this.options.sifData ? `, from ${this.options.sifData}` : ''})`,
    );
    print(`  ${pad('Canvas (sim)')}${sandbox.canvas.url}  token ${sandbox.canvas.token}  (state: ${sandbox.canvas.url}/_sim/state)`);
    print(`  ${pad('PowerTeacher Pro (sim)')}${sandbox.ptp.url}  client id ${sandbox.ptp.clientId}  secret ${sandbox.ptp.clientSecret}`);
    print('');
    for (const line of provisioningSummary(provisioning.workflowId, provisioning.result, ui)) print(line);
    print(`Logs: ${join(config.SISBRIDGE_DATA_DIR, 'logs')}/<component>.log${this.options.once ? '' : '   Ctrl-C stops everything.'}`);
  }

  /** Stops the workers and services (SIGTERM, so they drain), then Temporal and Postgres. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const worker = this.processes.filter((p) => p.name === 'workflow-worker');
    const services = this.processes.filter((p) => p.name !== 'workflow-worker');
    await Promise.all(worker.map((p) => p.stop()));
    await Promise.all(services.map((p) => p.stop()));
    await this.sandbox?.close().catch(() => undefined);
    await this.temporal?.teardown().catch(() => undefined);
    await this.postgres?.stop().catch(() => undefined);
    for (const log of this.logs) log.end();
  }

  /** Resolves when any component exits on its own (the stack is then broken). */
  async firstUnexpectedExit(): Promise<string> {
    return Promise.race(
      this.processes.map(async (p) => {
        const status = await p.waitForExit();
        return `${p.name} exited (code ${status.code}, signal ${status.signal}):\n${p.output(20)}`;
      }),
    );
  }

  /** `sisbridge schedules apply`, as the Kubernetes setup Job runs it: the nightly schedule appears in Temporal UI. */
  private async applySchedules(env: Record<string, string>, dataDir: string): Promise<void> {
    const log = createWriteStream(join(dataDir, 'logs', 'schedules.log'), { flags: 'a' });
    this.logs.push(log);
    const cli = new ManagedProcess({
      name: 'sisbridge schedules apply',
      command: process.execPath,
      args: [resolve(REPO_ROOT, 'tools/cli/dist/main.js'), 'schedules', 'apply'],
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
      onLine: (line) => log.write(`${line}\n`),
    });
    const status = await cli.waitForExit();
    if (status.code !== 0) throw new Error(`schedules apply failed: ${cli.output(5)}`);
  }

  private async startComponent(name: ComponentName, env: Record<string, string>, dataDir: string): Promise<void> {
    const log = createWriteStream(join(dataDir, 'logs', `${name}.log`), { flags: 'a' });
    this.logs.push(log);
    const port = this.portOf(name);
    const child = startComponent(name, { port, env, onLine: (line) => log.write(`${line}\n`) });
    this.processes.push(child);
    await this.step(name, () => waitForHttp(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 90_000, process: child }));
  }

  private portOf(name: ComponentName): number {
    const { config } = this.options;
    const ports: Record<ComponentName, number> = {
      'sif-ingest': config.SIF_INGEST_PORT,
      'canvas-provisioner': config.CANVAS_PROVISIONER_PORT,
      'ptp-gradebook': config.PTP_GRADEBOOK_PORT,
      'workflow-worker': config.WORKFLOW_WORKER_PORT,
    };
    return ports[name];
  }

  private async refuseBusyPorts(): Promise<void> {
    const { config } = this.options;
    const wanted: Array<[string, number]> = [
      ['temporal', config.TEMPORAL_PORT],
      ['temporal UI', config.TEMPORAL_UI_PORT],
      ['SIF zone simulator', config.SIF_SIMULATOR_PORT],
      ['Canvas simulator', config.CANVAS_SIMULATOR_PORT],
      ['PowerTeacher Pro simulator', config.PTP_SIMULATOR_PORT],
      ...(Object.keys(COMPONENTS) as ComponentName[]).map((name): [string, number] => [name, this.portOf(name)]),
    ];
    for (const [component, port] of wanted) {
      if (await portInUse(port)) {
        throw new StackStartError(
          component,
          `port ${port} is already in use (another local stack running?); set its *_PORT variable to move it`,
        );
      }
    }
  }

  private async step<T>(component: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StackStartError) throw error;
      throw new StackStartError(component, describeError(error));
    }
  }
}

/** A workflow failure says only "Workflow execution failed": the reason is in its cause chain. */
function describeError(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && messages.length < 4) {
    messages.push(current.message);
    current = (current as Error & { cause?: unknown }).cause;
  }
  return messages.length > 0 ? messages.join(': ') : String(error);
}

function provisioningSummary(workflowId: string, result: ProvisionDistrictResult, ui: string): string[] {
  const lines = [
    `Provisioning ${SANDBOX_DISTRICT_ID}: ${result.outcome}${result.reason ? ` — ${result.reason}` : ''} (${ui}/namespaces/default/workflows/${workflowId})`,
  ];
  for (const kind of CANVAS_KINDS) {
    const count = result.counts?.[kind];
    if (count) lines.push(`  ${pad(kind)}created ${count.created}, updated ${count.updated}, deleted ${count.deleted}`);
  }
  if (result.canvasImportIds.length > 0) {
    lines.push(
      `  ${pad('Canvas SIS import')}${result.canvasImportIds.join(', ')}: ${result.canvasMessages?.errors ?? 0} errors, ${result.canvasMessages?.warnings ?? 0} warnings`,
    );
  }
  return lines;
}

const CANVAS_KINDS = ['accounts', 'terms', 'courses', 'sections', 'users', 'enrollments'] as const;

function pad(label: string): string {
  return label.padEnd(24);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
