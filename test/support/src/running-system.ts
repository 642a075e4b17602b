import { Client, Connection } from '@temporalio/client';
import { freePort, startComponent, waitForHttp, type ComponentName, type ManagedProcess } from '@sisbridge/local-infra';
import { testEnv } from './test-env';

export interface RunningComponent {
  name: ComponentName;
  port: number;
  /** METRICS_PORT: `/metrics` is served there, and only there. */
  metricsPort: number;
  process: ManagedProcess;
  url: (path: string) => string;
  metricsUrl: () => string;
}

export interface SystemEnv {
  databaseUrl: string;
  namespace: string;
  /** Extra variables for every component (e.g. shorter timeouts). */
  extra?: Record<string, string>;
}

/** The environment a component gets in tests: the test Temporal and Postgres, migrations on. */
export function componentEnv(system: SystemEnv): Record<string, string> {
  return {
    DATABASE_URL: system.databaseUrl,
    TEMPORAL_ADDRESS: testEnv('temporalAddress'),
    TEMPORAL_NAMESPACE: system.namespace,
    RUN_MIGRATIONS_ON_START: 'true',
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_SECONDS: '10',
    ...system.extra,
  };
}

/**
 * Starts compiled components as real processes (what Kubernetes runs) on free ports and waits
 * until each answers `/readyz`. The caller stops them (`stopAll`) in `afterAll`.
 */
export class RunningSystem {
  readonly components = new Map<ComponentName, RunningComponent>();

  constructor(readonly env: SystemEnv) {}

  /** `port`: a fixed one, when something must know the address before the process starts (a SIF zone pushing to sif-ingest). */
  async start(name: ComponentName, options: { waitReady?: boolean; port?: number } = {}): Promise<RunningComponent> {
    const port = options.port ?? (await freePort());
    const metricsPort = await freePort();
    const process = startComponent(name, { port, env: { ...componentEnv(this.env), METRICS_PORT: String(metricsPort) } });
    const component: RunningComponent = {
      name,
      port,
      metricsPort,
      process,
      url: (path) => `http://127.0.0.1:${port}${path}`,
      metricsUrl: () => `http://127.0.0.1:${metricsPort}/metrics`,
    };
    this.components.set(name, component);
    if (options.waitReady ?? true) await waitForHttp(component.url('/readyz'), { timeoutMs: 60_000, process });
    return component;
  }

  get(name: ComponentName): RunningComponent {
    const component = this.components.get(name);
    if (!component) throw new Error(`${name} was not started`);
    return component;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.components.values()].map((component) => component.process.stop(15_000)));
    this.components.clear();
  }
}

/** A Temporal client on the test server, in `namespace`; close it with `client.connection.close()`. */
export async function testClient(namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address: testEnv('temporalAddress') });
  return new Client({ connection, namespace });
}
