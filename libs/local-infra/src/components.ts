import { resolve } from 'node:path';
import { ManagedProcess } from './managed-process';

/** The repository root (this file compiles to libs/local-infra/dist/components.js). */
export const REPO_ROOT = resolve(__dirname, '../../..');

/** Every long-running sisbridge process, with its compiled entry point and default HTTP port. */
export const COMPONENTS = {
  'sif-ingest': { entry: 'services/sif-ingest/dist/main.js', port: 3001, docs: true },
  'canvas-provisioner': { entry: 'services/canvas-provisioner/dist/main.js', port: 3002, docs: true },
  'ptp-gradebook': { entry: 'services/ptp-gradebook/dist/main.js', port: 3003, docs: true },
  'workflow-worker': { entry: 'workflows/worker/dist/main.js', port: 3004, docs: false },
} as const;

export type ComponentName = keyof typeof COMPONENTS;

export function componentEntry(name: ComponentName): string {
  return resolve(REPO_ROOT, COMPONENTS[name].entry);
}

export interface StartComponentOptions {
  port: number;
  /** Environment for the process (DATABASE_URL, TEMPORAL_ADDRESS, …); PATH and HOME are kept. */
  env: NodeJS.ProcessEnv;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** The process's name in failures and logs (`sif-ingest-2` for a second replica); default the component's. */
  processName?: string;
}

/** Starts one compiled component as a child process on `port`. */
export function startComponent(name: ComponentName, options: StartComponentOptions): ManagedProcess {
  const portVariable = name === 'workflow-worker' ? 'HEALTH_PORT' : 'PORT';
  return new ManagedProcess({
    name: options.processName ?? name,
    command: process.execPath,
    args: [componentEntry(name)],
    cwd: REPO_ROOT,
    // METRICS_PORT 0 (any free port, logged at start-up) unless the caller picks one: several
    // components share this machine, and a fixed default would collide.
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], METRICS_PORT: '0', ...options.env, [portVariable]: String(options.port) },
    onLine: options.onLine,
  });
}
