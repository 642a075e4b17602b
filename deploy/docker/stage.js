#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Lays out what goes into the container images, from a built repo (`npm run build`). The
 * Dockerfile runs it in its build stages; deploy/test/image-layout.spec.ts runs the very same
 * script and starts each entry point from its output, so what the test proves is what ships.
 *
 *   node deploy/docker/stage.js manifests <out>      package.json, package-lock.json, .npmrc and every
 *                                                    workspace's package.json (for `npm ci` layers)
 *   node deploy/docker/stage.js deployable <name> <out>
 *   node deploy/docker/stage.js deployables <out>    each deployable into <out>/<name>/
 *
 * A deployable's tree mirrors the repo: for the deployable, the operator CLI (tools/cli, so
 * `sisbridge …` works in every pod) and every workspace they reference (tsconfig project
 * references, transitively): its package.json, its compiled JavaScript (no .d.ts, no
 * tsbuildinfo, no TypeScript sources) and its bin/; plus node_modules/@sisbridge/<name>
 * symlinks to exactly those workspaces. Third-party packages come from `npm ci --omit=dev`.
 */
const { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, chmodSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');

const REPO = resolve(__dirname, '..', '..');

/**
 * The images. `entry` is the image's command; `requires` are files the image cannot work without
 * (the migrations entry, the prebuilt workflow bundle): staging fails when one is missing.
 */
const DEPLOYABLES = {
  'sif-ingest': { dir: 'services/sif-ingest', entry: 'dist/main.js', requires: ['dist/main.js', 'dist/migrate.js'] },
  'canvas-provisioner': { dir: 'services/canvas-provisioner', entry: 'dist/main.js', requires: ['dist/main.js', 'dist/migrate.js'] },
  'ptp-gradebook': { dir: 'services/ptp-gradebook', entry: 'dist/main.js', requires: ['dist/main.js', 'dist/migrate.js'] },
  'workflow-worker': { dir: 'workflows/worker', entry: 'dist/main.js', requires: ['dist/main.js', 'dist/workflow-bundle.js'] },
};

/** Shipped in every image: the operator CLI (the setup Job runs it; operators `kubectl exec` it). */
const ALWAYS = ['tools/cli'];

/** @param {string} path */
function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** tsconfig.json may carry comments and trailing commas. @param {string} path */
function readTsconfig(path) {
  const text = readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:"'])\/\/.*$/gm, '$1')
    .replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(text);
}

/** The workspace directories a project needs at run time: itself and its references, transitively. @param {string[]} roots */
function closure(roots) {
  const seen = new Set();
  const visit = (/** @type {string} */ dir) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const tsconfig = join(REPO, dir, 'tsconfig.json');
    if (!existsSync(tsconfig)) return;
    for (const reference of readTsconfig(tsconfig).references ?? []) {
      visit(relative(REPO, resolve(REPO, dir, reference.path)));
    }
  };
  roots.forEach(visit);
  return [...seen].sort();
}

/** Compiled JavaScript and its source maps; never declarations, build info or tests. @param {string} source */
function isRuntimeFile(source) {
  if (statSync(source).isDirectory()) return true;
  if (/\.d\.ts(\.map)?$/.test(source) || source.endsWith('.tsbuildinfo')) return false;
  if (/\.(spec|int-spec|e2e-spec)\.js(\.map)?$/.test(source)) return false;
  return /\.(js|cjs|mjs|json|js\.map)$/.test(source);
}

/** @param {string} name @param {string} out */
function stageDeployable(name, out) {
  const deployable = DEPLOYABLES[/** @type {keyof typeof DEPLOYABLES} */ (name)];
  if (!deployable) throw new Error(`unknown deployable "${name}" (known: ${Object.keys(DEPLOYABLES).join(', ')})`);
  for (const file of deployable.requires) {
    if (!existsSync(join(REPO, deployable.dir, file))) {
      throw new Error(`${deployable.dir}/${file} is missing: run \`npm run build\` first (it compiles and prebuilds the workflow bundle)`);
    }
  }
  rmSync(out, { recursive: true, force: true });
  const workspaces = closure([deployable.dir, ...ALWAYS]);
  for (const dir of workspaces) {
    const manifest = readJson(join(REPO, dir, 'package.json'));
    if (!existsSync(join(REPO, dir, 'dist'))) throw new Error(`${dir}/dist is missing: run \`npm run build\` first`);
    mkdirSync(join(out, dir), { recursive: true });
    cpSync(join(REPO, dir, 'package.json'), join(out, dir, 'package.json'));
    cpSync(join(REPO, dir, 'dist'), join(out, dir, 'dist'), { recursive: true, filter: isRuntimeFile });
    if (existsSync(join(REPO, dir, 'bin'))) {
      cpSync(join(REPO, dir, 'bin'), join(out, dir, 'bin'), { recursive: true });
      for (const file of readdirSync(join(out, dir, 'bin'))) chmodSync(join(out, dir, 'bin', file), 0o755);
    }
    // What npm does for a workspace: node_modules/@sisbridge/<name> → ../../<dir> (relative).
    const link = join(out, 'node_modules', manifest.name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), join(out, dir)), link);
  }
  return workspaces;
}

/** @param {string} out */
function stageManifests(out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
    if (existsSync(join(REPO, file))) cpSync(join(REPO, file), join(out, file));
  }
  const { workspaces } = readJson(join(REPO, 'package.json'));
  for (const pattern of workspaces) {
    const base = pattern.replace(/\/\*$/, '');
    const dirs = pattern.endsWith('/*') && existsSync(join(REPO, base)) ? readdirSync(join(REPO, base)).map((d) => join(base, d)) : [base];
    for (const dir of dirs) {
      if (!existsSync(join(REPO, dir, 'package.json'))) continue;
      mkdirSync(join(out, dir), { recursive: true });
      cpSync(join(REPO, dir, 'package.json'), join(out, dir, 'package.json'));
    }
  }
}

function main() {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'manifests' && args.length === 1) {
    stageManifests(resolve(args[0]));
  } else if (mode === 'deployable' && args.length === 2) {
    const workspaces = stageDeployable(args[0], resolve(args[1]));
    process.stdout.write(`${args[0]}: ${workspaces.join(' ')}\n`);
  } else if (mode === 'deployables' && args.length === 1) {
    for (const name of Object.keys(DEPLOYABLES)) {
      const workspaces = stageDeployable(name, join(resolve(args[0]), name));
      process.stdout.write(`${name}: ${workspaces.join(' ')}\n`);
    }
  } else {
    process.stderr.write('usage: stage.js manifests <out> | deployable <name> <out> | deployables <out>\n');
    process.exit(64);
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`stage.js: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

module.exports = { DEPLOYABLES, closure };
