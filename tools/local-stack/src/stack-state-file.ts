import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `.data/local-stack.json`, while `npm start` runs: the environment an operator's command needs to
 * reach this stack (Temporal and the districts file), so that `npx sisbridge …` in the checkout
 * finds it without being told (tools/cli/src/cli-context.ts reads it, and ignores it once the
 * stack's process is gone). Never any secret.
 */
export function stackStateFile(dataDir: string): string {
  return join(dataDir, 'local-stack.json');
}

export function writeStackStateFile(
  dataDir: string,
  env: { TEMPORAL_ADDRESS: string; TEMPORAL_NAMESPACE: string; DISTRICTS_FILE: string },
): void {
  writeFileSync(stackStateFile(dataDir), `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), env }, null, 2)}\n`);
}

export function removeStackStateFile(dataDir: string): void {
  rmSync(stackStateFile(dataDir), { force: true });
}
