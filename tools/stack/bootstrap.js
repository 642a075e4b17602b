#!/usr/bin/env node
'use strict';
/**
 * `npm start`: runs on a fresh clone before node_modules exists, so it uses Node built-ins
 * only. It installs the npm packages when they are missing or stale, builds, and hands over
 * to the compiled stack launcher (tools/stack/src/main.ts) with the same arguments.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '../..');

function run(command, args, what) {
  process.stdout.write(`sisbridge: ${what}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`sisbridge: ${what} failed (\`${command} ${args.join(' ')}\` exited with ${result.status})\n`);
    process.exit(result.status || 1);
  }
}

const lockfile = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lockfile).mtimeMs) {
  run('npm', ['ci', '--no-audit', '--no-fund'], 'installing npm packages (npm ci)');
}
run('npm', ['run', '--silent', 'build'], 'building (tsc -b and the workflow bundle)');
require('./dist/main.js');
