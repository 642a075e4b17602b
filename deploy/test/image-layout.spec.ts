import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse, relative } from 'node:path';
import { promisify } from 'node:util';
import { copies, environment, parseDockerfile, stageChain } from './dockerfile';
import { deployables, DOCKERFILE, REPO_ROOT, STAGE_SCRIPT } from './paths';

const execFileAsync = promisify(execFile);

/**
 * Rehearses each image without Docker: the Dockerfile's build stage runs deploy/docker/stage.js
 * and the image copies its output to /app next to `npm ci --omit=dev`'s node_modules. Here the
 * same script stages a deployable into a scratch directory, node_modules holds only the packages
 * the lockfile does not mark dev-only, and each entry point must start far enough to validate its
 * configuration: every module it requires is in the image, and no dev dependency is needed.
 */
const DEPLOYABLES = deployables();
const dockerfile = parseDockerfile(DOCKERFILE);
let scratch: string;

interface LockEntry {
  dev?: boolean;
}

/** node_modules as `npm ci --omit=dev` lays it out (minus @sisbridge, which stage.js links): links into the repo's. */
function productionNodeModules(target: string): void {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  mkdirSync(target, { recursive: true });
  for (const [key, entry] of Object.entries(lock.packages)) {
    const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
    if (!match || entry.dev) continue;
    const name = match[1] ?? '';
    if (name.startsWith('@sisbridge/')) continue;
    const source = join(REPO_ROOT, 'node_modules', name);
    if (!existsSync(source)) continue; // optional packages for other platforms
    const link = join(target, name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(source, link);
  }
}

function run(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, args, {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: scratch, ...env },
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === 'number' ? error.code : -1,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((path) => join(dir, path));
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sisbridge-image-'));
  // Node would find a stray node_modules in an ancestor and hide a missing dependency.
  for (let dir = dirname(scratch); dir !== parse(dir).root; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules')))
      throw new Error(`${dir}/node_modules exists: the rehearsal needs a scratch directory with no node_modules above it`);
  }
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.each(DEPLOYABLES)('the $name image, rehearsed', (deployable) => {
  let app: string;

  beforeAll(async () => {
    // What the target copies: /out/<name>/ from the build stage, node_modules from prod-deps, into WORKDIR /app.
    const chain = stageChain(dockerfile, deployable.name);
    const fromBuild = chain.flatMap(copies).find((copy) => copy.from === 'build');
    expect(fromBuild?.sources).toEqual([`/out/${deployable.name}/`]);
    app = join(scratch, deployable.name, 'app');
    await execFileAsync(process.execPath, [STAGE_SCRIPT, 'deployable', deployable.name, app]);
    productionNodeModules(join(app, 'node_modules'));
  });

  it('ships compiled JavaScript only: no TypeScript, declarations, build info or tests', () => {
    const shipped = filesUnder(app).filter((path) => !relative(app, path).startsWith('node_modules'));
    expect(shipped.filter((path) => /\.(ts|tsbuildinfo)$/.test(path) || /\.(spec|int-spec|e2e-spec)\.js$/.test(path))).toEqual([]);
    expect(shipped.some((path) => path.endsWith(`${deployable.dir}/${deployable.entry}`))).toBe(true);
    for (const file of deployable.requires) expect(existsSync(join(app, deployable.dir, file))).toBe(true);
  });

  it('links exactly the workspaces it ships, and every link resolves inside the image', () => {
    const links = readdirSync(join(app, 'node_modules/@sisbridge'));
    expect(links.length).toBeGreaterThan(1);
    for (const name of links) {
      const link = join(app, 'node_modules/@sisbridge', name);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(realpathSync(link).startsWith(realpathSync(app))).toBe(true);
    }
    // Never a test helper, a simulator or the local stack.
    expect(links.filter((name) => /test|simulator|sim-|local-stack|stack|e2e|sandbox/.test(name))).toEqual([]);
  });

  it('starts its entry point with production dependencies alone (it stops at configuration, not at a missing module)', async () => {
    const isWorker = deployable.name === 'workflow-worker';
    const bundle = environment(stageChain(dockerfile, deployable.name))['WORKFLOW_BUNDLE_PATH'];
    const env: Record<string, string> = isWorker
      ? { LOG_LEVEL: 'chatty', WORKFLOW_BUNDLE_PATH: (bundle ?? '').replace(/^\/app\//, `${app}/`) }
      : {};
    if (isWorker) expect(existsSync(env['WORKFLOW_BUNDLE_PATH'] ?? '')).toBe(true);
    const result = await run(app, [`${deployable.dir}/${deployable.entry}`], env);
    expect(result.stderr).not.toMatch(/Cannot find module|MODULE_NOT_FOUND/);
    expect(result.code).toBe(78);
    expect(result.stderr.trim()).toMatch(
      isWorker
        ? /^workflow-worker: invalid configuration: LOG_LEVEL must be/
        : new RegExp(`^${deployable.name}: invalid configuration: DATABASE_URL must be`),
    );
  });

  if (deployable.requires.includes('dist/migrate.js')) {
    it('runs its migrations command with production dependencies alone', async () => {
      const result = await run(app, [`${deployable.dir}/dist/migrate.js`], {});
      expect(result.stderr).not.toMatch(/Cannot find module|MODULE_NOT_FOUND/);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(new RegExp(`^${deployable.name} migrate: invalid configuration: DATABASE_URL must be`));
    });
  }

  it("carries the operator CLI, executable, with the setup Job's commands and the runbook's", async () => {
    const bin = join(app, 'tools/cli/bin/sisbridge.js');
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    const result = await run(app, ['tools/cli/dist/main.js', '--help'], {});
    expect(result.stderr).not.toMatch(/Cannot find module/);
    expect(result.code).toBe(0);
    for (const command of [
      'setup-temporal',
      'schedules',
      'schedule',
      'provision',
      'runs',
      'approve',
      'reject',
      'passback',
      'report',
      'categories',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    }
    // The setup Job runs `schedules apply` (both schedules of every district) in the workflow-worker image.
    const apply = await run(app, ['tools/cli/dist/main.js', 'schedules', 'apply', '--help'], {});
    expect([apply.code, apply.stdout]).toEqual([0, expect.stringContaining('--prune')]);
  });
});

describe('deploy/docker/stage.js', () => {
  it('refuses an unknown deployable, naming the known ones (a typo in a Dockerfile target fails the build)', async () => {
    const result = await run(REPO_ROOT, [STAGE_SCRIPT, 'deployable', 'sif-ingester', join(scratch, 'nothing')], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'stage.js: unknown deployable "sif-ingester" (known: sif-ingest, canvas-provisioner, ptp-gradebook, workflow-worker)\n',
    );
    expect(existsSync(join(scratch, 'nothing'))).toBe(false);
  });

  it('lays out the npm manifests of every workspace, so `npm ci` in the image links them all', async () => {
    const out = join(scratch, 'manifests');
    await execFileAsync(process.execPath, [STAGE_SCRIPT, 'manifests', out]);
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { link?: boolean; resolved?: string }>;
    };
    const workspaces = Object.values(lock.packages)
      .filter((entry) => entry.link && entry.resolved)
      .map((entry) => entry.resolved ?? '');
    expect(workspaces.length).toBeGreaterThan(5);
    for (const dir of workspaces) expect(existsSync(join(out, dir, 'package.json'))).toBe(true);
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) expect(existsSync(join(out, file))).toBe(true);
  });
});
