#!/usr/bin/env node
'use strict';
/**
 * `npm start`: runs on a fresh clone before node_modules exists, on whatever Node the machine
 * has, so it uses Node built-ins only. It installs the npm packages when they are missing or
 * stale, chooses Node 24 (tools/runtime/node-runtime.js), builds on it, and hands over to the
 * compiled stack launcher (tools/local-stack/src/main.ts) on that Node, with the same arguments.
 */
const { chooseNode, ensurePackages, handOver, runScript } = require('../runtime/node-runtime.js');

const say = (line) => process.stdout.write(`sisbridge: ${line}\n`);

ensurePackages(say);
let node;
try {
  node = chooseNode();
} catch (error) {
  process.stderr.write(`sisbridge: ${error.message}\n`);
  process.exit(69);
}
say('building (tsc -b and the workflow bundle)');
runScript(node, 'build', [], say);
process.env.SISBRIDGE_NODE_SOURCE = node.source;
if (node.path === process.execPath) require('./dist/main.js');
else handOver(node, 'tools/local-stack/dist/main.js', process.argv.slice(2));
