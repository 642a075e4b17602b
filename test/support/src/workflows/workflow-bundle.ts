import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../../../..');

/** The workflow bundle `npm run build` writes: what the orchestration worker runs in production. */
export const PREBUILT_WORKFLOW_BUNDLE = join(REPO_ROOT, 'workflows/worker/dist/workflow-bundle.js');

/** Everything the bundle is built from: the workflows and the contracts they import. */
const BUNDLE_SOURCES = [join(REPO_ROOT, 'workflows/definitions/src'), join(REPO_ROOT, 'libs/contracts/src')];

/**
 * The prebuilt bundle, so workflow tests run exactly the code the worker runs (and do not spend
 * seconds of CPU bundling per test file). Refuses a bundle older than a workflow or contract
 * source: a test of stale code would pass or fail for the wrong reason.
 */
export function prebuiltWorkflowBundle(): { codePath: string } {
  if (!existsSync(PREBUILT_WORKFLOW_BUNDLE)) {
    throw new Error(`${PREBUILT_WORKFLOW_BUNDLE} does not exist: run \`npm run build\` first`);
  }
  const builtAt = statSync(PREBUILT_WORKFLOW_BUNDLE).mtimeMs;
  const newer = BUNDLE_SOURCES.flatMap(sourceFiles).find((file) => !isTest(file) && statSync(file).mtimeMs > builtAt);
  if (newer) throw new Error(`the workflow bundle is older than ${newer}: run \`npm run build\` first`);
  return { codePath: PREBUILT_WORKFLOW_BUNDLE };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function isTest(file: string): boolean {
  return /\.(spec|int-spec|e2e-spec)\.ts$/.test(file);
}
