import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `.data/local-stack.json`, while `npm start` runs: the environment an operator's command needs to
 * reach this stack (Temporal and the districts file), so that `npx sisbridge …` in the checkout
 * finds it without being told (tools/cli/src/cli-context.ts reads it, and ignores it once the
 * stack's process is gone). Never any secret. Returns the file's path.
 */
export function writeStackStateFile(
  dataDir: string,
  env: { TEMPORAL_ADDRESS: string; TEMPORAL_NAMESPACE: string; DISTRICTS_FILE: string },
): string {
  const path = join(dataDir, 'local-stack.json');
  writeFileSync(path, `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), env }, null, 2)}\n`);
  return path;
}

export function removeStackStateFile(path: string): void {
  rmSync(path, { force: true });
}
