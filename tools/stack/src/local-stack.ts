import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
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
  type ManagedProcess,
} from '@sisbridge/local-stack';
import { runWiringCheck } from './run-wiring-check';
import type { StackConfig } from './stack-config';

export interface StackOptions {
  config: StackConfig;
  /** Exit after the first workflow completes (`npm start -- --once`). */
  once: boolean;
  print: (line: string) => void;
}

/** A component that did not come up, with the reason, for the one-line failure report. */
export class StackStartError extends Error {
  constructor(readonly component: string, reason: string) {
    super(`${component}: ${reason}`);
  }
}

/**
 * The whole system on one machine: Temporal dev server (with UI), Postgres, the three services
 * and the workflow worker, then the wiring check workflow as proof that it all works.
 */
export class LocalStack {
  private temporal?: TestWorkflowEnvironment;
  private postgres?: LocalPostgres;
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

    const shared = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: `127.0.0.1:${config.TEMPORAL_PORT}`,
      TEMPORAL_NAMESPACE: 'default',
      LOG_LEVEL: config.LOG_LEVEL,
      // The local stack migrates at start-up; in Kubernetes a pre-upgrade Job does it.
      RUN_MIGRATIONS_ON_START: 'true',
    };
    // Services first (each migrates its own schema), then the worker that drives them.
    await Promise.all((['sif-ingest', 'canvas-provisioner', 'ptp-gradebook'] as const).map((name) => this.startComponent(name, shared, dataDir)));
    await this.startComponent('workflow-worker', shared, dataDir);

    const client = await this.step('temporal', () =>
      connectClient(temporalConfigSchema.parse({ TEMPORAL_ADDRESS: shared.TEMPORAL_ADDRESS })),
    );
    const check = await this.step('wiring check workflow', () => runWiringCheck(client, 'local stack start-up', 120_000));
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
      ...(Object.keys(COMPONENTS) as ComponentName[]).map((name): [string, number] => [name, this.portOf(name)]),
    ];
    for (const [component, port] of wanted) {
      if (await portInUse(port)) {
        throw new StackStartError(component, `port ${port} is already in use (another local stack running?); set its *_PORT variable to move it`);
      }
    }
  }

  private async step<T>(component: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StackStartError) throw error;
      throw new StackStartError(component, error instanceof Error ? error.message : String(error));
    }
  }
}

function pad(label: string): string {
  return label.padEnd(21);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
