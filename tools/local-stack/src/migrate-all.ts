import { ManagedProcess, REPO_ROOT } from '@sisbridge/local-infra';
import { resolve } from 'node:path';

const SERVICES = ['sif-ingest', 'canvas-provisioner', 'ptp-gradebook'] as const;

/**
 * `npm run migrate`: applies every service's migrations to DATABASE_URL, one service after
 * another, each through its own `migrate` command (the same one the Kubernetes Job runs).
 */
async function main(): Promise<void> {
  for (const service of SERVICES) {
    const migrate = new ManagedProcess({
      name: `${service} migrate`,
      command: process.execPath,
      args: [resolve(REPO_ROOT, 'services', service, 'dist', 'migrate.js')],
      env: process.env,
      cwd: REPO_ROOT,
      onLine: (line, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(`${line}\n`),
    });
    const status = await migrate.waitForExit();
    if (status.code !== 0) {
      process.exitCode = status.code ?? 1;
      return;
    }
  }
}

void main();
