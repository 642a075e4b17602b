import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { nightlyPassbackScheduleId, provisionScheduleId, type ProvisionDistrictResult } from '@sisbridge/contracts';
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
import { SyncGradesPage, TestLtiPlatform } from '@sisbridge/test-support';
import { teacherCourses } from './canvas-teachers';
import { ingestRejections, type IngestRejections } from './ingest-rejections';
import { dropSisbridgeSchemas, forgetTemporalHistory, SISBRIDGE_SCHEMAS } from './sisbridge-state';
import { removeStackStateFile, writeStackStateFile } from './stack-state-file';
import { runProvisioning } from './run-provisioning';
import { runWiringCheck } from './run-wiring-check';
import { startSandbox, type Sandbox } from './sandbox-simulators';
import type { StackConfig } from './stack-config';
import {
  provisionedAtStart,
  readDistrictsSource,
  SANDBOX_DISTRICTS,
  stackDistricts,
  writeStackDistricts,
  type StackDistrict,
} from './stack-districts';
import { stackSummary } from './stack-summary';

export interface StackOptions {
  config: StackConfig;
  /** Exit after the first provisioning completes (`npm start -- --once`). */
  once: boolean;
  /** Load the sandbox district from a directory of SIF XML files instead of generating it. */
  sifData?: string;
  /** The district's own districts file (`--districts`, or DISTRICTS_FILE); the sandbox district when absent. */
  districtsFile?: string;
  /** Processes per service and of the workflow worker (`--replicas`), all polling the same task queues. */
  replicas: number;
  /** Keep sisbridge's Postgres schemas and Temporal's history from the last start (`--keep-state`); by default both start empty, as the simulators do. */
  keepState: boolean;
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
  private platform?: TestLtiPlatform;
  private syncGradesPage?: SyncGradesPage;
  private readonly processes: ManagedProcess[] = [];
  private readonly logs: WriteStream[] = [];
  private stopping = false;
  /** Set once this stack has written `.data/local-stack.json` (a stack that failed to start must not remove a running one's). */
  private stateFile: string | undefined;

  constructor(private readonly options: StackOptions) {}

  async start(): Promise<void> {
    const { config, print } = this.options;
    const dataDir = resolve(REPO_ROOT, config.SISBRIDGE_DATA_DIR);
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    mkdirSync(join(dataDir, 'temporal'), { recursive: true });
    await this.refuseBusyPorts();
    const temporalDatabase = join(dataDir, 'temporal', 'dev.db');
    if (!this.options.keepState) forgetTemporalHistory(temporalDatabase);

    const source = await this.step('temporal', () =>
      resolveTemporalCli({ allowBuild: true, allowDownload: !process.env['CI'], log: print, repoToolsDir: resolve(REPO_ROOT, '.tools') }),
    );
    this.temporal = await this.step('temporal', () =>
      startTemporalDevServer({
        source,
        port: config.TEMPORAL_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        dbFilename: temporalDatabase,
      }),
    );
    this.postgres = await this.step('postgres', () =>
      resolvePostgres({ embeddedDataDir: join(dataDir, 'postgres'), embeddedPort: config.EMBEDDED_POSTGRES_PORT, log: print }),
    );
    const databaseUrl = await this.step('postgres', () =>
      process.env['DATABASE_URL'] ? Promise.resolve(process.env['DATABASE_URL']) : databaseFor(this.postgres as LocalPostgres, 'sisbridge'),
    );
    if (this.options.keepState) {
      print(
        "Keeping sisbridge's state from the last start (--keep-state). The simulators start empty all the same: provisioning sends the whole roster again.",
      );
    } else {
      await this.step('postgres', () => dropSisbridgeSchemas(databaseUrl));
      print(
        `Starting clean, as the simulators do: sisbridge's schemas (${SISBRIDGE_SCHEMAS.join(', ')}) and Temporal's history are new (--keep-state keeps them).`,
      );
    }

    this.sandbox = await this.step('simulators', () =>
      startSandbox({
        ports: { sif: config.SIF_SIMULATOR_PORT, canvas: config.CANVAS_SIMULATOR_PORT, ptp: config.PTP_SIMULATOR_PORT },
        sifData: this.options.sifData,
      }),
    );
    this.platform = await this.step('test LTI platform', () => TestLtiPlatform.start());
    const platform = this.platform;
    const sandbox = this.sandbox;
    const districtsSource = this.options.districtsFile ?? config.DISTRICTS_FILE;
    const districts = await this.step('districts file', async () =>
      stackDistricts(
        districtsSource ? readDistrictsSource(districtsSource) : SANDBOX_DISTRICTS,
        districtsSource ?? 'the sandbox district',
        sandbox.systems(`http://127.0.0.1:${config.SIF_INGEST_PORT}`, (keyEnv) => platform.ltiSettings(keyEnv)),
        process.env,
      ),
    );
    const districtsFile = join(dataDir, 'districts.yaml');
    writeStackDistricts(districtsFile, districts, districtsSource ?? 'the sandbox district');
    const publicUrl = (config.PUBLIC_URL ?? `http://127.0.0.1:${config.PTP_GRADEBOOK_PORT}`).replace(/\/+$/, '');

    // The services get the caller's environment (the secrets a district's own file names, PUBLIC_URL,
    // service settings), then what the stack made: the simulators' credentials and its own wiring.
    const shared: Record<string, string> = {
      ...definedOnly(process.env),
      ...districts.secrets,
      DISTRICTS_FILE: districtsFile,
      PUBLIC_URL: publicUrl,
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
      connectClient(temporalConfigSchema.parse({ TEMPORAL_ADDRESS: shared['TEMPORAL_ADDRESS'] })),
    );
    const check = await this.step('wiring check workflow', () => runWiringCheck(client, 'local stack start-up', 120_000));
    await this.step('schedules', () => this.applySchedules(shared, dataDir));
    const ownSystems = districts.districts.filter((district) => !provisionedAtStart(district));
    // A laptop must not provision a district's real Canvas at 02:00 because someone tried its settings.
    await this.step('schedules', () =>
      Promise.all(
        ownSystems.flatMap((district) =>
          [provisionScheduleId(district.config.id), nightlyPassbackScheduleId(district.config.id)].map((id) =>
            client.schedule.getHandle(id).pause('paused by the local stack: this district names its own systems'),
          ),
        ),
      ),
    );
    const provisionings: Array<{ district: StackDistrict; workflowId: string; result: ProvisionDistrictResult }> = [];
    for (const district of districts.districts.filter(provisionedAtStart)) {
      print(`Provisioning ${district.config.id} into the Canvas simulator…`);
      const provisioning = await this.step('provisioning workflow', () => runProvisioning(client, district.config.id));
      provisionings.push({ district, ...provisioning });
    }
    await client.connection.close();

    const ltiDistricts = districts.districts.filter((district) => district.ltiOnTestPlatform);
    if (ltiDistricts.length > 0) {
      this.syncGradesPage = await this.step('test LTI platform', () =>
        SyncGradesPage.start({
          platform,
          port: config.LTI_PLATFORM_PORT,
          tools: ltiDistricts.map((district) => ({
            districtId: district.config.id,
            districtName: district.config.name,
            loginUrl: `${publicUrl}/lti/${district.config.id}/login`,
            launchUrl: `${publicUrl}/lti/${district.config.id}/launch`,
            configurationUrl: `${publicUrl}/lti/${district.config.id}/config.json`,
            courses: () => teacherCourses(sandbox.canvas.state),
          })),
        }),
      );
    }

    const rejections = new Map<string, IngestRejections>();
    for (const { result } of provisionings) {
      const ingestRunId = result.snapshotId;
      if (ingestRunId) rejections.set(ingestRunId, await this.step('postgres', () => ingestRejections(databaseUrl, ingestRunId, 10)));
    }
    const summary = stackSummary({
      ui: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
      temporalPort: config.TEMPORAL_PORT,
      databaseUrl,
      postgresSource: this.postgres.source,
      components: (Object.keys(COMPONENTS) as ComponentName[]).map((name) => ({
        name,
        ports: this.portsOf(name),
        docs: COMPONENTS[name].docs,
      })),
      wiringCheck: check,
      sandbox,
      sifData: this.options.sifData,
      syncGradesPage: this.syncGradesPage?.url,
      districtsFile,
      districtsSource,
      districts,
      publicUrl,
      provisionings,
      rejections,
    });
    for (const line of summary) print(line);
    this.stateFile = writeStackStateFile(dataDir, {
      TEMPORAL_ADDRESS: shared['TEMPORAL_ADDRESS'] ?? '',
      TEMPORAL_NAMESPACE: shared['TEMPORAL_NAMESPACE'] ?? '',
      DISTRICTS_FILE: districtsFile,
    });
    print(`Logs: ${join(config.SISBRIDGE_DATA_DIR, 'logs')}/<component>.log${this.options.once ? '' : '   Ctrl-C stops everything.'}`);
  }

  /** Stops the workers and services (SIGTERM, so they drain), then Temporal and Postgres. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.stateFile) removeStackStateFile(this.stateFile);
    const worker = this.processes.filter((p) => p.name.startsWith('workflow-worker'));
    const services = this.processes.filter((p) => !p.name.startsWith('workflow-worker'));
    await Promise.all(worker.map((p) => p.stop()));
    await Promise.all(services.map((p) => p.stop()));
    await this.syncGradesPage?.close().catch(() => undefined);
    await this.platform?.close().catch(() => undefined);
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

  /** Starts a component's replicas, each on its own ports, and waits until every one is ready. */
  private async startComponent(name: ComponentName, env: Record<string, string>, dataDir: string): Promise<void> {
    await Promise.all(
      this.portsOf(name).map(async (port, index) => {
        const replica = index === 0 ? name : `${name}-${index + 1}`;
        const log = createWriteStream(join(dataDir, 'logs', `${replica}.log`), { flags: 'a' });
        this.logs.push(log);
        const child = startComponent(name, {
          port,
          // Each replica its own metrics listener too, where a service serves metrics apart from its HTTP port.
          env: { ...env, METRICS_PORT: String(port + METRICS_PORT_OFFSET) },
          onLine: (line) => log.write(`${line}\n`),
          processName: replica,
        });
        this.processes.push(child);
        await this.step(replica, () => waitForHttp(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 90_000, process: child }));
      }),
    );
  }

  /** Replica `n` (0-based) of a component listens on its port + 10 × n: 3001, 3011, 3021, … */
  private portsOf(name: ComponentName): number[] {
    const { config } = this.options;
    const ports: Record<ComponentName, number> = {
      'sif-ingest': config.SIF_INGEST_PORT,
      'canvas-provisioner': config.CANVAS_PROVISIONER_PORT,
      'ptp-gradebook': config.PTP_GRADEBOOK_PORT,
      'workflow-worker': config.WORKFLOW_WORKER_PORT,
    };
    return Array.from({ length: this.options.replicas }, (_, index) => ports[name] + REPLICA_PORT_STEP * index);
  }

  private async refuseBusyPorts(): Promise<void> {
    const { config } = this.options;
    const wanted: Array<[string, number]> = [
      ['temporal', config.TEMPORAL_PORT],
      ['temporal UI', config.TEMPORAL_UI_PORT],
      ['SIF zone simulator', config.SIF_SIMULATOR_PORT],
      ['Canvas simulator', config.CANVAS_SIMULATOR_PORT],
      ['PowerTeacher Pro simulator', config.PTP_SIMULATOR_PORT],
      ['test LTI platform', config.LTI_PLATFORM_PORT],
      ...(Object.keys(COMPONENTS) as ComponentName[]).flatMap((name) =>
        this.portsOf(name).flatMap((port): Array<[string, number]> => [
          [name, port],
          [`${name} metrics`, port + METRICS_PORT_OFFSET],
        ]),
      ),
    ];
    const claimed = new Map<number, string>();
    for (const [component, port] of wanted) {
      const other = claimed.get(port);
      if (other !== undefined)
        throw new StackStartError(
          component,
          `port ${port} is ${other}'s too (replica n listens on its port + ${REPLICA_PORT_STEP} × n); move one with its *_PORT variable`,
        );
      claimed.set(port, component);
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

function definedOnly(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Replica `n` of a component listens on its port + REPLICA_PORT_STEP × n. */
const REPLICA_PORT_STEP = 10;
/** A process's metrics listener: its HTTP port + this. */
const METRICS_PORT_OFFSET = 100;
