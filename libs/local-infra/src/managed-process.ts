import { spawn, type ChildProcess } from 'node:child_process';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcessOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with each complete line the process writes (stdout and stderr). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** Children still running: killed when this process exits, however it exits short of SIGKILL. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A Jest worker that is force-exited or a stack that crashes must not leave services running
  // (and connected to a database and a Temporal namespace nobody owns any more).
  process.once('exit', () => {
    for (const orphan of running) orphan.kill('SIGKILL');
  });
}

/**
 * A child process the local stack or a test owns: its output is kept (bounded) so a failure can
 * be explained, and it can be stopped politely (SIGTERM, then SIGKILL) or killed outright.
 */
export class ManagedProcess {
  readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly exited: Promise<ExitStatus>;
  private status?: ExitStatus;

  constructor(readonly options: ManagedProcessOptions) {
    this.child = spawn(options.command, options.args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    killOnExit(this.child);
    for (const stream of ['stdout', 'stderr'] as const) {
      let pending = '';
      this.child[stream]?.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        for (const line of parts) this.record(line, stream);
      });
      this.child[stream]?.on('end', () => {
        if (pending) this.record(pending, stream);
        pending = '';
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.status = { code, signal };
        resolve(this.status);
      });
      this.child.on('error', (error) => {
        this.record(`failed to spawn: ${error.message}`, 'stderr');
        this.status = { code: -1, signal: null };
        resolve(this.status);
      });
    });
  }

  get name(): string {
    return this.options.name;
  }

  get hasExited(): boolean {
    return this.status !== undefined;
  }

  /** The last lines the process wrote, for error messages. */
  output(lastLines = 200): string {
    return this.lines.slice(-lastLines).join('\n');
  }

  waitForExit(): Promise<ExitStatus> {
    return this.exited;
  }

  /** SIGTERM, then SIGKILL after `graceMs` if it has not exited. */
  async stop(graceMs = 30_000): Promise<ExitStatus> {
    if (this.status) return this.status;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL: what a crash or an OOM kill looks like to the rest of the system. */
  async kill(): Promise<ExitStatus> {
    if (this.status) return this.status;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  private record(line: string, stream: 'stdout' | 'stderr'): void {
    this.lines.push(line);
    if (this.lines.length > 5_000) this.lines.splice(0, this.lines.length - 5_000);
    this.options.onLine?.(line, stream);
  }
}
