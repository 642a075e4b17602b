import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The entry point of all workflow code (TypeScript source; the bundler compiles it). */
export const WORKFLOWS_ENTRY = resolve(__dirname, '../../../definitions/src/index.ts');

/** Where `npm run build` writes the prebuilt bundle, next to the compiled worker. */
export const DEFAULT_BUNDLE_PATH = resolve(__dirname, '..', 'workflow-bundle.js');

export function findPrebuiltBundle(configured: string | undefined): string | undefined {
  if (configured) {
    if (!existsSync(configured)) throw new Error(`WORKFLOW_BUNDLE_PATH points to ${configured}, which does not exist`);
    return configured;
  }
  return existsSync(DEFAULT_BUNDLE_PATH) ? DEFAULT_BUNDLE_PATH : undefined;
}

export function bundleFileName(dir: string): string {
  return join(dir, 'workflow-bundle.js');
}
