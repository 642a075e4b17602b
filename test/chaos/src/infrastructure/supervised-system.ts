import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, startComponent, waitForHttp, type ComponentName, type ManagedProcess } from '@sisbridge/local-infra';

export const SERVICES: readonly ComponentName[] = ['sif-ingest', 'canvas-provisioner', 'ptp-gradebook', 'workflow-worker'];

interface Supervised {
  name: ComponentName;
  port: number;
  process: ManagedProcess;
  /** Set while the chaos scenario itself is killing it: that exit is not a crash. */
  killing: boolean;
}

/**
 * The compiled services and the workflow worker as processes, supervised the way Kubernetes runs
 * them (restartPolicy: Always): a process that exits on its own is started again after a second,
 * and counted. `kill` is the scenario's `kill -9` followed by the restart an orchestrator makes.
 */
export class SupervisedSystem {
  private readonly running = new Map<ComponentName, Supervised>();
  private stopping = false;
  /** Exits nobody asked for (a worker that lost Temporal for good, a start-up that found no database). */
  readonly unexpectedExits: Array<{ name: ComponentName; code: number | null; signal: string | null; lastLines: string }> = [];

  constructor(private readonly env: Record<string, string>) {}

  async start(names: readonly ComponentName[] = SERVICES): Promise<void> {
    await Promise.all(names.map(async (name) => this.launch(name, await freePort())));
    await Promise.all(names.map((name) => this.ready(name)));
  }

  /** Every component's pid, for memory sampling. */
  pids(): Array<{ name: ComponentName; pid: number | undefined }> {
    return [...this.running.values()].map((entry) => ({ name: entry.name, pid: entry.process.child.pid }));
  }

  /** SIGKILL, then start it again on the same port and wait until it is ready. Resolves with the time it was down. */
  async kill(name: ComponentName): Promise<number> {
    const entry = this.entry(name);
    const started = Date.now();
    entry.killing = true;
    await entry.process.kill();
    this.launch(name, entry.port);
    await this.ready(name);
    return Date.now() - started;
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.values()].map((entry) => entry.process.stop(20_000)));
    this.running.clear();
  }

  /** The last lines of a component's output, for a failure report. */
  output(name: ComponentName, lines = 40): string {
    return this.running.get(name)?.process.output(lines) ?? '';
  }

  private launch(name: ComponentName, port: number): void {
    const process = startComponent(name, { port, env: this.env });
    const entry: Supervised = { name, port, process, killing: false };
    this.running.set(name, entry);
    void process.waitForExit().then(async (status) => {
      if (this.stopping || entry.killing || this.running.get(name) !== entry) return;
      this.unexpectedExits.push({ name, code: status.code, signal: status.signal, lastLines: process.output(20) });
      await sleep(1_000);
      if (!this.stopping && this.running.get(name) === entry) this.launch(name, port);
    });
  }

  private async ready(name: ComponentName): Promise<void> {
    // A restart during an outage may exit and be started again: wait for whichever process is current.
    for (const deadline = Date.now() + 180_000; ;) {
      const entry = this.entry(name);
      try {
        await waitForHttp(`http://127.0.0.1:${entry.port}/readyz`, { timeoutMs: 60_000, process: entry.process });
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`${name} never became ready: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        await sleep(500);
      }
    }
  }

  private entry(name: ComponentName): Supervised {
    const entry = this.running.get(name);
    if (!entry) throw new Error(`${name} is not running`);
    return entry;
  }
}
