#!/usr/bin/env node
'use strict';
/**
 * `npm test [-- jest arguments]`: on a fresh clone too. Installs the npm packages when they are
 * missing, chooses Node 24 (see node-runtime.js), then build → typecheck of every file including
 * tests → lint → Jest, each on that Node. Extra arguments go to Jest (`npm test -- libs/roster`).
 */
const { chooseNode, ensurePackages, runScript } = require('./node-runtime.js');

const say = (line) => process.stdout.write(`sisbridge: ${line}\n`);

ensurePackages(say);
let node;
try {
  node = chooseNode();
} catch (error) {
  process.stderr.write(`sisbridge: ${error.message}\n`);
  process.exit(69);
}
say(`tests on Node ${node.version} (${node.source})`);
for (const step of ['build', 'typecheck:spec', 'lint']) runScript(node, step, [], say);
runScript(node, 'test:jest', process.argv.slice(2), say);
