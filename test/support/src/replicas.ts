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
    const replicas: RunningComponent[] = [];
    for (let index = 0; index < count; index++) {
      const [port, metricsPort] = [await freePort(), await freePort()];
      const process = startComponent(name, {
        port,
        env: { ...componentEnv(system), METRICS_PORT: String(metricsPort) },
        processName: `${name}-${index + 1}`,
      });
      replicas.push({
        name,
        port,
        metricsPort,
        process,
        url: (path) => `http://127.0.0.1:${port}${path}`,
        metricsUrl: () => `http://127.0.0.1:${metricsPort}/metrics`,
      });
    }
    const component = new ReplicatedComponent(name, replicas);
    try {
      await Promise.all(replicas.map((replica) => waitForHttp(replica.url('/readyz'), { timeoutMs: 90_000, process: replica.process })));
    } catch (error) {
      await component.stop();
      throw error;
    }
    return component;
  }

  /** The operating system's process ids, which Temporal shows in each poller's identity (`pid@host`). */
  get pids(): number[] {
    return this.replicas.map((replica) => replica.process.child.pid ?? 0);
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.process.stop(15_000)));
  }
}
