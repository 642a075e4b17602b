import { freePort, startComponent, waitForHttp, type ComponentName } from '@sisbridge/local-infra';
import { componentEnv, type RunningComponent, type SystemEnv } from './running-system';

/**
 * One component run as several processes, as Kubernetes runs a Deployment's pods: each replica
 * on its own HTTP port (and metrics port), all with the same environment, so all poll the same
 * task queues. The caller stops them (`stop`) in `afterAll`.
 */
export class ReplicatedComponent {
  private constructor(
    readonly name: ComponentName,
    readonly replicas: RunningComponent[],
  ) {}

  static async start(system: SystemEnv, name: ComponentName, count: number): Promise<ReplicatedComponent> {
    if (!Number.isInteger(count) || count < 1) throw new Error(`replicas must be a whole number of at least 1 (got ${count})`);
    const started: RunningComponent[] = [];
    try {
      await Promise.all(Array.from({ length: count }, async (_, index) => started.push(await startReplica(system, name, index))));
    } catch (error) {
      await Promise.all(started.map((replica) => replica.process.stop(15_000)));
      throw error;
    }
    return new ReplicatedComponent(
      name,
      started.sort((a, b) => a.process.name.localeCompare(b.process.name)),
    );
  }

  /** The operating system's process ids, which Temporal shows in each poller's identity (`pid@host`). */
  get pids(): number[] {
    return this.replicas.map((replica) => replica.process.child.pid ?? 0);
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.process.stop(15_000)));
  }
}

/**
 * One replica on free ports. A port found free can be taken by another test's process before this
 * one binds it (the suites run in parallel): a replica that exits on EADDRINUSE is started again
 * on other ports, a few times, instead of failing the suite.
 */
async function startReplica(system: SystemEnv, name: ComponentName, index: number): Promise<RunningComponent> {
  for (let attempt = 1; ; attempt++) {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const process = startComponent(name, {
      port,
      env: { ...componentEnv(system), METRICS_PORT: String(metricsPort) },
      processName: `${name}-${index + 1}`,
    });
    const replica: RunningComponent = {
      name,
      port,
      metricsPort,
      process,
      url: (path) => `http://127.0.0.1:${port}${path}`,
      metricsUrl: () => `http://127.0.0.1:${metricsPort}/metrics`,
    };
    try {
      await waitForHttp(replica.url('/readyz'), { timeoutMs: 90_000, process });
      return replica;
    } catch (error) {
      await process.stop(15_000);
      if (attempt >= 3 || !/EADDRINUSE/.test(process.output())) throw error;
    }
  }
}
